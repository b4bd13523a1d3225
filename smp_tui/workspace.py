"""The session service the screens use. No Textual here.

`Workspace` is the facilitator's: it owns the store, the banks and the save queue.
Reading waits for this process's own pending saves first (so a screen never reads back an
older version of what it just changed), and a store fault comes back as a `Fault` the
screen shows, never as an exception that ends the app. `update` is the one way to change
a session; the changes themselves are named functions in `logic/changes.py`.

The participant's app holds a `ParticipantWorkspace` instead (see `participant.py`),
which can do no more than join one session, rate, and see revealed results.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from smp_tui.banks import Banks
    from smp_tui.models import Action, Session
    from smp_tui.saving import Change, SaveJob, SaveQueue
    from smp_tui.store import Listing, Store, Survey

T = TypeVar("T")


@dataclass(frozen=True)
class Fault:
    """Why something could not be read or done, in words for the person (names the file)."""

    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class PartlyRead:
    """A read of a team's files that went on past the files that do not load, and names them."""

    unread: list[Fault]

    def unread_notice(self, left_out: str) -> str | None:
        """What to tell the person of the files passed over (None if none): `left_out` says
        where what they hold is missing ("is not in this review")."""
        if not self.unread:
            return None
        return (f"What these files hold cannot be read, so it {left_out}:\n"
                + "\n".join(str(fault) for fault in self.unread)
                + "\nNothing has been changed. `smp doctor --restore` puts back a file's last good copy.")


@dataclass(frozen=True)
class TeamSessions(PartlyRead):
    """Every session of a team that loads, newest first."""

    sessions: list[Session]


@dataclass(frozen=True)
class EarlierActions(PartlyRead):
    """Open actions of a team's earlier sessions to review, oldest first."""

    pending: list[tuple[Session, Action]]


class Workspace:
    """Sessions, banks and saving, made on first use (the app paints before they load)."""

    def __init__(
        self,
        opener: Callable[[], tuple[Store, Banks]],
        on_saved: Callable[[SaveJob, Session], None] = lambda job, session: None,
        on_failed: Callable[[SaveJob, Exception], None] = lambda job, error: None,
    ) -> None:
        self._opener = opener
        self._store: Store | None = None
        self._banks: Banks | None = None
        self._saves: SaveQueue | None = None
        self._opening = threading.Lock()
        self._open_failed: Exception | None = None
        self.on_saved = on_saved
        self.on_failed = on_failed

    @classmethod
    def of(cls, store: Store, banks: Banks) -> Workspace:
        return cls(lambda: (store, banks))

    # -- made on first use --

    def open(self) -> None:
        """Open the store and load the banks; raises the opener's error (every later call
        raises it again)."""
        with self._opening:
            if self._open_failed is not None:
                raise self._open_failed
            if self._store is None or self._banks is None:
                try:
                    self._store, self._banks = self._opener()
                except Exception as error:
                    self._open_failed = error
                    raise

    @property
    def store(self) -> Store:
        if self._store is None:
            self.open()
        assert self._store is not None
        return self._store

    @property
    def banks(self) -> Banks:
        if self._banks is None:
            self.open()
        assert self._banks is not None
        return self._banks

    @property
    def opened(self) -> bool:
        return self._store is not None

    @property
    def saves(self) -> SaveQueue:
        with self._opening:
            if self._saves is None:
                from smp_tui.saving import SaveQueue

                self._saves = SaveQueue(
                    lambda: self.store,
                    on_saved=lambda job, session: self.on_saved(job, session),
                    on_failed=lambda job, error: self.on_failed(job, error),
                )
            return self._saves

    # -- reading (call from a worker thread: these wait for the disk) --

    def _read(self, read: Callable[[Store], T]) -> T | Fault:
        from smp_tui.store import StoreError

        if self._saves is not None:
            self._saves.wait()
        try:
            return read(self.store)
        except StoreError as error:
            return Fault(str(error))
        except OSError as error:
            return Fault(f"the store cannot be read ({error})")

    def load(self, session_id: str) -> Session | Fault:
        """The session as stored, with any of this process's unsaved changes on top."""
        found = self._read(lambda store: store.get(session_id))
        if self._saves is not None and not isinstance(found, Fault):
            return self._saves.overlay(found)
        return found

    def previous(self, session: Session) -> Session | None | Fault:
        """The team's latest earlier session (for trends), if any."""
        return self._read(lambda store: store.previous(session))

    def with_previous(self, session_id: str) -> tuple[Session, Session | None] | Fault:
        """A session and the team's session before it: what a summary and its trend need."""
        session = self.load(session_id)
        if isinstance(session, Fault):
            return session
        previous = self.previous(session)
        return previous if isinstance(previous, Fault) else (session, previous)

    def sessions(self, team: str) -> TeamSessions | Fault:
        """Every session of one team that loads, newest first; the files that do not are
        named, never a reason to show none."""
        survey = self._read(lambda store: store.survey(team))
        if isinstance(survey, Fault):
            return survey
        return TeamSessions([Fault(str(error)) for error in survey.faults], survey.sessions)

    def earlier_open_actions(self, session: Session) -> EarlierActions | Fault:
        """Open actions of the team's earlier sessions, oldest first (to review); a file of
        the team that does not load is passed over and named, never a reason to review nothing."""
        from smp_tui.logic.sessions import open_actions_before

        team = self.sessions(session.team)
        if isinstance(team, Fault):
            return team
        return EarlierActions(team.unread, open_actions_before(session, team.sessions))

    def survey(self) -> Survey | Fault:
        """Every session that loads, newest first, and a fault for each file that does not."""
        return self._read(lambda store: store.survey())

    def listing(self) -> Listing | Fault:
        """Every session as a light entry (title, team, dates...), newest first, from the
        team indexes: what lists show, without reading every session file."""
        return self._read(lambda store: store.listing())

    def teams(self) -> list[str] | Fault:
        return self._read(lambda store: store.teams())

    def delete(self, session_id: str) -> None | Fault:
        return self._read(lambda store: store.delete(session_id))

    # -- changing (returns at once; the save runs off the UI thread) --

    def create(self, session: Session, what: str) -> None:
        """Store a new session (or a whole session replacing its stored version)."""
        self.saves.save(session, what)

    def update(self, session: Session, change: Change, what: str) -> None:
        """Apply a named change to the session in the store (see logic/changes.py)."""
        self.saves.update(session, change, what)

    @property
    def unsaved(self) -> list[str]:
        return self._saves.unsaved if self._saves is not None else []

    def retry(self) -> None:
        if self._saves is not None:
            self._saves.retry()

    def finish(self, timeout: float = 10.0) -> bool:
        """Wait (at most `timeout` seconds) for every queued change; True if all were tried."""
        return self._saves.wait(timeout) if self._saves is not None else True
