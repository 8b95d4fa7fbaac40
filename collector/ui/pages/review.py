"""Revisão: the completeness meter, every file with its size and redactions, previews with the
redacted spans marked, exclusions, covered areas of screenshots, the total, and the consent."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import (
    QBrush,
    QColor,
    QDesktopServices,
    QImage,
    QPixmap,
    QTextCharFormat,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from collector.bundle.ticket import format_when
from collector.core.checklist import TOPOLOGY_LABELS, UNKNOWN_LABEL
from collector.core.kinds import Kind
from collector.core.progress import Progress
from collector.core.wizard import Mode, Page
from collector.ui import i18n
from collector.ui.common import AMBER, GREEN, RED, checklist_label, hint, human_size, kind_label, state_icon
from collector.ui.pages.base import BasePage
from collector.ui.tasks import Task, TaskFailure
from collector.ui.widgets.cover_editor import CoverEditor, covered_png
from collector.ui.widgets.names_first import NamesFirst
from collector.ui.widgets.top_share_splitter import TopShareSplitter

PAGE_OF_ITEM = {"title": Page.DESCRIPTION, "process": Page.DESCRIPTION, "expected": Page.DESCRIPTION,
                "particularities": Page.DESCRIPTION, "since": Page.DESCRIPTION, "users": Page.DESCRIPTION,
                "version": Page.ENVIRONMENT, "database": Page.ENVIRONMENT, "topology": Page.ENVIRONMENT,
                "cloud": Page.ENVIRONMENT, "coligada": Page.ENVIRONMENT, "evidence": Page.EVIDENCE}


MIN_CHECKLIST_ROWS = 4  # the checklist never shorter than this: it scrolls inside itself below
MIN_FILE_ROWS = 4  # nor the file list


class ReviewPage(BasePage):
    page_id = Page.REVIEW

    def __init__(self, state, services, parent=None):
        super().__init__(state, services, parent)
        self.setTitle(self.tr("Review"))
        self.setSubTitle(self.tr("Check what support will receive. Passwords and secrets were removed; exclude "
                                 "anything you do not want to send."))
        self._task: Task | None = None
        self._preview_task: Task | None = None
        self._loading = False

        # the checklist over the files: the checklist up to all its rows, the files and preview the rest
        self.split = splitter = TopShareSplitter()
        self.body.addWidget(splitter, 1)
        splitter.addWidget(self._build_meter())
        files = QSplitter(Qt.Orientation.Horizontal)
        files.addWidget(self._build_file_list())
        files.addWidget(self._build_preview())
        files.setStretchFactor(0, 3)
        files.setStretchFactor(1, 2)
        splitter.addWidget(files)
        splitter.setCollapsible(0, False)
        splitter.setCollapsible(1, False)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        files.setSizes([600, 340])

        # outside the scrolled part, over the status line: always in sight, whatever the screen (at 150 %
        # on 1366x768 it was scrolled away while the status line asked to tick it)
        self.consent = QCheckBox(self.tr("I &reviewed the content and I am authorized to send it"))
        self._outer.insertWidget(self._outer.indexOf(self.status), self.consent)
        self._connect()

    def _build_meter(self) -> QWidget:
        """The checklist meter, its items, and what blocks sending."""
        meter = QWidget()
        mlay = self._meter_layout = QVBoxLayout(meter)
        mlay.setContentsMargins(0, 0, 0, 0)
        mlay.setSizeConstraint(QLayout.SizeConstraint.SetMinAndMaxSize)  # as tall as its rows, no taller
        row = QHBoxLayout()
        self.meter_label = QLabel(self.tr("Checklist of the support guide:"))
        self.meter_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.meter = QProgressBar()
        self.meter.setRange(0, 100)
        self.meter.setFormat(self.tr("%p% complete"))
        row.addWidget(self.meter_label)
        row.addWidget(self.meter, 1)
        mlay.addLayout(row)
        self.items = QTreeWidget()
        self.items.setColumnCount(2)
        self.items.setHeaderLabels([self.tr("Item"), self.tr("Value")])
        self.items.setRootIsDecorated(False)
        self.items.setAccessibleName(self.tr("Checklist items"))
        self.items.setToolTip(self.tr("Double-click an item to go to the page where it is filled in"))
        header = self.items.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.items.setUniformRowHeights(True)
        mlay.addWidget(self.items)
        self.blocking = QLabel()
        self.blocking.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)  # no room under it
        self.blocking.setWordWrap(True)
        self.blocking.setStyleSheet(f"color: {RED}; font-weight: bold;")
        mlay.addWidget(self.blocking)
        return meter

    def _build_file_list(self) -> QWidget:
        """The staged files (untick to leave one out), with the preparation's progress."""
        left = QWidget()
        llay = QVBoxLayout(left)
        llay.setContentsMargins(0, 0, 0, 0)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress_label = hint()
        self.retry_button = QPushButton(self.tr("&Prepare again"))
        self.retry_button.hide()
        llay.addWidget(self.progress)
        llay.addWidget(self.progress_label)
        llay.addWidget(self.retry_button)
        self.files = QTreeWidget()
        self.files.setColumnCount(5)
        self.files.setHeaderLabels([self.tr("File"), self.tr("Type"), self.tr("Size"), self.tr("Redacted"),
                                    self.tr("Warning")])
        self.files.setRootIsDecorated(False)
        self.files.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.files.setAccessibleName(self.tr("Files to send"))
        self.files.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.files.setUniformRowHeights(True)
        # the file name gets the room; the other columns as wide as what they hold (the warning column,
        # when shown at all, too: a fixed width left names cut in the middle beside an empty "Aviso"),
        # the type giving way while the names do not fit
        self.file_columns = NamesFirst(self.files, name_column=0, yielding_column=1)
        self.files.setMinimumHeight(self._rows_height(self.files, MIN_FILE_ROWS))
        llay.addWidget(self.files, 1)
        self.total = QLabel()
        llay.addWidget(self.total)
        return left

    def _build_preview(self) -> QWidget:
        """The selected file as it will be sent (text with the masks, or the picture)."""
        right = QWidget()
        rlay = QVBoxLayout(right)
        rlay.setContentsMargins(0, 0, 0, 0)
        self.preview_title = QLabel(self.tr("Preview"))
        self.preview_title.setWordWrap(True)
        rlay.addWidget(self.preview_title)
        self.preview_stack = QStackedWidget()
        self.preview_text = QPlainTextEdit()
        self.preview_text.setReadOnly(True)
        # long lines wrap, between words only, so a mask is never split across lines (issue 16)
        self.preview_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.preview_text.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        self.preview_text.setAccessibleName(self.tr("Preview of the file as it will be sent"))
        font = self.preview_text.font()
        font.setFamily("monospace")
        font.setStyleHint(font.StyleHint.Monospace)
        self.preview_text.setFont(font)
        self.preview_image = QLabel()
        self.preview_image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_image.setMinimumSize(200, 120)
        self.preview_none = QLabel(self.tr("Select a file to see it as it will be sent."))
        self.preview_none.setWordWrap(True)
        self.preview_none.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_video = self._build_video_preview()
        for w in (self.preview_none, self.preview_text, self.preview_image, self.preview_video):
            self.preview_stack.addWidget(w)
        rlay.addWidget(self.preview_stack, 1)
        jump = QHBoxLayout()
        self.prev_mask = QPushButton(self.tr("◀ Previous masked"))
        self.next_mask = QPushButton(self.tr("Next masked ▶"))
        for button, step in ((self.prev_mask, -1), (self.next_mask, 1)):
            button.setEnabled(False)
            button.clicked.connect(lambda _checked=False, s=step: self.jump_to_mask(s))
            jump.addWidget(button)
        jump.addStretch(1)
        rlay.addLayout(jump)
        self._mask_spans: list[tuple[int, int]] = []
        self._mask_index = -1
        self.cover_button = QPushButton(self.tr("&Cover areas…"))
        self.cover_button.setToolTip(self.tr("Fill parts of the screenshot with solid black"))
        self.cover_button.hide()
        rlay.addWidget(self.cover_button)
        return right

    def _build_video_preview(self) -> QWidget:
        """A recording: a strip of pictures from it and a button that plays it in the system's player."""
        video = QWidget()
        vlay = QVBoxLayout(video)
        vlay.setContentsMargins(0, 0, 0, 0)
        self.video_note = hint()
        self.video_note.setWordWrap(True)
        vlay.addWidget(self.video_note)
        # two pictures a row, in a scroll area: the strip never widens the preview on a small screen
        self.video_strip = QGridLayout()
        self.video_strip.setSpacing(6)
        strip = QWidget()
        strip.setLayout(self.video_strip)
        scroller = QScrollArea()
        scroller.setWidget(strip)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        vlay.addWidget(scroller, 1)
        self.play_button = QPushButton(self.tr("P&lay"))
        self.play_button.setToolTip(self.tr("Opens the recording in the computer's video player"))
        self.play_button.clicked.connect(self._play)
        row = QHBoxLayout()
        row.addWidget(self.play_button)
        row.addStretch(1)
        vlay.addLayout(row)
        self._video_path: Path | None = None
        return video

    def _connect(self) -> None:
        self.items.itemActivated.connect(self._goto_item)
        self.files.itemChanged.connect(self._file_toggled)
        self.files.currentItemChanged.connect(self._file_selected)
        self.cover_button.clicked.connect(self._cover)
        self.retry_button.clicked.connect(self.start_staging)
        self.consent.toggled.connect(self._consent_toggled)

    @property
    def stage(self):
        return self.state.review.stage

    @stage.setter
    def stage(self, value) -> None:
        self.state.review.stage = value

    # ------------------------------------------------------------------ page life

    def initializePage(self) -> None:  # noqa: N802
        self.refresh_meter()
        self.consent.blockSignals(True)
        self.consent.setChecked(self.state.review.consent)
        self.consent.blockSignals(False)
        if not self.state.review.staged and not self.state.review.staging:
            self.start_staging()
        elif self.state.review.staged and self.files.topLevelItemCount() == 0:
            self.progress.hide()
            self.progress_label.hide()
            self.refresh_files()
        self.refresh_status()

    def refresh_meter(self) -> None:
        completeness = self.state.completeness()
        self.meter.setValue(round(completeness.ratio * 100))
        required = self.state.required_keys()
        self.items.clear()
        for item in completeness.items:
            value = self._value_in_ui(item)
            row = QTreeWidgetItem([checklist_label(item.key, item.label) + ("" if item.required else
                                                                           " " + self.tr("(optional)")),
                                   value.replace("\n", " ⏎ ") if value else ""])
            is_required = item.key in required
            row.setIcon(0, state_icon(item.state, is_required))
            row.setData(0, Qt.ItemDataRole.UserRole, item.key)
            if item.state == "missing":
                row.setText(1, self.tr("missing") if is_required else self.tr("not informed"))
                row.setForeground(1, QBrush(QColor(RED if is_required else AMBER)))
            tip = item.value
            if item.source:
                tip += ("\n" if tip else "") + self.tr("Where it came from: %1").replace("%1", item.source)
            row.setToolTip(0, tip)
            row.setToolTip(1, tip)
            self.items.addTopLevelItem(row)
        missing = self.state.missing_required()
        if missing:
            names = ", ".join(checklist_label(i.key, i.label) for i in missing)
            self.blocking.setText(self.tr("Required before sending: %1. Double-click an item to fill it in.")
                                  .replace("%1", names))
            self.blocking.show()
        else:
            self.blocking.hide()
        if self.state.mode == Mode.COMPLEMENT:
            self.meter_label.setText(self.tr("Checklist (a complement only needs the ticket number):"))
        else:
            self.meter_label.setText(self.tr("Checklist of the support guide:"))
        self._fit_items()

    def _value_in_ui(self, item) -> str:
        """The checklist value in the UI language: the core's is the ticket's Portuguese ("Todos os
        usuários", "1 captura de tela"); what the user typed or the collector read stays as it is."""
        a, value = self.state.answers, item.value
        if value == UNKNOWN_LABEL:
            return self.tr("doesn't know")
        if item.key == "topology":
            return {TOPOLOGY_LABELS["three-tier"]: self.tr("Three-tier"),
                    TOPOLOGY_LABELS["local"]: self.tr("Local (two-tier)")}.get(value, value)
        if item.key == "users":
            return {"one": self.tr("Only one user"), "some": self.tr("Some users"),
                    "all": self.tr("All users")}.get(a.users_affected, value)
        if item.key == "cloud" and value:
            if value == "Não":
                return self.tr("No")
            test = self.tr(" — Test environment: %1").replace("%1", a.cloud_test_env) if a.cloud_test_env else ""
            return self.tr("Yes") + test
        if item.key == "evidence":
            counts = self.state.evidence_counts().counts
            words = {Kind.SCREENSHOTS: lambda n: self.tr("%Ln screenshots", "", n),
                     Kind.RECORDING: lambda n: self.tr("%Ln recordings", "", n),
                     Kind.RMERROR: lambda n: self.tr("%Ln RMError files", "", n),
                     Kind.LOGS: lambda n: self.tr("%Ln logs", "", n),
                     Kind.PORTAL_LOGS: lambda n: self.tr("%Ln portal logs", "", n),
                     Kind.ATTACHMENTS: lambda n: self.tr("%Ln attachments", "", n)}
            return ", ".join(words[k](n) if k in words else f"{n} {k}" for k, n in counts.items() if n)
        if item.key == "since" and a.since:
            text = format_when(a.since)
            if a.since_after_update and (a.version_before or a.version_after):
                text += " " + self.tr("(after the update %1 → %2)").replace("%1", a.version_before or "?").replace(
                    "%2", a.version_after or "?")
            return text
        return value

    @staticmethod
    def _rows_height(tree: QTreeWidget, rows: int) -> int:
        """The height that shows ``rows`` rows of ``tree`` with its header."""
        row = max(tree.sizeHintForRow(0), tree.fontMetrics().height() + 4)
        header = tree.header().sizeHint().height() if not tree.isHeaderHidden() else 0
        return rows * row + header + 2 * tree.frameWidth() + 2

    def _fit_items(self) -> None:
        """The checklist is at most as tall as its items — at 1366x768 every one, "Usuários afetados"
        included, shows without scrolling (issue 16) — and at least a few rows: on a smaller screen it
        scrolls inside itself and the files below keep their room (at 150 % on 1366x768 the checklist
        took the whole page and the file list shrank to a sliver)."""
        rows = self.items.topLevelItemCount()
        if not rows:
            return
        self.items.setMaximumHeight(self._rows_height(self.items, rows))
        self.items.setMinimumHeight(self._rows_height(self.items, min(rows, MIN_CHECKLIST_ROWS)))
        self._meter_layout.activate()
        self.split.share_height()

    def _goto_item(self, row: QTreeWidgetItem, _column: int) -> None:
        target = PAGE_OF_ITEM.get(row.data(0, Qt.ItemDataRole.UserRole))
        wizard = self.wizard()
        if target is None or wizard is None:
            return
        while wizard.currentId() > int(target):
            before = wizard.currentId()
            wizard.back()
            if wizard.currentId() == before:
                break

    # ------------------------------------------------------------------ staging

    def start_staging(self) -> None:
        if self.stage is not None:
            old, self.stage = self.stage, None
            Task(old.discard, name="discard-stage").start()
        self.state.review.staging = True
        self.state.review.stage_error = ""
        self.retry_button.hide()
        self.files.clear()
        self.total.clear()
        self.progress.setRange(0, 0)
        self.progress.show()
        self.progress_label.setText(self.tr("Preparing the files: looking for them, copying and removing "
                                            "secrets…"))
        self.progress_label.show()
        self.refresh_status()
        task = Task(self.services.stage, self.state, name="stage")
        task.progress.connect(self._staging_progress)
        task.done.connect(self._staged)
        task.failed.connect(self._stage_failed)
        self._task = task.start()

    def _staging_progress(self, report: Progress) -> None:
        if report.total:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(report.fraction * 1000))
        label = {"probes": self.tr("Looking for files"), "files": self.tr("Copying and removing secrets"),
                 "zip": self.tr("Writing the bundle")}.get(report.phase, report.phase)
        self.progress_label.setText(f"{label}… {Path(report.current).name if report.current else ''}")

    def _left_out_reason(self, entry: dict) -> str:
        """Why a file was left out. The collector's reason is Portuguese (the manifest and the ticket
        carry it as is, with its details); in another language the kind of reason is said in it."""
        reason = str(entry.get("skipped") or "?")
        if i18n.current().startswith("pt"):
            return reason
        return {
            "optin": self.tr("IntelliTrace: included only when asked for"),
            "too_large": self.tr("larger than the limit"),
            "binary": self.tr("not a text file"),
            "cap": self.tr("over the bundle's limit for logs"),
            "unavailable": self.tr("not available"),
            "unreadable": self.tr("could not be read"),
            "error": self.tr("unexpected error"),
        }.get(str(entry.get("status") or ""), reason)

    def _staged(self, stage) -> None:
        self.stage = stage
        self.state.review.staging = False
        self.state.review.staged = True
        self.state.review.excluded = {i.path for i in stage.items if i.excluded}
        self.progress.hide()
        if stage.skipped:  # each left-out file named, with its reason (issue 16)
            named = [f"{Path(str(e.get('path') or e.get('source') or '?')).name} ({self._left_out_reason(e)})"
                     for e in stage.skipped]
            shown = "; ".join(named[:3]) + ("; …" if len(named) > 3 else "")
            self.progress_label.setText(self.tr("Left out: %1").replace("%1", shown))
            self.progress_label.setToolTip("\n".join(named))
        else:
            self.progress_label.hide()
        self.refresh_files()
        self.refresh_status()

    def _stage_failed(self, failure: TaskFailure) -> None:
        message = failure.message
        self.state.review.staging = False
        self.state.review.stage_error = message
        self.progress.hide()
        self.progress_label.setText(self.tr("Preparing the files failed: %1").replace("%1", message))
        self.progress_label.show()
        self.retry_button.show()
        self.refresh_status()

    # ------------------------------------------------------------------ the files

    def refresh_files(self) -> None:
        if self.stage is None:
            return
        self._loading = True
        try:
            chosen = self.files.currentItem()
            current = chosen.data(0, Qt.ItemDataRole.UserRole) if chosen is not None else None
            self.files.clear()
            for item in self.stage.items:
                redactions = item.redaction_count
                warning = item.warning or ""
                short = (self.tr("sensitive data?") if item.findings else self.tr("see note")) if warning else ""
                row = QTreeWidgetItem([Path(item.path).name, kind_label(item.kind), human_size(item.size),
                                       str(redactions) if redactions else "—", short])
                row.setData(0, Qt.ItemDataRole.UserRole, item.path)
                row.setToolTip(0, item.path + (f"\n{item.note}" if item.note else ""))
                row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                row.setCheckState(0, Qt.CheckState.Unchecked if item.path in self.state.review.excluded
                                  else Qt.CheckState.Checked)
                row.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                row.setTextAlignment(3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if item.redactions:
                    row.setToolTip(3, ", ".join(f"{rule}: {n}" for rule, n in sorted(item.redactions.items())))
                if warning:
                    row.setForeground(4, QBrush(QColor(AMBER)))
                    row.setIcon(4, self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
                    row.setToolTip(4, warning + (
                        "\n" + ", ".join(f"{k}: {v}" for k, v in item.findings.items()) if item.findings else ""))
                if item.path in self.state.review.covers:
                    row.setText(4, (short + " · " if short else "") + self.tr("areas covered"))
                self.files.addTopLevelItem(row)
                if item.path == current:
                    self.files.setCurrentItem(row)
        finally:
            self._loading = False
        # the warning column only when something is flagged: the file names get the room otherwise
        flagged = any(i.warning for i in self.stage.items) or bool(self.state.review.covers)
        self.files.setColumnHidden(4, not flagged)
        self.file_columns.fit()
        self.refresh_total()

    def refresh_total(self) -> None:
        if self.stage is None:
            return
        chosen = [i for i in self.stage.items if i.path not in self.state.review.excluded]
        redacted = sum(i.redaction_count for i in chosen)
        files = self.tr("%Ln files", "", len(chosen)) + ", " + self.tr("%1 in total").replace(
            "%1", human_size(sum(i.size for i in chosen)))
        self.total.setText(f"<b>{html.escape(files)}</b> · " + html.escape(self.tr("%Ln values masked", "", redacted)))

    def _file_toggled(self, row: QTreeWidgetItem, column: int) -> None:
        if self._loading or column != 0:
            return
        self.state.review.set_excluded(row.data(0, Qt.ItemDataRole.UserRole), row.checkState(0) != Qt.CheckState.Checked)
        self.refresh_total()

    def _file_selected(self, row: QTreeWidgetItem | None, _previous=None) -> None:
        self.cover_button.hide()
        if row is None or self.stage is None:
            self.preview_stack.setCurrentWidget(self.preview_none)
            return
        arcname = row.data(0, Qt.ItemDataRole.UserRole)
        item = self.stage.item(arcname)
        title = f"<b>{html.escape(arcname)}</b>"
        if item.warning:
            found = ", ".join(f"{k}: {v}" for k, v in sorted(item.findings.items()))
            title += (f"<br><span style='color:{AMBER}'>⚠ {html.escape(item.warning)}"
                      + (f" ({html.escape(found)})" if found else "") + "</span>")
        self.preview_title.setText(title)
        self._title_html = title
        suffix = Path(arcname).suffix.lower()
        if item.kind == Kind.SCREENSHOTS or suffix in (".png", ".jpg", ".jpeg", ".bmp", ".gif"):
            self._preview_image(arcname)
            self.cover_button.setVisible(suffix == ".png" or item.kind == Kind.SCREENSHOTS)
        elif item.kind == Kind.RECORDING or suffix in (".mp4", ".webm"):
            self._preview_recording(arcname)
        elif self.services.is_text(arcname, item.kind):
            task = Task(self.services.preview, self.stage, arcname, name="preview")
            task.done.connect(lambda result, a=arcname: self._show_text(a, result))
            task.failed.connect(lambda failure: self._show_none(failure.message))
            self._preview_task = task.start()
        else:
            self._show_none(self.tr("No preview for this type of file; it is sent as it is."))

    def _preview_recording(self, arcname: str) -> None:
        """The strip of pictures, decoded off the GUI thread; the play button at once."""
        assert self.stage is not None
        self._video_path = self.stage.file_path(arcname)
        while self.video_strip.count():
            taken = self.video_strip.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        self.video_note.setText(self.tr("Reading pictures from the recording…"))
        self.preview_stack.setCurrentWidget(self.preview_video)
        for button in (self.prev_mask, self.next_mask):
            button.hide()  # nothing is masked in a video
        task = Task(self.services.recording_stills, self._video_path, name="recording-stills")
        task.done.connect(lambda stills, a=arcname: self._show_stills(a, stills))
        task.failed.connect(lambda failure: self.video_note.setText(failure.message))
        self._preview_task = task.start()

    def _show_stills(self, arcname: str, stills: list) -> None:
        current = self.files.currentItem()
        if current is None or current.data(0, Qt.ItemDataRole.UserRole) != arcname:
            return
        for i, still in enumerate(stills):
            image = QImage(still.rgb, still.width, still.height, still.width * 3, QImage.Format.Format_RGB888)
            picture = QLabel()
            picture.setPixmap(QPixmap.fromImage(image.copy()))  # the copy owns its pixels
            minutes, seconds = divmod(int(still.seconds), 60)
            picture.setToolTip(f"{minutes}:{seconds:02d}")
            self.video_strip.addWidget(picture, i // 2, i % 2)
        self.video_note.setText(self.tr("Pictures from the recording, from start to end. It is sent as it is.")
                                if stills else self.tr("No picture could be read from the recording; it can "
                                                       "still be played."))

    def _play(self) -> None:
        if self._video_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._video_path)))

    def jump_to_mask(self, step: int) -> None:
        """Selects the next (``step`` 1) or previous (-1) masked span of the preview, wrapping around."""
        if not self._mask_spans:
            return
        self._mask_index = (self._mask_index + step) % len(self._mask_spans)
        start, end = self._mask_spans[self._mask_index]
        cursor = QTextCursor(self.preview_text.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.preview_text.setTextCursor(cursor)
        self.preview_text.ensureCursorVisible()

    def _show_none(self, message: str) -> None:
        self.preview_none.setText(message)
        self.preview_stack.setCurrentWidget(self.preview_none)

    def _show_text(self, arcname: str, result) -> None:
        current = self.files.currentItem()
        if current is None or current.data(0, Qt.ItemDataRole.UserRole) != arcname:
            return
        for button in (self.prev_mask, self.next_mask):
            button.show()
        text, spans, truncated = result
        self.preview_text.setPlainText(text)
        selections = []
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#ffe082"))
        fmt.setForeground(QColor("#4e342e"))
        doc = self.preview_text.document()
        for start, end, _rule in spans[:5000]:
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(doc)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor
            sel.format = fmt
            selections.append(sel)
        self.preview_text.setExtraSelections(selections)
        self._mask_spans = [(start, end) for start, end, _rule in spans]
        self._mask_index = -1
        for button in (self.prev_mask, self.next_mask):
            button.setEnabled(bool(self._mask_spans))
        if self._mask_spans:
            self.jump_to_mask(1)  # straight to the first masked span
        info = self.tr("%Ln hidden spans highlighted", "", len(spans))
        if self.stage is not None and self.stage.item(arcname).kind == Kind.ATTACHMENTS:
            info = self.tr("sent as you gave it: nothing in it was changed")
        if truncated:
            info += " · " + self.tr("only the beginning is shown")
        self.preview_title.setText(f"{getattr(self, '_title_html', '')}<br><span style='color:{GREEN}'>{info}</span>")
        self.preview_stack.setCurrentWidget(self.preview_text)

    def _preview_image(self, arcname: str) -> None:
        path = self.stage.file_path(arcname)

        def load() -> QImage:
            return QImage(str(path)).scaled(800, 450, Qt.AspectRatioMode.KeepAspectRatio,
                                            Qt.TransformationMode.SmoothTransformation)

        def show(image: QImage) -> None:
            current = self.files.currentItem()
            if current is None or current.data(0, Qt.ItemDataRole.UserRole) != arcname:
                return
            pix = QPixmap.fromImage(image)
            self.preview_image.setPixmap(pix.scaled(self.preview_stack.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                                    Qt.TransformationMode.SmoothTransformation))
            self.preview_stack.setCurrentWidget(self.preview_image)

        task = Task(load, name="preview-image")
        task.done.connect(show)
        task.failed.connect(lambda failure: self._show_none(failure.message))
        self._preview_task = task.start()

    def _cover(self) -> None:
        row = self.files.currentItem()
        if row is None or self.stage is None:
            return
        arcname = row.data(0, Qt.ItemDataRole.UserRole)
        item = self.stage.item(arcname)
        original = Path(item.source) if item.source and Path(item.source).exists() else self.stage.file_path(arcname)
        image = QImage(str(original))
        if image.isNull():
            return
        editor = CoverEditor(image, Path(arcname).name, self.state.review.covers.get(arcname), self)
        if editor.exec() != CoverEditor.DialogCode.Accepted:
            return
        self.apply_covers(arcname, editor.rects)

    def apply_covers(self, arcname: str, rects) -> Task:
        """Fills ``rects`` on the staged copy (from the original, so removing an area undoes it)."""
        item = self.stage.item(arcname)
        original = Path(item.source) if item.source and Path(item.source).exists() else self.stage.file_path(arcname)
        self.state.review.clear_covers(arcname)
        for rect in rects:
            self.state.review.add_cover(arcname, rect)
        stage = self.stage
        chosen = list(self.state.review.covers.get(arcname, []))

        def work() -> None:
            self.services.replace_content(stage, arcname, covered_png(original, chosen))

        def covered(_result: object) -> None:
            self.refresh_files()
            self._file_selected(self.files.currentItem())

        task = Task(work, name="cover")
        task.done.connect(covered)
        task.failed.connect(lambda failure: self._show_none(failure.message))
        self._task = task.start()
        return task

    # ------------------------------------------------------------------ consent

    def _consent_toggled(self, on: bool) -> None:
        self.state.review.give_consent(on)
        self.refresh_status()

    def refresh_status(self) -> None:
        super().refresh_status()
