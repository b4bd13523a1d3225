"""Relations between a team's sessions: open actions to review, the team a name means, who came last time."""

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


def team_key(name: str) -> str:
    """A team name as people mean it: case and spacing do not make another team."""
    return " ".join(name.split()).casefold()


def close_team(typed: str, teams: Iterable[str]) -> str | None:
    """The existing team the typed name probably means (same letters, other case or
    spacing), or None if it names one exactly or none at all."""
    teams = list(teams)
    if typed in teams:
        return None
    return next((team for team in teams if team_key(team) == team_key(typed)), None)


def last_people(sessions: Iterable[Session]) -> dict[str, list[str]]:
    """Each team's people at its latest session (check-ins apart): who to propose for
    the next one."""
    latest: dict[str, Session] = {}
    for session in sessions:
        if session.mode == "check-in" and session.team in latest:
            continue
        known = latest.get(session.team)
        if known is None or (known.mode == "check-in" and session.mode != "check-in") or \
                (session.mode != "check-in" and session.created_at > known.created_at):
            latest[session.team] = session
    return {team: [p.name for p in session.participants]
            for team, session in sorted(latest.items(), key=lambda item: item[0].casefold())}
