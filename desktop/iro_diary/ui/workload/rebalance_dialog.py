"""Rebalance: pick an IRO over the band, preview who would move where and every IRO before and after, apply."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from iro_diary.domain.caseload import Band, BandStatus
from iro_diary.services.workload.rows import AllocationOutcome, IroWorkloadRow, RebalanceProposal
from iro_diary.ui.context import UiContext
from iro_diary.ui.workload.allocate_dialog import outcome_text
from iro_diary.ui.workload.columns import BEFORE_AFTER_COLUMNS, MEETING_COLUMNS, MOVE_COLUMNS
from iro_diary.ui.workload.tables import fit_columns, row_table


def proposal_text(proposal: RebalanceProposal) -> str:
    """The proposal in two or three sentences."""
    source = next(r for r in proposal.iros if r.iro_id == proposal.source_iro_id)
    if not proposal.moves and not proposal.unplaced:
        return f"{proposal.source_name} is at or below {proposal.target_per_fte:g} per FTE: nothing needs to move."
    receivers = len({m.to_iro_id for m in proposal.moves})
    lines = [
        f"Move {proposal.children_moved} children in {len(proposal.moves)} groups from {proposal.source_name} "
        f"to {receivers} IROs: {source.before_per_fte:.1f} → {source.after_per_fte:.1f} per FTE "
        f"(target {proposal.target_per_fte:g}). Brothers and sisters move together."
    ]
    in_care = proposal.children_in_care_moved
    lines.append(
        "No child in care moves."
        if not in_care
        else f"{in_care} children in care move: moving other children was not enough."
    )
    if proposal.unplaced:
        lines.append(
            f"{len(proposal.unplaced)} more children could not be placed without taking another IRO over the band."
        )
    return " ".join(lines)


class RebalanceDialog(QDialog):
    """Open with `open()`; `propose()` and `apply()` are what the buttons do."""

    def __init__(
        self,
        ui: UiContext,
        iros: Sequence[IroWorkloadRow],
        band: Band,
        iro_id: int | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = ui
        self.band = band
        self.proposal: RebalanceProposal | None = None
        self.loading = False
        self._rows = {r.iro_id: r for r in iros}
        self.setWindowTitle(self.tr("Rebalance caseloads"))
        self.resize(1180, 640)
        self.iro = self._make_iro_combo(iros, iro_id)
        self.target = QDoubleSpinBox()
        self.target.setRange(0, 1000)
        self.target.setDecimals(1)
        self.target.setSuffix(self.tr(" per FTE"))
        self.propose_button = QPushButton(self.tr("Propose"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.moves_view, self.moves = row_table(MOVE_COLUMNS, self, self.tr("Children to move"))
        self.iros_view, self.iros = row_table(BEFORE_AFTER_COLUMNS, self, self.tr("Every IRO before and after"))
        self.meetings_view, self.meetings = row_table(MEETING_COLUMNS, self, self.tr("Their future meetings"))
        self.tabs.addTab(self.moves_view, self.tr("Moves"))
        self.tabs.addTab(self.iros_view, self.tr("Every IRO before → after"))
        self.tabs.addTab(self.meetings_view, self.tr("Meetings"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.apply_button = QPushButton(self.tr("Apply"))
        self.apply_button.setEnabled(False)
        self._lay_out()
        self.iro.currentIndexChanged.connect(self._on_iro_changed)
        self.propose_button.clicked.connect(self.propose)
        self.apply_button.clicked.connect(self.apply)
        self._on_iro_changed(self.iro.currentIndex())

    def _make_iro_combo(self, iros: Sequence[IroWorkloadRow], iro_id: int | None) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(self.tr("IRO to relieve"))
        ordered = sorted(iros, key=lambda r: (r.status not in (BandStatus.OVER, BandStatus.LEFT), -r.per_fte, r.name))
        for row in ordered:
            combo.addItem(f"{row.name} — {row.per_fte:.1f} per FTE ({row.status.label.lower()})", row.iro_id)
        if iro_id is not None:
            combo.setCurrentIndex(max(combo.findData(iro_id), 0))
        return combo

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Relieve"), self.iro)
        target = QHBoxLayout()
        target.addWidget(self.target)
        target.addWidget(self.propose_button)
        target.addStretch(1)
        form.addRow(self.tr("Bring down to"), target)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    def is_busy(self) -> bool:
        return self.loading

    def _on_iro_changed(self, _index: int) -> None:
        row = self._rows.get(self.iro.currentData())
        if row is None:
            return
        self.target.setValue(self.band.high if row.staffed else 0.0)
        self.propose()

    def propose(self) -> None:
        """Ask for a proposal for the chosen IRO and target; the preview fills in when it arrives."""
        iro_id, target = self.iro.currentData(), self.target.value()
        if iro_id is None:
            return
        self.loading = True
        self.apply_button.setEnabled(False)
        self.ui.runner.run(
            lambda _p: self.ui.services.workload.propose_rebalance(iro_id, target),
            on_success=self._show_proposal,
            on_failure=self._failed,
        )

    def _failed(self, _error: BaseException) -> bool:
        self.loading = False
        return False

    def _show_proposal(self, proposal: RebalanceProposal) -> None:
        if proposal.source_iro_id != self.iro.currentData():
            return  # another IRO has been chosen since
        self.loading = False
        self.proposal = proposal
        self.summary.setText(proposal_text(proposal))
        self.moves.set_rows(proposal.moves)
        self.iros.set_rows(proposal.iros)
        self.meetings.set_rows(proposal.meetings)
        for view, model in (
            (self.moves_view, self.moves),
            (self.iros_view, self.iros),
            (self.meetings_view, self.meetings),
        ):
            fit_columns(view, model)
        self.tabs.setTabText(0, self.tr("Moves ({0})").format(len(proposal.moves)))
        self.tabs.setTabText(2, self.tr("Meetings ({0})").format(len(proposal.meetings)))
        self.apply_button.setEnabled(bool(proposal.moves))

    def apply(self) -> None:
        """Move the children and their meetings as previewed (refused, with a message, if anything changed)."""
        proposal = self.proposal
        if proposal is None or not proposal.moves:
            return
        self.loading = True
        self.apply_button.setEnabled(False)
        self.ui.runner.run(
            lambda _p: self.ui.services.workload.apply_rebalance(proposal),
            on_success=lambda outcome: self._applied(outcome, proposal),
            on_failure=self._apply_failed,
        )

    def _applied(self, outcome: AllocationOutcome, proposal: RebalanceProposal) -> None:
        self.loading = False
        names = f"{len(outcome.children_moved)} children from {proposal.source_name}"
        self.status.setText(outcome_text(outcome, names, self.tr("the IROs shown")))
        self.ui.bus.publish(outcome.changes, self)
        self.propose()

    def _apply_failed(self, _error: BaseException) -> bool:
        self.loading = False
        self.propose()  # the preview as things stand now
        return False
