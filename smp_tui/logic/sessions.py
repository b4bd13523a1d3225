"""Relations between a team's sessions: open actions to review."""

from __future__ import annotations

from collections.abc import Iterable

from smp_tui.models import Action, Session


def open_actions_before(session: Session, sessions: Iterable[Session]) -> list[tuple[Session, Action]]:
    """Open actions of the team's earlier sessions, oldest first: to review before a new
    session's exercises."""
    found = [
        (s, a) for s in sessions
        if s.team == session.team and s.id != session.id and s.created_at <= session.created_at
        for a in s.actions if a.status == "open"
    ]
    return sorted(found, key=lambda pair: (pair[0].created_at, pair[1].created_at))
