"""Saving off the UI thread, in the order changes were made. No Textual here.

A change is a function of the session; the queue applies it to the freshly read record
under the store's lock (Store.update), so a keypress never waits for the disk and two
people changing one session keep both changes. A change that fails (disk full, a
read-only store, a held lock) is kept and tried again, never dropped: until it succeeds
it is listed as unsaved, and `overlay` puts it on top of what is read back, so the
screen never silently goes back to the old value."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

from smp_tui.models import Session
from smp_tui.store import Store

Change = Callable[[Session], Session]


@dataclass(frozen=True)
class SaveJob:
    what: str  # for messages: "the activity 'Rota'"
    session_id: str
    team: str
    change: Change | None = None  # None: save `whole` as it is
    whole: Session | None = None

    def run(self, store: Store) -> Session:
        if self.change is None:
            assert self.whole is not None
            return store.save(self.whole)
        return store.update(self.session_id, self.change, team=self.team)


def worth_retrying(error: Exception) -> bool:
    """A full disk, a read-only folder or a held lock may pass; a session that is gone or
    a change that is not valid will not."""
    from smp_tui.store import SessionNotFound, StoreError

    if isinstance(error, SessionNotFound):
        return False
    return isinstance(error, (StoreError, OSError))


class SaveQueue:
    def __init__(
        self,
        store: Callable[[], Store],  # called in the saving thread: the store may open late
        on_saved: Callable[[SaveJob, Session], None],
        on_failed: Callable[[SaveJob, Exception], None],
    ) -> None:
        self.store = store
        self._on_saved = on_saved
        self._on_failed = on_failed
        self._jobs: queue.Queue[SaveJob] = queue.Queue()
        self._failed: list[SaveJob] = []  # in the order they were made; retried in that order
        self._failed_lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="smp-saver", daemon=True)
        self._thread.start()

    def update(self, session: Session, change: Change, what: str) -> None:
        self._put(SaveJob(what, session.id, session.team, change=change))

    def save(self, session: Session, what: str) -> None:
        self._put(SaveJob(what, session.id, session.team, whole=session))

    def _put(self, job: SaveJob) -> None:
        with self._failed_lock:
            # A later change to a session must not overtake its earlier failed ones.
            behind_failed = any(f.session_id == job.session_id for f in self._failed)
            if behind_failed:
                self._failed.append(job)
                return
        self._jobs.put(job)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every change submitted so far has been tried; False on timeout."""
        if timeout is None:
            self._jobs.join()
            return True
        done = threading.Event()

        def joiner() -> None:
            self._jobs.join()
            done.set()

        threading.Thread(target=joiner, daemon=True).start()
        return done.wait(timeout)

    @property
    def unsaved(self) -> list[str]:
        """What is not on disk yet because saving it failed (to say so before quitting)."""
        with self._failed_lock:
            return [job.what for job in self._failed]

    def retry(self) -> None:
        """Try every failed change again, in order."""
        with self._failed_lock:
            jobs, self._failed = self._failed, []
        for job in jobs:
            self._jobs.put(job)

    def overlay(self, session: Session) -> Session:
        """The session as read from the store with this process's unsaved changes on top."""
        with self._failed_lock:
            jobs = [job for job in self._failed if job.session_id == session.id]
        for job in jobs:
            try:
                session = job.whole if job.change is None and job.whole is not None else job.change(session)  # type: ignore[misc]
            except Exception:  # a change that no longer applies is still listed as unsaved
                continue
        return session

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                with self._failed_lock:
                    blocked = any(f.session_id == job.session_id for f in self._failed)
                    if blocked:  # keep the order of one session's changes
                        self._failed.append(job)
                if blocked:
                    continue
                saved = job.run(self.store())
            except Exception as error:  # reported, never lost silently
                if worth_retrying(error):
                    with self._failed_lock:
                        self._failed.append(job)
                self._on_failed(job, error)
            else:
                self._on_saved(job, saved)
            finally:
                self._jobs.task_done()
