"""Several processes and sudden kills: the faults stock TinyDB has, which the store must not.

Figures are printed (run with -s to see them) for the foundation issue's note."""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
import random
import signal
import time
import uuid
from pathlib import Path

import pytest

from smp_tui.models import Session
from smp_tui.store import SESSION_FILE_GLOB, Store

WRITERS = 8
SAVES_EACH = 200
KILLS = 200


def _writer(folder: str, number: int, ready, go, errors) -> None:
    store = Store(folder)
    ready.release()
    go.wait()
    try:
        for n in range(SAVES_EACH):
            store.save(Session(team="Shared team", title=f"writer {number} save {n}"))
    except Exception as error:  # reported to the parent, which fails the test
        errors.put(f"writer {number}: {error!r}")


@pytest.mark.long
def test_eight_processes_save_into_one_team_at_once(tmp_path: Path):
    folder = str(tmp_path / "store")
    Store(folder)
    ctx = multiprocessing.get_context("fork")
    ready, go, errors = ctx.Semaphore(0), ctx.Event(), ctx.Queue()
    workers = [ctx.Process(target=_writer, args=(folder, n, ready, go, errors)) for n in range(WRITERS)]
    for worker in workers:
        worker.start()
    for _ in workers:
        ready.acquire()
    started = time.perf_counter()
    go.set()
    for worker in workers:
        worker.join(timeout=600)
    elapsed = time.perf_counter() - started
    problems = []
    while not errors.empty():
        problems.append(errors.get())
    assert problems == []
    assert [worker.exitcode for worker in workers] == [0] * WRITERS
    store = Store(folder)
    titles = sorted(s.title for s in store.sessions("Shared team"))
    assert len(titles) == WRITERS * SAVES_EACH
    assert len(set(titles)) == WRITERS * SAVES_EACH
    for path in Path(folder).glob(SESSION_FILE_GLOB):
        json.loads(path.read_bytes())
    print(f"\n{WRITERS} processes x {SAVES_EACH} saves: all {len(titles)} kept, {elapsed:.1f}s")


IDS = [str(uuid.UUID(int=n, version=4)) for n in range(1, 31)]


def _saver(folder: str, done_fd: int, start: int) -> None:
    store = Store(folder)
    with os.fdopen(done_fd, "w", buffering=1) as done:
        for count in itertools.count(start):
            session_id = IDS[count % len(IDS)]
            store.save(Session(id=session_id, team="Crash team", title=f"save {count}"))
            done.write(f"{session_id} {count}\n")  # reported only after save() returned


@pytest.mark.long
def test_killed_writer_never_loses_a_reported_save_or_the_file(tmp_path: Path):
    folder = str(tmp_path / "store")
    Store(folder)
    ctx = multiprocessing.get_context("fork")
    rng = random.Random(20261128)
    newest: dict[str, int] = {}  # session id -> newest save reported done
    count = 0
    leftovers_seen = 0
    for _ in range(KILLS):
        read_end, write_end = os.pipe()
        child = ctx.Process(target=_saver, args=(folder, write_end, count))
        child.start()
        os.close(write_end)
        time.sleep(rng.uniform(0.002, 0.04))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        with os.fdopen(read_end) as pipe:
            for line in pipe:
                if line.endswith("\n"):
                    session_id, done = line.split()
                    newest[session_id] = int(done)
                    count = max(count, int(done) + 1)
        count += 1  # the save that may have been cut off is never reused
        leftovers_seen += len(list(Path(folder).glob("*/.*.tmp")))
        store = Store(folder)
        store.listing()  # lists cleanly and removes any temporary file
        assert not list(Path(folder).glob("*/.*.tmp"))
        kept = {s.id: int(s.title.split()[1]) for s in store.sessions("Crash team")}
        for session_id, done in newest.items():
            assert kept[session_id] >= done
    print(f"\n{KILLS} SIGKILLs: {count} saves started, every reported one kept; "
          f"{leftovers_seen} temporary files left by killed writes, all removed by the next listing")
