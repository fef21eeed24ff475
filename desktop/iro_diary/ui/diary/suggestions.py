"""The booking dialog's suggestions: the scheduling assistant's best slots for the meeting as the form has it,
each with why it ranks where it does; picking one fills the form (which checks it as it always does)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from iro_diary.services.scheduling.rows import SlotList, SlotRow
from iro_diary.ui.diary.booking_form import ERROR_STYLE
from iro_diary.ui.models.row_table import Column
from iro_diary.ui.workload.tables import fit_columns, row_table, selected_row

LATE_COLOUR = "#f4c7c3"

SLOT_COLUMNS: list[Column[SlotRow]] = [
    Column("When", lambda s: f"{s.start:%a %d %b %Y %H:%M}–{s.end:%H:%M}", sort_key=lambda s: s.start),
    Column("Chair", lambda s: s.chair_name),
    Column("Place", lambda s: s.place),
    Column(
        "Late",
        lambda s: f"{s.working_days_late} working days" if s.late else "",
        sort_key=lambda s: s.working_days_late,
        colour=lambda s: LATE_COLOUR if s.late else None,
    ),
    Column("Why", lambda s: "; ".join(s.reasons), tooltip=lambda s: "\n".join(s.reasons)),
]


class SuggestionsPanel(QWidget):
    """Signals:
    chosen(object): the user picked a slot (a SlotRow) to fill the form with.
    """

    chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.found: SlotList | None = None
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.accessible = QCheckBox(self.tr("Step-free room"), self)
        self.accessible.setToolTip(self.tr("Suggest only rooms with step-free access"))
        self.view, self.model = row_table(SLOT_COLUMNS, self, self.tr("Suggested slots"), sortable=False)
        self.view.setMinimumHeight(180)
        self.use_button = QPushButton(self.tr("Use this slot"), self)
        self.use_button.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.accessible)
        top.addWidget(self.use_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view)
        self.view.selectionModel().selectionChanged.connect(
            lambda *_args: self.use_button.setEnabled(self.selected() is not None)
        )
        self.view.doubleClicked.connect(self._on_double_clicked)
        self.use_button.clicked.connect(self._use_selected)

    def show_loading(self) -> None:
        self.heading.setStyleSheet("")
        self.heading.setText(self.tr("Looking for the best slots…"))
        self.model.set_rows([])

    def show_problem(self, text: str) -> None:
        self.heading.setStyleSheet(ERROR_STYLE)
        self.heading.setText(text)
        self.model.set_rows([])

    def show_slots(self, found: SlotList) -> None:
        """The slots, best first; the reason nothing fits in time, when that is so."""
        self.found = found
        self.model.set_rows(found.slots)
        fit_columns(self.view, self.model)
        self.heading.setStyleSheet(ERROR_STYLE if found.shortfall else "")
        if found.shortfall:
            text = self.tr("{0}. The first slots after it:").format(found.shortfall)
        elif found.slots:
            text = self.tr("The best {0} slots, best first: pick one to fill the form.").format(len(found.slots))
        else:
            text = self.tr("No free slot found.")
        self.heading.setText(f"{found.continuity}.\n{text}" if found.continuity else text)
        if found.slots:
            self.view.selectRow(0)

    def selected(self) -> SlotRow | None:
        found = selected_row(self.view, self.model)
        return found if isinstance(found, SlotRow) else None

    def _use_selected(self) -> None:
        slot = self.selected()
        if slot is not None:
            self.chosen.emit(slot)

    def _on_double_clicked(self, _index: QModelIndex) -> None:
        self._use_selected()
