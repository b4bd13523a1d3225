"""Messages between the app's saving thread and the screens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from smp_tui.models import Session


class SessionSaved(Message):
    """A change reached the store. Sent to the screen on top."""

    def __init__(self, session: Session, what: str) -> None:
        super().__init__()
        self.session = session
        self.what = what


class StoreChanged(Message):
    """Another process saved into a team this screen shows (noticed by watching the file)."""

    def __init__(self, team: str) -> None:
        super().__init__()
        self.team = team
