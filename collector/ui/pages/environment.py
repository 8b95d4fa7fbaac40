"""Ambiente: what inspect found, each fact with where it came from, editable; the rest is asked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QWidget,
)

from collector.core.checklist import DB_LABELS, PRODUCT_LABELS, TOPOLOGY_LABELS, UNKNOWN
from collector.core.wizard import Page
from collector.ui.common import AMBER, GREEN, GREY, RED, hint
from collector.ui.pages.base import BasePage
from collector.ui.tasks import Task, TaskFailure

STATE_COLORS = {"detected": GREEN, "answered": GREEN, "missing": RED, "not_applicable": GREY}


class EnvironmentPage(BasePage):
    page_id = Page.ENVIRONMENT

    def __init__(self, state, services, parent=None):
        super().__init__(state, services, parent)
        self.setTitle(self.tr("Environment"))
        self.setSubTitle(self.tr("What the collector found on this computer. Correct anything that is wrong "
                                 "and fill in what could not be detected."))
        self._task: Task | None = None
        self._loading = False
        self._build_installation_row()
        self._build_status()
        self._build_facts()
        self._connect()

    def _build_installation_row(self) -> None:
        top = QHBoxLayout()
        self.install_label = QLabel(self.tr("&Installation:"))
        self.install_combo = QComboBox()
        self.install_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.install_combo.setMinimumContentsLength(30)
        self.install_label.setBuddy(self.install_combo)
        self.browse = QPushButton(self.tr("&Look in a folder…"))
        self.browse.setToolTip(self.tr("Point at the RM installation folder (the one holding RM.exe)"))
        top.addWidget(self.install_label)
        top.addWidget(self.install_combo, 1)
        top.addWidget(self.browse)
        self.body.addLayout(top)

    def _build_status(self) -> None:
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(True)
        self.busy.setFormat(self.tr("Detecting the RM installation…"))
        self.busy.setMaximumHeight(18)
        self.body.addWidget(self.busy)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {RED};")
        self.problem.hide()
        self.body.addWidget(self.problem)

    def _build_facts(self) -> None:
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        self.sources: dict[str, QLabel] = {}
        row = 0

        def add(key: str, text: str, editor: QWidget) -> QLabel:
            nonlocal row
            label = QLabel(text)
            label.setBuddy(editor)
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(editor, row, 1)
            source = hint()
            self.sources[key] = source
            grid.addWidget(source, row + 1, 1)
            row += 2
            return label

        self.product = QComboBox()
        self.product.addItem(self.tr("— choose —"), "")
        self.product.addItem(self.tr("RM (desktop application)"), "rm")
        self.product.addItem(self.tr("Meu RH (FrameHTML)"), "meurh")
        self.product.addItem(self.tr("Portal (Corpore.Net / Portal Educacional)"), "portal")
        assert set(PRODUCT_LABELS) == {"rm", "meurh", "portal"}
        add("product", self.tr("Problem &happens in:"), self.product)
        self.product.setToolTip(self.tr("Meu RH and the portals keep their own logs: the collector takes them too"))
        self.sources["product"].hide()  # nothing is detected here; the tooltip says why it matters

        self.version = QComboBox()
        self.version.setEditable(True)
        self.version.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        editor = self.version.lineEdit()
        assert editor is not None  # an editable combo box has one
        editor.setPlaceholderText(self.tr("e.g. 12.1.2406.145 (menu Ambiente | Sobre | Mais Info)"))
        add("version", self.tr("System &version:"), self.version)

        self.database = QComboBox()
        self.database.addItem(self.tr("— choose —"), "")
        for key, label in DB_LABELS.items():
            self.database.addItem(label, key)
        self.database.addItem(self.tr("I don't know"), UNKNOWN)
        add("database", self.tr("&Database:"), self.database)

        self.topology = QComboBox()
        self.topology.addItem(self.tr("— choose —"), "")
        self.topology.addItem(self.tr("Three-tier (application server)"), "three-tier")
        self.topology.addItem(self.tr("Local (two-tier)"), "local")
        self.topology.addItem(self.tr("I don't know"), UNKNOWN)
        assert set(TOPOLOGY_LABELS) == {"three-tier", "local"}
        add("topology", self.tr("&Topology:"), self.topology)

        self.db_server = QLineEdit()
        self.db_server.setPlaceholderText(self.tr("server\\instance or host/service"))
        add("db_server", self.tr("Database &server:"), self.db_server)

        self.app_server = QLineEdit()
        self.app_server.setPlaceholderText(self.tr("host:port (three-tier only)"))
        add("app_server", self.tr("&Application server:"), self.app_server)
        self._build_cloud(add)
        self._build_coligada(add)
        self._build_tracklog(grid, row)
        self.body.addLayout(grid)
        self.body.addStretch(1)

    def _build_cloud(self, add: Callable[[str, str, QWidget], QLabel]) -> None:
        cloud_row = QWidget()
        cloud_layout = QHBoxLayout(cloud_row)
        cloud_layout.setContentsMargins(0, 0, 0, 0)
        # a question with two answers: an unticked box would read as "no" when the user never answered
        self.cloud = QRadioButton(self.tr("&Yes"))
        self.cloud_no = QRadioButton(self.tr("N&o"))
        self.cloud_group = QButtonGroup(self)
        self.cloud_group.addButton(self.cloud)
        self.cloud_group.addButton(self.cloud_no)
        self.cloud_test = QLineEdit()
        self.cloud_test.setPlaceholderText(self.tr("Test environment data (address, alias, user)"))
        self.cloud_test.setAccessibleName(self.tr("TOTVS Cloud test environment data"))
        cloud_layout.addWidget(self.cloud)
        cloud_layout.addWidget(self.cloud_no)
        cloud_layout.addWidget(self.cloud_test, 1)
        add("cloud", self.tr("Runs on TOTVS Cloud?"), cloud_row).setBuddy(self.cloud)

    def _build_coligada(self, add: Callable[[str, str, QWidget], QLabel]) -> None:
        col_row = QWidget()
        col_layout = QHBoxLayout(col_row)
        col_layout.setContentsMargins(0, 0, 0, 0)
        self.coligada = QLineEdit()
        self.coligada.setPlaceholderText(self.tr("code or name"))
        self.coligada.setAccessibleName(self.tr("Coligada"))
        self.filial = QLineEdit()
        self.filial.setPlaceholderText(self.tr("code or name"))
        self.filial.setAccessibleName(self.tr("Filial"))
        filial_label = QLabel(self.tr("&Filial:"))
        filial_label.setBuddy(self.filial)
        col_layout.addWidget(self.coligada, 1)
        col_layout.addWidget(filial_label)
        col_layout.addWidget(self.filial, 1)
        self.coligada_label = add("coligada", self.tr("C&oligada:"), col_row)
        self.coligada_label.setBuddy(self.coligada)

    def _build_tracklog(self, grid: QGridLayout, row: int) -> None:
        """What the installation's TRACKLOG settings say, and its parts (shown, not edited)."""
        self.tracklog = QLabel()
        self.tracklog.setWordWrap(True)
        self.tracklog.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        tracklog_title = QLabel(self.tr("TRACKLOG:"))
        grid.addWidget(tracklog_title, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.tracklog, row, 1)
        self.parts = hint()
        self.parts.setWordWrap(True)
        grid.addWidget(self.parts, row + 1, 1)

    def _connect(self) -> None:
        self.install_combo.currentIndexChanged.connect(self._installation_chosen)
        self.browse.clicked.connect(self._browse)
        self.product.currentIndexChanged.connect(lambda _i: self._set("product", self.product.currentData()))
        self.version.editTextChanged.connect(lambda t: self._set("version", t.strip()))
        self.database.currentIndexChanged.connect(lambda _i: self._set("database", self.database.currentData()))
        self.topology.currentIndexChanged.connect(lambda _i: self._set("topology", self.topology.currentData()))
        self.db_server.textEdited.connect(lambda t: self._set("db_server", t.strip()))
        self.app_server.textEdited.connect(lambda t: self._set("app_server", t.strip()))
        self.cloud.toggled.connect(self._cloud_toggled)
        self.cloud_no.toggled.connect(self._cloud_no_toggled)
        self.cloud_test.textEdited.connect(lambda t: self._set("cloud_test_env", t.strip()))
        self.coligada.textEdited.connect(lambda t: self._set("coligada", t.strip()))
        self.filial.textEdited.connect(lambda t: self._set("filial", t.strip()))

    # ------------------------------------------------------------------ detection

    def initializePage(self) -> None:  # noqa: N802
        if self.state.inspect_doc is None and not self.state.inspecting:
            self.start_inspection()
        elif not self.state.inspecting:  # detected before (a page rebuilt by the language switch)
            self._finish_detection()
        else:
            self.load()

    def start_inspection(self, extra_roots: list[Path] | None = None) -> None:
        self.state.inspecting = True
        self.busy.show()
        self.problem.hide()
        self.browse.setEnabled(False)
        self.refresh_status()
        task = Task(self.services.inspect, extra_roots, name="inspect")
        task.done.connect(lambda doc: self._inspected(doc, extra_roots))
        task.failed.connect(self._inspect_failed)
        self._task = task.start()

    def _inspected(self, doc: dict, extra_roots: list[Path] | None) -> None:
        root = None
        if extra_roots:
            wanted = str(extra_roots[0])
            root = next((r for r in (i.get("root") for i in doc.get("installations") or [])
                         if r and (r == wanted or r.startswith(wanted))), None)
        if extra_roots and self.state.inspect_doc:  # keep what an earlier run found
            known = {i.get("root") for i in doc.get("installations") or []}
            doc["installations"] = (doc.get("installations") or []) + [
                i for i in self.state.inspect_doc.get("installations") or [] if i.get("root") not in known]
        self.state.apply_inspect(doc, root or self.state.root)  # the installation chosen before (a draft's)
        self.state.inspect_error = ""
        if not doc.get("installations"):
            self.state.inspect_error = self.tr("No RM installation was found. Fill in the fields below, or "
                                               "point at the installation folder.")
        self._finish_detection()

    def _inspect_failed(self, failure: TaskFailure) -> None:
        message = failure.message
        self.state.inspecting = False
        if self.state.inspect_doc is None:
            self.state.apply_inspect({"installations": [], "problems": [{"source": "inspect", "message": message}]})
        self.state.inspect_error = self.tr("Detection failed: %1").replace("%1", message)
        self._finish_detection()

    def _finish_detection(self) -> None:
        self.busy.hide()
        self.browse.setEnabled(True)
        self.load()
        if self.state.inspect_error:
            self.problem.setText(self.state.inspect_error)
            self.problem.show()
        self.refresh_status()

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("RM installation folder"))
        if folder:
            self.start_inspection([Path(folder)])

    def _installation_chosen(self, index: int) -> None:
        if self._loading or index < 0:
            return
        root = self.install_combo.itemData(index)
        if root != self.state.root:
            self.state.select_installation(root)
            self.load()

    # ------------------------------------------------------------------ state <-> widgets

    def _set(self, key: str, value) -> None:
        if self._loading:
            return
        setattr(self.state.answers, key, value if value is not None else "")
        self._update_sources()
        self.refresh_status()

    def _cloud_no_toggled(self, on: bool) -> None:
        if on:
            self._cloud_toggled(False)

    def _cloud_toggled(self, on: bool) -> None:
        self.cloud_test.setEnabled(on)
        if not self._loading:
            self.state.answers.cloud = on
            self._update_sources()

    def load(self) -> None:
        """Fills the widgets from the state (detected values unless the user answered)."""
        self._loading = True
        try:
            st, a, d = self.state, self.state.answers, self.state.detected
            self.install_combo.clear()
            roots = st.roots()
            for root in roots:
                inst = next(i for i in (st.inspect_doc or {}).get("installations") or [] if i.get("root") == root)
                version = inst.get("version") or self.tr("version unknown")
                self.install_combo.addItem(f"{root}  ({version})", root)
            if not roots:
                self.install_combo.addItem(self.tr("none found"), None)
            self.install_combo.setEnabled(len(roots) > 1)
            if st.root in roots:
                self.install_combo.setCurrentIndex(roots.index(st.root))

            self.product.setCurrentIndex(max(0, self.product.findData(a.product or "")))
            self.version.clear()
            self.version.addItems(st.version_options())
            self.version.setEditText(a.version or d.version or "")
            self.database.setCurrentIndex(max(0, self.database.findData(a.database or d.database or "")))
            self.topology.setCurrentIndex(max(0, self.topology.findData(a.topology or d.topology or "")))
            db_server, app_server = st.servers()
            self.db_server.setText(a.db_server or db_server)
            self.app_server.setText(a.app_server or app_server)
            cloud = a.cloud if a.cloud is not None else d.cloud
            self.cloud_group.setExclusive(False)  # neither ticked until answered
            self.cloud.setChecked(cloud is True)
            self.cloud_no.setChecked(cloud is False)
            self.cloud_group.setExclusive(True)
            self.cloud_test.setEnabled(bool(cloud))
            self.cloud_test.setText(a.cloud_test_env)
            self.coligada.setText(a.coligada)
            self.filial.setText(a.filial)
        finally:
            self._loading = False
        self._update_sources()

    def _update_tracklog(self) -> None:
        """The TRACKLOG state that matters (the portal's own for Meu RH / portal) and the RM parts
        found: a disabled TRACKLOG explains "no logs", and says how to turn it on."""
        note = self.state.tracklog_note()
        who = f"{note.part}: " if note is not None and note.part else ""
        if note is None:
            self.tracklog.setText(self.tr("unknown (no RM installation read)"))
            self.tracklog.setStyleSheet(f"color: {GREY};")
        elif note.enabled:
            self.tracklog.setText(who + self.tr("on (%1)").replace("%1", note.detail))
            self.tracklog.setStyleSheet(f"color: {GREEN};")
        else:
            text = who + self.tr("off — no log files are written (%1).").replace("%1", note.detail)
            self.tracklog.setText(f"{text} {note.how_to_enable}".strip())
            self.tracklog.setStyleSheet(f"color: {AMBER};")
        names = [p.get("name") or p.get("kind") for p in (self.state.installation() or {}).get("parts") or []]
        self.parts.setText(self.tr("Other RM parts here: %1").replace("%1", ", ".join(names)) if names else "")
        self.parts.setVisible(bool(names))

    def _update_sources(self) -> None:
        self._update_tracklog()
        for fact in self.state.environment_facts():
            label = self.sources.get(fact.key)
            if label is None:
                continue
            text = {
                "detected": self.tr("detected: %1"),
                "answered": self.tr("informed by you"),
                "missing": self.tr("not detected — please fill in"),
                "not_applicable": self.tr("not detected (not needed for a local installation)"),
            }[fact.state]
            if (fact.key in ("database", "db_server") and fact.state == "missing"
                    and self.state.effective("topology") == "three-tier"):
                text = self.tr("three-tier client: the database alias lives on the application server — "
                               "please fill in")
            if fact.key == "coligada" and fact.state == "missing":
                text = self.tr("optional: the company and branch where it happens")
            if fact.key == "cloud" and fact.state == "missing":
                text = self.tr("answer Yes if the RM runs on TOTVS Cloud, and give the Test environment's data")
            unknown = getattr(self.state.answers, fact.key, "") == UNKNOWN and fact.state == "answered"
            if fact.key == "database" and (fact.state == "missing" or unknown):
                text = self.tr("Don't know? Ask your IT team which database the RM uses, or choose “I don't "
                               "know”: support will see it and ask.")
            if fact.key == "topology" and (fact.state == "missing" or unknown):
                text = self.tr("Don't know? If the RM connects to an application server (RM.Host) it is "
                               "three-tier; ask your IT team, or choose “I don't know”.")
            label.setText(text.replace("%1", fact.source))
            color = STATE_COLORS.get(fact.state, GREY)
            if fact.key in ("coligada", "cloud", "app_server") and fact.state == "missing":
                color = GREY
            label.setStyleSheet(f"color: {color};")
