"""Messages between the app's saving thread and the screens."""

from __future__ import annotations

from textual.message import Message

from smp_tui.models import Session


class SessionSaved(Message):
    """A change reached the store. Sent to the screen on top."""

    def __init__(self, session: Session, what: str) -> None:
        super().__init__()
        self.session = session
        self.what = what
