"""Evidências: screenshots, a screen recording, the RMError files and logs of the window, and any
file the user adds by drag and drop, by pasting (files or an image) or with the file picker."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTreeWidgetItem,
)

from collector.core.kinds import Kind
from collector.core.wizard import EvidenceFile, Page
from collector.ui import files as file_ops
from collector.ui.common import RED, hint, human_size
from collector.ui.pages.base import BasePage
from collector.ui.tasks import Task, TaskFailure
from collector.ui.top_window import step_aside
from collector.ui.widgets.add_files_panel import AddFilesPanel
from collector.ui.widgets.countdown import CaptureCountdown
from collector.ui.widgets.evidence_list import EvidenceList, FileTicked
from collector.ui.widgets.recording_control import RecordingControl
from collector.ui.widgets.screen_panel import ScreenPanel

HIDE_SETTLE_MS = 150  # after hiding, before the capture (the capture itself waits a bit more)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif")


class _RecorderBridge(QObject):
    """The recorder's callbacks run on its thread: re-emitted here as queued signals."""

    finished = Signal(object)
    error = Signal(str)


class EvidencePage(BasePage):
    page_id = Page.EVIDENCE

    def __init__(self, state, services, parent=None):
        super().__init__(state, services, parent)
        self.setTitle(self.tr("Evidence"))
        self.setSubTitle(self.tr("Capture the screen, record the problem happening, and add any file: drag it "
                                 "here, paste it (Ctrl+V) or choose it. Nothing needs to be zipped."))
        self.setAcceptDrops(True)
        self._thumbs: dict[Path, QIcon] = {}
        self._tasks: set[Task] = set()
        self.recorder = None
        self._back: Callable[[], None] | None = None  # brings back our windows after a capture (step_aside)
        self.countdown: CaptureCountdown | None = None  # of a delayed screenshot
        self.control: RecordingControl | None = None
        self.bridge = _RecorderBridge()
        self.bridge.finished.connect(self._recording_finished)
        self.bridge.error.connect(self._recording_error)
        self._discovered_for: tuple | None = None
        self._build_sources()
        self._build_window_row()
        self._build_list()
        self._build_bottom()
        self._connect()

    def _build_sources(self) -> None:
        top = QHBoxLayout()
        self.screen_panel = ScreenPanel()
        self.capture_button, self.record_button = self.screen_panel.capture_button, self.screen_panel.record_button
        self.files_panel = AddFilesPanel()
        top.addWidget(self.screen_panel, 1)
        top.addWidget(self.files_panel, 1)
        self.body.addLayout(top)

    def _build_window_row(self) -> None:
        row = QHBoxLayout()
        label = QLabel(self.tr("RMError files and logs from the &last"))
        self.days = QSpinBox()
        self.days.setRange(1, 60)
        self.days.setValue(2)
        self.days.setSuffix(self.tr(" days", "", self.days.value()))
        self.days.valueChanged.connect(lambda n: self.days.setSuffix(self.tr(" days", "", n)))
        label.setBuddy(self.days)
        self.discover_state = hint()
        row.addWidget(label)
        row.addWidget(self.days)
        row.addWidget(self.discover_state, 1)
        self.body.addLayout(row)

    def _build_list(self) -> None:
        self.tree = EvidenceList()
        self.body.addWidget(self.tree, 1)

    def _build_bottom(self) -> None:
        bottom = QHBoxLayout()
        self.remove_button = QPushButton(self.tr("Re&move from the list"))
        self.remove_button.setEnabled(False)
        self.mask_box = QCheckBox(self.tr("Mask personal &data (CPF, CNPJ, e-mail) in logs — recommended"))
        self.mask_box.setChecked(True)
        self.names = QCheckBox(self.tr("Pseudonymize this computer's and my Windows user &names — recommended"))
        self.names.setChecked(True)
        self.summary = QLabel()
        self.undo_button = QPushButton(self.tr("&Undo removal"))
        self.undo_button.setToolTip(self.tr("Puts back the files just removed from the list (Ctrl+Z)"))
        self.undo_button.hide()
        self._removed: list[EvidenceFile] = []
        bottom.addWidget(self.remove_button)
        bottom.addWidget(self.undo_button)
        bottom.addStretch(1)
        bottom.addWidget(self.summary)
        self.body.addLayout(bottom)
        # the two choices on lines of their own: in one row with the buttons the page was wider than
        # a 1366x768 screen and scrolled sideways
        self.body.addWidget(self.mask_box)
        self.body.addWidget(self.names)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {RED};")
        self.error_label.hide()
        self.body.addWidget(self.error_label)

    def _connect(self) -> None:
        self.screen_panel.capture_clicked.connect(self.capture)
        self.screen_panel.record_clicked.connect(self.start_recording)
        self.screen_panel.monitors_changed.connect(self._monitors_changed)
        self.files_panel.pick_clicked.connect(self._pick)
        self.files_panel.paste_clicked.connect(self.paste)
        self.paste_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Paste), self)
        self.paste_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.paste_shortcut.activated.connect(self.paste)
        self.days.valueChanged.connect(self._days_changed)
        self.tree.ticked.connect(self._ticked)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.tree.itemActivated.connect(self._open_item)
        self.tree.delete_pressed.connect(self._remove_selected)
        self.remove_button.clicked.connect(self._remove_selected)
        self.undo_button.clicked.connect(self.undo_remove)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self).activated.connect(self.undo_remove)
        self.mask_box.toggled.connect(self._mask_changed)
        self.names.toggled.connect(self._names_changed)

    @property
    def monitors(self) -> list:
        return self.screen_panel.monitors

    # ------------------------------------------------------------------ page life

    def initializePage(self) -> None:  # noqa: N802
        self.mask_box.setChecked(self.state.mask_personal_data)
        self.names.setChecked(self.state.pseudonymize_names)
        if self.state.log_since is not None:
            days = max(1, round((datetime.now().astimezone() - self.state.log_since).total_seconds() / 86400))
            self.days.blockSignals(True)
            self.days.setValue(min(days, self.days.maximum()))
            self.days.blockSignals(False)
        if not self.monitors:
            self._run(Task(self.services.list_monitors, name="monitors"), self._monitors_listed,
                      self._monitors_failed)
        self.discover()
        missing = [e.path for e in self.state.evidence
                   if e.path not in self._thumbs and e.path.suffix.lower() in IMAGE_SUFFIXES]
        if missing:
            self._load_thumbnails(missing)
        self.refresh_table()
        self.refresh_status()

    def _run(self, task: Task, on_done, on_failed=None) -> Task:
        self._tasks.add(task)
        task.done.connect(on_done)
        task.failed.connect(on_failed or (lambda failure: self._show_error(failure.message)))
        task.finished.connect(lambda: self._tasks.discard(task))
        return task.start()

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    # ------------------------------------------------------------------ monitors

    def _monitors_listed(self, monitors: list) -> None:
        self.screen_panel.set_monitors(monitors)

    def _monitors_failed(self, failure: TaskFailure) -> None:
        self.screen_panel.set_unavailable(failure.message)

    def _monitors_changed(self, *_args) -> None:
        self.capture_button.setEnabled(bool(self.chosen_monitors()) and not self.state.recording)

    def chosen_monitors(self) -> list[int]:
        return self.screen_panel.chosen_monitors()

    # ------------------------------------------------------------------ screenshots

    def capture(self) -> None:
        if self.state.capturing or self.state.recording:
            return
        self.state.capturing = True
        self.refresh_status()
        monitors = self.screen_panel.capture_target()
        where = self.window().frameGeometry()
        self._back = step_aside()

        def shoot() -> None:
            self._run(Task(self.services.capture, monitors, name="screenshot"), self._captured, self._capture_failed)

        delay = self.screen_panel.capture_delay()
        if not delay:
            QTimer.singleShot(HIDE_SETTLE_MS, shoot)
            return
        # "Capturando a tela em 3…" while the wizard is away; it hides itself before the screenshot
        self.countdown = CaptureCountdown(delay, where)
        self.countdown.finished.connect(lambda: QTimer.singleShot(HIDE_SETTLE_MS, shoot))
        self.countdown.start()

    def _come_back(self) -> None:
        """Our windows back after a screenshot or a recording, the wizard in front (from the tray it was
        not on screen before)."""
        back, self._back = self._back, None
        if back is not None:
            back()
        window = self.window()
        window.show()
        window.raise_()
        window.activateWindow()

    def _captured(self, shots: list[EvidenceFile]) -> None:
        self.state.capturing = False
        self._come_back()
        self.state.add_evidence(shots)
        self._load_thumbnails([s.path for s in shots])
        self._show_error("")
        self.refresh_table()
        self.refresh_status()

    def _capture_failed(self, failure: TaskFailure) -> None:
        self.state.capturing = False
        self._come_back()
        self._show_error(self.tr("The screenshot failed: %1").replace("%1", failure.message))
        self.refresh_status()

    def _load_thumbnails(self, paths: list[Path]) -> None:
        def show(images: dict) -> None:
            for path, image in images.items():
                self._thumbs[path] = QIcon(QPixmap.fromImage(image))
            self.refresh_table()
        self._run(Task(file_ops.thumbnails, paths, name="thumbnails"), show, lambda *_: None)

    # ------------------------------------------------------------------ recording

    def start_recording(self) -> None:
        if self.state.recording or self.state.capturing:
            return
        monitor = self.screen_panel.record_target()
        try:
            recorder = self.services.recorder(monitor, on_progress=lambda _s: None,
                                              on_error=self.bridge.error.emit,
                                              on_finished=self.bridge.finished.emit)
        except Exception as exc:  # bad settings: say it, stay here
            self._show_error(str(exc))
            self._come_back()  # started from the tray, the wizard may not be on screen yet
            return
        self.recorder = recorder
        self.state.recording = True
        self.record_button.setEnabled(False)
        self.capture_button.setEnabled(False)
        self.refresh_status()
        self._run(Task(recorder.start, name="record-start"), self._recording_started, self._recording_start_failed)

    def _recording_started(self, _result) -> None:
        recorder = self.recorder
        if recorder is None:
            return
        self.control = RecordingControl(lambda: recorder.elapsed)
        self.control.pause_clicked.connect(recorder.pause)
        self.control.resume_clicked.connect(recorder.resume)
        self.control.stop_clicked.connect(self.stop_recording)
        self._back = step_aside()
        # the monitor the recorder really records (the user's choice, or the one showing RM): the
        # control keeps off it where Windows cannot exclude it from the capture
        shown = recorder.monitor
        self.control.start(recorded=(shown.left, shown.top, shown.width, shown.height) if shown else None)

    def _recording_start_failed(self, failure: TaskFailure) -> None:
        message = failure.message
        self.recorder = None
        self.state.recording = False
        self.record_button.setEnabled(True)
        self._monitors_changed()
        self._show_error(self.tr("The recording could not start: %1").replace("%1", message))
        self._come_back()  # started from the tray, the wizard may not be on screen yet
        self.refresh_status()

    def stop_recording(self) -> None:
        recorder = self.recorder
        if recorder is None:
            return
        if self.control is not None:
            self.control.stop.setEnabled(False)
            self.control.clock.setText(self.tr("saving…"))
            self.control.timer.stop()
        # stop() finishes the file (index at the front): off the GUI thread; on_finished reports
        self._run(Task(recorder.stop, name="record-stop"), lambda _r: None)

    def _recording_finished(self, result) -> None:
        self.recorder = None
        self.state.recording = False
        if self.control is not None:
            self.control.finish()
            self.control.deleteLater()
            self.control = None
        self._come_back()
        self.record_button.setEnabled(True)
        self._monitors_changed()
        if result is not None and getattr(result, "frames_encoded", 0) > 0 and Path(result.path).exists():
            self.state.add_evidence([EvidenceFile(path=Path(result.path), kind=Kind.RECORDING, origin="recording",
                                                  size=Path(result.path).stat().st_size)])
            if getattr(result, "error", None):
                self._show_error(self.tr("The recording stopped early: %1").replace("%1", result.error))
            else:
                self._show_error("")
        elif result is not None and getattr(result, "error", None):
            self._show_error(self.tr("The recording failed: %1").replace("%1", result.error))
        self.refresh_table()
        self.refresh_status()

    def _recording_error(self, message: str) -> None:
        self._show_error(self.tr("Recording: %1").replace("%1", message))

    # ------------------------------------------------------------------ found files

    def _days_changed(self, days: int) -> None:
        self.state.log_since = datetime.now().astimezone() - timedelta(days=days)
        self.state.invalidate_stage()
        self.discover()

    def discover(self) -> None:
        key = (self.state.root, self.days.value())
        if key == self._discovered_for or self.state.inspect_doc is None:
            return
        self._discovered_for = key
        if self.state.log_since is None:
            self.state.log_since = datetime.now().astimezone() - timedelta(days=self.days.value())
        self.state.discovering = True
        self.discover_state.setText(self.tr("looking for RMError files and logs…"))
        self._run(Task(self.services.discover, self.state, name="discover"), self._discovered,
                  self._discover_failed)

    def _discovered(self, found: list[EvidenceFile]) -> None:
        self.state.discovering = False
        self.state.set_found(found)
        n_rm = sum(1 for f in found if f.kind == Kind.RMERROR)
        n_logs = len(found) - n_rm
        self.discover_state.setText(self.tr("found: %1, %2").replace(
            "%1", self.tr("%Ln RMError files", "", n_rm)).replace("%2", self.tr("%Ln logs", "", n_logs)))
        self.refresh_table()
        self.refresh_status()

    def _discover_failed(self, failure: TaskFailure) -> None:
        message = failure.message
        self.state.discovering = False
        self._discovered_for = None
        self.discover_state.setText(self.tr("could not look for RMError files and logs: %1").replace("%1", message))

    # ------------------------------------------------------------------ adding files

    def _pick(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("Files to attach"), str(Path.home()),
                                                self.tr("Any file (*)"))
        if names:
            self.add_paths([Path(n) for n in names], "picker")

    def add_paths(self, paths: list[Path], origin: str) -> Task:
        return self._run(Task(file_ops.expand, paths, origin, name="add-files"), self._files_added)

    def _files_added(self, result) -> None:
        found, problems = result
        added = self.state.add_evidence(found)
        images = [e.path for e in added if e.path.suffix.lower() in IMAGE_SUFFIXES]
        if images:
            self._load_thumbnails(images)
        self._show_error("; ".join(problems))
        self.refresh_table()
        self.refresh_status()

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None:
            return
        paths = file_ops.local_paths(mime)
        if paths:
            self.add_paths(paths, "paste")
        elif mime.hasImage():
            image = QGuiApplication.clipboard().image()
            if not image.isNull():
                self._run(Task(file_ops.save_image, image, self.services.folder("colados"), name="paste-image"),
                          lambda ev: self._files_added(([ev], [])))
        else:
            self._show_error(self.tr("The clipboard holds no file and no image."))

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        mime = event.mimeData()
        if file_ops.local_paths(mime) or mime.hasImage():
            event.acceptProposedAction()
            self.files_panel.set_drag_over(True)
        else:
            event.ignore()

    def dragLeaveEvent(self, _event) -> None:  # noqa: N802
        self.files_panel.set_drag_over(False)

    def dropEvent(self, event) -> None:  # noqa: N802
        self.files_panel.set_drag_over(False)
        mime = event.mimeData()
        paths = file_ops.local_paths(mime)
        if paths:
            self.add_paths(paths, "drop")
        elif mime.hasImage():
            image = mime.imageData()
            self._run(Task(file_ops.save_image, image, self.services.folder("colados"), name="drop-image"),
                      lambda ev: self._files_added(([ev], [])))
        event.acceptProposedAction()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Ctrl+V reaching the page (no shortcut fired)
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
            event.accept()
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ the list

    def refresh_table(self) -> None:
        self.tree.show_files(self.state.evidence, self._thumbs)
        self._show_summary()
        self._selection_changed()

    def _show_summary(self) -> None:
        sel = [e for e in self.state.evidence if e.selected]
        self.summary.setText(self.tr("%Ln files chosen", "", len(sel)) + ", " + human_size(sum(e.size for e in sel)))

    def _ticked(self, change: FileTicked) -> None:
        self.state.set_selected(change.path, change.selected)
        self._show_summary()
        self.refresh_status()

    def _selection_changed(self) -> None:
        removable = [p for p in self.tree.selected_paths()
                     if (ev := self._evidence(p)) is not None and ev.origin != "found"]
        self.remove_button.setEnabled(bool(removable))

    def _evidence(self, path: Path) -> EvidenceFile | None:
        return next((e for e in self.state.evidence if e.path == path), None)

    def _remove_selected(self) -> None:
        removed: list[EvidenceFile] = []
        for path in self.tree.selected_paths():
            ev = self._evidence(path)
            if ev is None:
                continue
            if ev.origin == "found":  # found files are unticked, not removed (the search would bring them back)
                self.state.set_selected(ev.path, False)
            else:
                self.state.remove_evidence(ev.path)
                removed.append(ev)
        if removed:  # Delete can be undone: the files themselves were not touched
            self._removed = removed
            self.undo_button.show()
        self.refresh_table()
        self.refresh_status()

    def undo_remove(self) -> None:
        """Puts back what the last removal took out of the list."""
        if not self._removed:
            return
        self.state.add_evidence(self._removed)
        self._removed = []
        self.undo_button.hide()
        self.refresh_table()
        self.refresh_status()

    def _open_item(self, item: QTreeWidgetItem, _column: int) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.tree.path_of(item))))

    def _mask_changed(self, on: bool) -> None:
        if on != self.state.mask_personal_data:
            self.state.mask_personal_data = on
            self.state.invalidate_stage()
            if not on:
                QMessageBox.information(self, self.tr("Personal data"), self.tr(
                    "CPF, CNPJ and e-mail addresses will go to support as they are in the logs. Passwords and "
                    "other secrets are always removed."))

    def _names_changed(self, on: bool) -> None:
        if on != self.state.pseudonymize_names:
            self.state.pseudonymize_names = on
            self.state.invalidate_stage()

    def shutdown(self) -> None:
        """The window is closing: a recording in progress is finished (the file stays playable)."""
        if self.recorder is not None:
            self.recorder.stop(wait=True, timeout=10)
        if self.control is not None:
            self.control.finish()
        if self.countdown is not None:
            self.countdown.timer.stop()
            self.countdown.hide()
