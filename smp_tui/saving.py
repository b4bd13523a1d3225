"""Saving off the UI thread, in the order changes were made. No Textual here.

Screens describe a change as a function of the session; the queue applies it to the
freshly read record under the store's lock (Store.update), so a keypress never waits
for the disk and two people changing one session keep both changes."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

from smp_tui.models import Session
from smp_tui.store import Store


@dataclass(frozen=True)
class SaveJob:
    what: str  # for messages: "the activity 'Rota'"
    work: Callable[[Store], Session]


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
        self._thread = threading.Thread(target=self._run, name="smp-saver", daemon=True)
        self._thread.start()

    def update(self, session: Session, change: Callable[[Session], Session], what: str) -> None:
        session_id, team = session.id, session.team
        self._jobs.put(SaveJob(what, lambda store: store.update(session_id, change, team=team)))

    def save(self, session: Session, what: str) -> None:
        self._jobs.put(SaveJob(what, lambda store: store.save(session)))

    def wait(self) -> None:
        """Block until every change submitted so far is on disk (or has failed)."""
        self._jobs.join()

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                saved = job.work(self.store())
            except Exception as error:  # reported to the person, never lost silently
                self._on_failed(job, error)
            else:
                self._on_saved(job, saved)
            finally:
                self._jobs.task_done()
