"""smp benchmarks: python bench/run.py [--quick]

Prints a table and writes bench/RESULTS.md. Plain Python and the project's own code only.
Targets (from the benchmarks issue): startup <= 1.2x a minimal Textual app; saving into
10,000 sessions <= 2x saving into 100; no keypress waits for a save; summary with 100
earlier sessions <= 2x with none."""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from smp_tui.banks import load_banks  # noqa: E402
from smp_tui.demo import make_session  # noqa: E402
from smp_tui.logic.resilience import set_rating  # noqa: E402
from smp_tui.models import Participant, Session, new_id  # noqa: E402
from smp_tui.store import Store  # noqa: E402

BANKS = load_banks()
START = datetime(2024, 1, 8, 9, 0, tzinfo=timezone.utc)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def fill(folder: Path, sessions: int, teams: int, seed: int = 1) -> list[Session]:
    """A store of realistic sessions (six people, every exercise filled, notes), spread
    over `teams` teams, a week apart within each team."""
    rng = random.Random(seed)
    store = Store(folder)
    templates = [make_session(BANKS, f"Team {t:03d}", START, rng) for t in range(min(teams, 20))]
    made = []
    for number in range(sessions):
        team = number % teams
        template = templates[team % len(templates)]
        when = START + timedelta(days=7 * (number // teams))
        made.append(template.model_copy(update={
            "id": new_id(), "team": f"Team {team:03d}", "title": f"Session {number}",
            "created_at": when, "updated_at": when}))
    store.save_many(made)
    return made


# --- startup ---------------------------------------------------------------------------


def startup(kind: str, folder: str, runs: int) -> tuple[float, float, int]:
    times, peaks = [], []
    env = os.environ | {"PYTHONPATH": str(HERE.parent)}
    for _ in range(runs):
        # From starting the process to the child saying its first screen is painted:
        # interpreter start-up included, shutting down not.
        began = time.perf_counter()
        child = subprocess.Popen([sys.executable, str(HERE / "startup_child.py"), kind, folder],
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
        line = ""
        while child.stdout is not None and not line.startswith("painted"):
            line = child.stdout.readline()
            if not line:
                break
        elapsed = time.perf_counter() - began
        rest = child.stdout.read() if child.stdout is not None else ""
        child.wait(timeout=120)
        if not line.startswith("painted"):
            raise SystemExit(f"startup child for {kind} failed (exit {child.returncode})")
        times.append(elapsed)
        # smp: peak once its list of sessions is filled; the minimal app: at its paint
        final = next((l for l in rest.splitlines() if l.startswith("loaded")), line)
        peaks.append(int(final.split()[2]))
    return statistics.median(times), p95(times), max(peaks)


# --- saving ------------------------------------------------------------------------------


def saving(total: int, saves: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as folder:
        sessions = fill(Path(folder), total, teams=100)
        store = Store(folder)
        rng = random.Random(5)
        times = []
        for n in range(saves):
            target = rng.choice(sessions)
            indicator = BANKS.resilience.indicators[n % 13].id
            person = target.participants[n % 6].id

            def rate(session: Session) -> Session:
                copy = session.model_copy(deep=True)
                set_rating(copy.resilience, indicator, person, 1 + n % 5)
                return copy

            began = time.perf_counter()
            store.update(target.id, rate, team=target.team)
            times.append(time.perf_counter() - began)
        return statistics.median(times), p95(times)


# --- typing while saving -------------------------------------------------------------------


async def _typing(folder: str, presses: int, saving_on: bool) -> list[float]:
    from smp_tui.app import SmpApp
    from smp_tui.screens.resilience import ResilienceScreen

    store = Store(folder)
    session = store.sessions()[0]
    app = SmpApp(store=store, banks=BANKS, cursor_blink=False)
    if not saving_on:
        app.update_session = lambda *args, **kwargs: None
    times = []
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.push_screen(ResilienceScreen(session))
        await pilot.pause()
        listing = app.screen.query_one("#indicators")
        listing.focus()
        for n in range(presses):
            if listing.highlighted_option is None or listing.highlighted_option.id is None:
                listing.highlighted = 1
            began = time.perf_counter()
            await pilot.press(str(1 + n % 5))
            times.append(time.perf_counter() - began)
        app.saves.wait()
    return times


def typing(presses: int) -> dict[str, tuple[float, float]]:
    with tempfile.TemporaryDirectory() as folder:
        fill(Path(folder), 1, teams=1)
        return {label: (statistics.median(t), p95(t)) for label, t in (
            ("on", asyncio.run(_typing(folder, presses, True))),
            ("off", asyncio.run(_typing(folder, presses, False))),
        )}


# --- summary --------------------------------------------------------------------------------


def summary_time(earlier: int, runs: int) -> float:
    from smp_tui.report import export
    from smp_tui.screens.summary import summary_inputs

    with tempfile.TemporaryDirectory() as folder:
        sessions = fill(Path(folder), earlier + 1, teams=1)
        newest = max(sessions, key=lambda s: s.created_at)
        times = []
        for _ in range(runs):
            store = Store(folder)  # a fresh process's view: nothing cached
            began = time.perf_counter()
            session, previous = summary_inputs(store, newest.id)
            export(session, BANKS, "md", previous)
            times.append(time.perf_counter() - began)
        return statistics.median(times)


# --- many people -------------------------------------------------------------------------------


def _saver(folder: str, session_id: str, team: str, person: str, seconds: float, go, results) -> None:
    store = Store(folder)
    done, waits = 0, []
    go.wait()
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        indicator = BANKS.resilience.indicators[done % 13].id

        def rate(session: Session, indicator=indicator) -> Session:
            copy = session.model_copy(deep=True)
            set_rating(copy.resilience, indicator, person, 1 + done % 5)
            return copy

        began = time.perf_counter()
        store.update(session_id, rate, team=team)
        waits.append(time.perf_counter() - began)
        done += 1
    results.put((done, waits))


def many_people(processes: int, seconds: float) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory() as folder:
        (session,) = fill(Path(folder), 1, teams=1)
        ctx = multiprocessing.get_context("fork")
        go, results = ctx.Event(), ctx.Queue()
        extra = [Participant(name=f"Remote {n}") for n in range(processes)]
        session = Store(folder).update(session.id, lambda s: s.model_copy(update={"participants": s.participants + extra}))
        people = [p.id for p in session.participants]
        workers = [ctx.Process(target=_saver, args=(folder, session.id, session.team, people[n], seconds, go, results))
                   for n in range(processes)]
        for worker in workers:
            worker.start()
        go.set()
        outcomes = [results.get(timeout=seconds + 60) for _ in workers]
        for worker in workers:
            worker.join()
        total = sum(done for done, _ in outcomes)
        waits = [w for _, ws in outcomes for w in ws]
        return total / seconds, statistics.median(waits), p95(waits)


def idle_cpu(seconds: float) -> float:
    """CPU seconds used by an idle participant's process (watching the store) over `seconds`."""
    with tempfile.TemporaryDirectory() as folder:
        (session,) = fill(Path(folder), 1, teams=1)
        code = f"""
import asyncio, resource, sys, time
sys.path.insert(0, {str(HERE.parent)!r})
from smp_tui.app import SmpApp
from smp_tui.banks import load_banks
from smp_tui.screens.remote import ParticipantScreen
from smp_tui.store import Store
store = Store({folder!r})
session = store.get({session.id!r})
async def main():
    app = SmpApp(store=store, banks=load_banks(), cursor_blink=False,
                 first_screen=ParticipantScreen(session, session.participants[0].id))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(1.0)
        before = resource.getrusage(resource.RUSAGE_SELF)
        await asyncio.sleep({seconds})
        after = resource.getrusage(resource.RUSAGE_SELF)
        print((after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime))
asyncio.run(main())
"""
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=seconds + 120)
        return float(out.stdout.strip().splitlines()[-1])


# --- report --------------------------------------------------------------------------------------


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{platform.machine()}, {os.cpu_count()} cores, {memory:.0f} GiB; Python {platform.python_version()}; "
            f"textual {version('textual')}, tinydb {version('tinydb')}, pydantic {version('pydantic')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs and a smaller store (a smoke test)")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    quick = args.quick
    rows: list[tuple[str, str, str]] = []

    def row(what: str, figure: str, target: str = "") -> None:
        rows.append((what, figure, target))
        print(f"{what:<58} {figure:<30} {target}", flush=True)

    runs = 3 if quick else 10
    with tempfile.TemporaryDirectory() as empty, tempfile.TemporaryDirectory() as thousand:
        fill(Path(thousand), 100 if quick else 1000, teams=10)
        base, base95, base_peak = startup("minimal", empty, runs)
        ours, ours95, ours_peak = startup("smp", empty, runs)
        big, big95, big_peak = startup("smp", thousand, runs)
    row("Startup: minimal Textual app (median / p95)", f"{ms(base)} / {ms(base95)}")
    row("Startup: smp, empty store (median / p95)", f"{ms(ours)} / {ms(ours95)}",
        f"ratio {ours / base:.2f}x (target <= 1.2x)")
    row(f"Startup: smp, {100 if quick else 1000} sessions (median / p95)", f"{ms(big)} / {ms(big95)}",
        f"ratio {big / base:.2f}x")
    row("Peak memory: minimal (painted) / smp empty / smp with sessions (list filled)",
        f"{base_peak / 1024:.0f} / {ours_peak / 1024:.0f} / {big_peak / 1024:.0f} MiB")

    sizes = (100, 1000) if quick else (100, 1000, 10000)
    medians = {}
    for size in sizes:
        median, slow = saving(size, 20 if quick else 50)
        medians[size] = median
        row(f"Save one rating, {size} sessions over 100 teams (median / p95)", f"{ms(median)} / {ms(slow)}")
    row(f"Saving ratio {sizes[-1]} : 100", f"{medians[sizes[-1]] / medians[100]:.2f}x", "target <= 2x")

    typed = typing(50 if quick else 200)
    row("Keypress to screen, resilience, saving on (median / p95)", f"{ms(typed['on'][0])} / {ms(typed['on'][1])}")
    row("Keypress to screen, saving off (median / p95)", f"{ms(typed['off'][0])} / {ms(typed['off'][1])}",
        f"p95 ratio {typed['on'][1] / typed['off'][1]:.2f}x (target <= 2x)")

    none = summary_time(0, 3 if quick else 10)
    hundred = summary_time(100, 3 if quick else 10)
    row("Summary, no earlier sessions (median)", ms(none))
    row("Summary, 100 earlier sessions (median)", ms(hundred), f"ratio {hundred / none:.2f}x (target <= 2x)")

    rate, wait50, wait95 = many_people(8, 3 if quick else 10)
    row("8 processes saving into one session", f"{rate:.0f} saves/s",
        f"save incl. lock wait p50 {ms(wait50)}, p95 {ms(wait95)}")
    seconds = 5 if quick else 30
    cpu = idle_cpu(seconds)
    row(f"Idle participant process, CPU over {seconds} s", f"{cpu:.2f} s ({100 * cpu / seconds:.1f}% of a core)")

    lines = [
        "# smp benchmark results", "",
        f"Run {datetime.now():%Y-%m-%d %H:%M} with `python bench/run.py{' --quick' if quick else ''}` on {machine()}.",
        "", "| measure | figure | target / ratio |", "| --- | --- | --- |",
        *(f"| {a} | {b} | {c} |" for a, b, c in rows), "",
    ]
    history = args.output.read_text().split("\n## Earlier runs\n", 1)[1] if args.output.exists() and \
        "\n## Earlier runs\n" in args.output.read_text() else ""
    notes = (HERE / "NOTES.md").read_text() if (HERE / "NOTES.md").exists() else ""
    args.output.write_text("\n".join(lines) + ("\n" + notes if notes else "") +
                           ("\n## Earlier runs\n" + history if history else ""))
    print(f"\nwritten to {args.output}")


if __name__ == "__main__":
    main()
