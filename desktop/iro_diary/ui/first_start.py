"""The first start: who is using the app (issue #10), then, on an empty diary, the offer to load the demo service
so there is something to look at."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from iro_diary.services.demo import DemoSummary
from iro_diary.services.users import SignIn
from iro_diary.ui.context import UiContext
from iro_diary.ui.identity_dialog import IdentityDialog

DEMO_QUESTION = (
    "This diary is empty.\n\n"
    "Load the demo service? It is a whole Independent Reviewing Service of invented children, families, IROs, "
    "rooms and meetings, shaped by a real council's annual report, so you can try everything out.\n\n"
    "Choose 'Start empty' to set up your own service instead (IROs, rooms and children can be imported)."
)


def offer_demo(ui: UiContext) -> bool:
    """Ask whether to load the demo; if yes, load it off the GUI thread. Returns whether it was started."""
    if not ui.prompter.confirm("Welcome to IRO Diary", DEMO_QUESTION, yes="Load the demo service", no="Start empty"):
        return False

    def loaded(result: tuple[DemoSummary, object]) -> None:
        summary, changes = result
        ui.bus.publish(changes)  # type: ignore[arg-type]
        ui.prompter.inform(
            "Demo service loaded",
            f"Loaded {summary.counts['child']:,} children, {summary.counts['iro']} IROs and "
            f"{summary.counts['meeting']:,} meetings.",
        )

    ui.runner.run(
        lambda progress: ui.services.demo.generate(1.0, 1, progress=progress),
        on_success=loaded,
        label="Loading the demo service",
    )
    return True


def ask_who(ui: UiContext, signed_in: SignIn, parent: QWidget, then: Callable[[], object]) -> IdentityDialog:
    """Ask the person who they are (window-modal, not blocking); `then` runs when they have answered or said later."""
    dialog = IdentityDialog(ui, signed_in, parent)
    dialog.finished.connect(lambda _result: then())
    dialog.finished.connect(lambda _result: dialog.deleteLater())
    dialog.open()
    return dialog
