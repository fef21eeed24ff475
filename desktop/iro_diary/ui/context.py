"""What every window and pane is given: the services, the op runner, the change bus and the dialog seam."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from iro_diary.infra.clock import Clock
from iro_diary.services.registry import Services
from iro_diary.ui.change_bus import ChangeBus
from iro_diary.ui.connection_state import ConnectionState
from iro_diary.ui.error_sink import ErrorSink
from iro_diary.ui.ops import OpRunner
from iro_diary.ui.prompts import Prompter


@dataclass
class UiContext:
    services: Services
    runner: OpRunner
    bus: ChangeBus
    prompter: Prompter
    errors: ErrorSink
    clock: Clock
    settings_file: Path
    connection: ConnectionState
    database_source: str = "default"
