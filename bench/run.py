"""smp benchmarks: python bench/run.py [--quick] [--only SECTIONS] [--code DIR]

Prints a table and writes bench/RESULTS.md, each target as a ratio measured in the same
run. Plain Python, tmux and the project's own code only. Targets: start in a real
terminal (tmux) <= 1.2x a bare Textual app; `smp list` and the home screen with 10,000
sessions in 100 teams <= 1.5x with 10 (time until the list shows, and peak memory);
saves into different sessions never wait for each other; 8 processes saving into one
session p95 <= 50 ms; 50 watching processes < 1% of a core each when idle and all see a
reveal within 2 s; saving into 10,000 sessions <= 2x into 100; no keypress waits for a
save; summary with 100 earlier sessions <= 2x with none.

The stores of 10 and 10,000 sessions are built once and kept under /tmp (see
cached_store). `--code DIR` measures another copy of smp (an export of an earlier commit)
with these same scripts, for before-and-after figures."""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from functools import partial
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
# --code DIR measures the smp in DIR (e.g. an export of an earlier commit) with these scripts
CODE = Path(sys.argv[sys.argv.index("--code") + 1]).resolve() if "--code" in sys.argv else HERE.parent
sys.path.insert(0, str(CODE))

from smp_tui.banks import load_banks  # noqa: E402
from smp_tui.demo import make_session  # noqa: E402
from smp_tui.logic.resilience import set_rating  # noqa: E402
from smp_tui.models import Session, new_id  # noqa: E402
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
        when = START + timedelta(days=7 * (number // teams), minutes=number % teams)
        made.append(template.model_copy(update={
            "id": new_id(), "team": f"Team {team:03d}", "title": f"Session {number}",
            "created_at": when, "updated_at": when}))
    store.save_many(made)
    return made


CACHE = Path(tempfile.gettempdir()) / "smp-bench-stores"
CACHE_VERSION = 2  # change when fill() changes


def cached_store(sessions: int, teams: int) -> Path:
    """A store of `sessions` realistic sessions over `teams` teams, built once and kept
    under /tmp (10,000 sessions take minutes to save on a shared machine). Benchmarks
    that change sessions use copy_of() instead."""
    folder = CACHE / f"v{CACHE_VERSION}-{sessions}-sessions-{teams}-teams"
    if not (folder / ".complete").exists():
        print(f"(building a store of {sessions} sessions in {teams} teams, kept as {folder})", flush=True)
        shutil.rmtree(folder, ignore_errors=True)
        building = folder.with_name(folder.name + ".building")
        shutil.rmtree(building, ignore_errors=True)
        fill(building, sessions, teams)
        shutil.rmtree(building / "backups", ignore_errors=True)  # not read by anything measured
        (building / ".complete").write_text("")
        building.rename(folder)
    return folder


def newest_title(folder: Path) -> str:
    """The title the home screen shows first (the session changed last)."""
    store = Store(folder)
    if hasattr(store, "listing"):
        return store.listing().entries[0].title
    return store.sessions()[0].title  # code from before the index


# smp as installed: pip compiles its modules to bytecode once, at install; a worktree run
# with PYTHONDONTWRITEBYTECODE would compile smp's sources again at every start (about
# 0.1 s here), which a bare Textual app from site-packages never does. The bytecode is
# kept under /tmp, not beside the sources.
PYCACHE = CACHE / "pycache"


def child_env(code: Path) -> dict[str, str]:
    env = os.environ | {"PYTHONPATH": str(code), "TZ": "UTC", "PYTHONPYCACHEPREFIX": str(PYCACHE)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_once(code: Path) -> None:
    """Compile the smp under test to bytecode (as installing it would) before timing it."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(code / "smp_tui"), str(HERE)],
                   env=child_env(code), check=True, stdout=subprocess.DEVNULL)


# --- listing: `smp list` and the home screen, small store against big -----------------------


def smp_list(folder: Path, code: Path) -> tuple[float, int]:
    """Wall time and peak memory (KiB) of one `smp list`."""
    began = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "smp_tui", "--db", str(folder), "list"], cwd=code,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=child_env(code))
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - began
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"smp list on {folder} failed (exit {child.returncode})")
    return elapsed, usage.ru_maxrss


def alternate(measure, stores: list, runs: int) -> list[list]:
    """Run `measure(store)` for each store in turn, `runs` rounds: drift on a shared
    machine falls on every store alike."""
    results: list[list] = [[] for _ in stores]
    for _ in range(runs):
        for n, store in enumerate(stores):
            results[n].append(measure(store))
    return results


def tmux_until(name: str, command: list[str], needle: str, env: dict[str, str], size=(120, 40),
               timeout: float = 300.0) -> float:
    """Seconds from starting `command` in a new tmux window until the terminal shows
    `needle` (polled as a person would see it)."""
    import shlex

    subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
    env_words = " ".join(f"{key}={shlex.quote(env[key])}" for key in ("PYTHONPATH", "TZ", "TERM", "PYTHONPYCACHEPREFIX")
                         if key in env)
    if "PYTHONDONTWRITEBYTECODE" not in env:  # the tmux server may have been started with it
        env_words = f"-u PYTHONDONTWRITEBYTECODE {env_words}"
    began = time.perf_counter()
    # -c: the code under test is the working folder (`python -m` puts it first on the path)
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", str(size[0]), "-y", str(size[1]),
                    "-c", env["PYTHONPATH"], f"env {env_words} {shlex.join(command)}"], check=True, env=env)
    try:
        while time.perf_counter() - began < timeout:
            screen = subprocess.run(["tmux", "capture-pane", "-p", "-t", name], capture_output=True, text=True).stdout
            if needle in screen:
                return time.perf_counter() - began
            time.sleep(0.01)
        raise SystemExit(f"tmux: {needle!r} not shown within {timeout:.0f}s by {command}")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def tui_peak(folder: Path, code: Path) -> int:
    """Peak memory (KiB) of `smp --db FOLDER`, headless, once its list is filled."""
    out = subprocess.run([sys.executable, str(HERE / "startup_child.py"), "smp", str(folder)],
                         capture_output=True, text=True, env=child_env(code), timeout=600).stdout
    line = next(text for text in out.splitlines() if text.startswith("loaded"))
    return int(line.split()[2])


# --- locks: many processes saving, many watching ----------------------------------------------


def _lock_saver(folder: str, session_id: str, team: str, person: str, seconds: float, pause: float,
                go, results) -> None:
    """Save ratings into one session for `seconds`; report each save's time and the part
    of it spent waiting for the lock."""
    import smp_tui.store as store_module
    from contextlib import contextmanager

    waited: list[float] = []
    plain_lock = getattr(store_module, "file_lock", None)  # None: code from before per-file locks

    @contextmanager
    def timed_lock(*args, **kwargs):
        began = time.perf_counter()
        with plain_lock(*args, **kwargs):
            waited.append(time.perf_counter() - began)
            yield

    if plain_lock is not None:
        store_module.file_lock = timed_lock
    store = Store(folder)
    done, saves = 0, []
    jitter = random.Random(person)

    def rate(session: Session, indicator: str, score: int) -> Session:
        set_rating(session.resilience, indicator, person, score)  # in place, as ParticipantWorkspace.rate
        return session

    # A participant's process has saved once (joining) before it rates: the first save's
    # one-off costs (imports, caches) are not a rating's.
    store.update(session_id, partial(rate, indicator=BANKS.resilience.indicators[0].id, score=3), team=team)
    waited.clear()
    go.wait()
    if pause:  # people do not start in step either
        time.sleep(pause * jitter.uniform(0.0, 1.0))
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        indicator, score = BANKS.resilience.indicators[done % 13].id, 1 + done % 5
        began = time.perf_counter()
        store.update(session_id, partial(rate, indicator=indicator, score=score), team=team)
        saves.append(time.perf_counter() - began)
        done += 1
        if pause:  # people do not press keys in step: a pause of 0.5 to 1.5 times the mean
            time.sleep(pause * jitter.uniform(0.5, 1.5))
    results.put((saves, waited))


def saving_processes(folder: Path, targets: list[Session], seconds: float, pause: float = 0.0):
    """One process per target session (the same session repeated for a shared one)."""
    ctx = multiprocessing.get_context("fork")
    go, results = ctx.Event(), ctx.Queue()
    workers = [ctx.Process(target=_lock_saver, args=(str(folder), target.id, target.team,
                                                     target.participants[n % len(target.participants)].id,
                                                     seconds, pause, go, results))
               for n, target in enumerate(targets)]
    for worker in workers:
        worker.start()
    time.sleep(1.0)
    go.set()
    outcomes = [results.get(timeout=seconds + 120) for _ in workers]
    for worker in workers:
        worker.join()
    saves = [t for s, _ in outcomes for t in s]
    waits = [t for _, w in outcomes for t in w] or [float("nan")]
    return len(saves) / seconds, p95(saves), p95(waits), max(waits)


def watchers(count: int, idle_seconds: float, code: Path) -> tuple[float, float, float, float, int, float]:
    """`count` participant processes watching one remote session: the largest share of a
    core one used while idle, the slowest to show a reveal, their memory, and the median
    CPU one spent drawing the reveal."""
    with tempfile.TemporaryDirectory() as folder, open(CACHE / "watchers.stderr", "w") as errors:
        (session,) = fill(Path(folder), 1, teams=1)
        store = Store(folder)
        store.update(session.id, lambda s: s.model_copy(update={"mode": "remote"}), team=session.team)
        children = [subprocess.Popen([sys.executable, str(HERE / "watcher_child.py"), folder, session.id,
                                      str(idle_seconds)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=errors, text=True, env=child_env(code)) for _ in range(count)]
        try:
            for child in children:
                line = child.stdout.readline()
                if not line.startswith("ready"):
                    raise SystemExit("a watcher did not start")
            time.sleep(3.0)  # the last ones to start settle
            for child in children:
                child.stdin.write("go\n")
                child.stdin.flush()
            idle = [child.stdout.readline().split() for child in children]
            cpu = [float(words[1]) for words in idle]
            rss = [int(words[2]) for words in idle]
            print(f"(reloads while idle: {[int(words[3]) for words in idle]})", flush=True)

            def reveal(current: Session) -> Session:
                copy = current.model_copy(deep=True)
                copy.resilience.revealed = True
                return copy

            revealed_at = time.time()
            store.update(session.id, reveal, team=session.team)
            seen, drawing = [], []
            for child in children:
                words = child.stdout.readline().split()
                seen.append(float(words[1]) - revealed_at if words[:1] == ["revealed"] else float("inf"))
                drawing.extend(float(word) for word in words[2:3])
        finally:
            for child in children:
                child.kill()
                child.wait()
        return max(cpu) / idle_seconds, statistics.median(cpu) / idle_seconds, statistics.median(seen), max(seen), \
            max(rss), statistics.median(drawing or [float("nan")])


# --- saving ------------------------------------------------------------------------------


def saving(total: int, saves: int) -> tuple[float, float]:
    """Saves into random sessions of a copy of a cached store."""
    copy = Path(tempfile.mkdtemp(prefix="smp-bench-saving-"))
    shutil.copytree(cached_store(total, 100), copy, dirs_exist_ok=True)  # the cached store stays as built
    try:
        return _saving(Store(copy), saves)
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def _saving(store: Store, saves: int) -> tuple[float, float]:
    entries = store.listing().entries
    rng = random.Random(5)
    times = []
    for n in range(saves):
        target = store.get(rng.choice(entries).id)
        indicator = BANKS.resilience.indicators[n % 13].id
        person = target.participants[n % 6].id

        def rate(session: Session, indicator: str = indicator, person: str = person, n: int = n) -> Session:
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
        app.workspace.update = lambda *args, **kwargs: None  # type: ignore[method-assign]
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
        app.workspace.finish()
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
    from smp_tui.workspace import Fault, Workspace

    with tempfile.TemporaryDirectory() as folder:
        sessions = fill(Path(folder), earlier + 1, teams=1)
        newest = max(sessions, key=lambda s: s.created_at)
        times = []
        for _ in range(runs):
            store = Store(folder)  # a fresh process's view: nothing cached
            began = time.perf_counter()
            found = Workspace.of(store, BANKS).with_previous(newest.id)
            assert not isinstance(found, Fault), found
            session, previous = found
            export(session, BANKS, "md", previous)
            times.append(time.perf_counter() - began)
        return statistics.median(times)


def screen_open_times(runs: int) -> tuple[float, float]:
    """Time from asking for a screen to it being painted with its data, in the app at 80x24:
    the Summary against the Resilience screen, for the demo's fullest session."""
    import asyncio

    from smp_tui.app import SmpApp
    from smp_tui.demo import seed
    from smp_tui.screens.resilience import ResilienceScreen
    from smp_tui.screens.summary import SummaryScreen

    async def one(folder: str, screen_class) -> float:
        store = Store(folder)
        session = max(store.sessions(), key=lambda s: s.created_at)
        app = SmpApp(store=store, banks=BANKS, cursor_blink=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            began = time.perf_counter()
            await app.push_screen(screen_class(session))
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            return time.perf_counter() - began

    with tempfile.TemporaryDirectory() as folder:
        seed(Store(folder), BANKS)
        summary, resilience = [], []
        for _ in range(runs):  # alternating, so both see the same machine
            summary.append(asyncio.run(one(folder, SummaryScreen)))
            resilience.append(asyncio.run(one(folder, ResilienceScreen)))
        return statistics.median(summary), statistics.median(resilience)


# --- report --------------------------------------------------------------------------------------


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{platform.machine()}, {os.cpu_count()} cores, {memory:.0f} GiB; Python {platform.python_version()}; "
            f"textual {version('textual')}, tinydb {version('tinydb')}, pydantic {version('pydantic')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs and smaller stores (a smoke test)")
    parser.add_argument("--only", default="start,list,locks,watch,save,typing,summary",
                        help="comma-separated sections to run: start,list,locks,watch,save,typing,summary "
                        "(default: all)")
    parser.add_argument("--code", type=Path, default=HERE.parent, help="the smp to measure (default: this one)")
    parser.add_argument("--runs", type=int, help="runs of each alternating measure (default 7, 3 with --quick)")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    quick, only, code = args.quick, set(args.only.split(",")), CODE
    rows: list[tuple[str, str, str]] = []

    def row(what: str, figure: str, target: str = "") -> None:
        rows.append((what, figure, target))
        print(f"{what:<58} {figure:<30} {target}", flush=True)

    runs = args.runs or (3 if quick else 7)
    big_size, big_teams = (1000, 10) if quick else (10000, 100)
    small = cached_store(10, 10)
    compile_once(code)
    if "start" in only:
        with tempfile.TemporaryDirectory() as empty:
            env = child_env(code) | {"TERM": "xterm-256color"}
            minimal = [sys.executable, str(HERE / "minimal_app.py")]
            ours = [sys.executable, "-m", "smp_tui", "--db", empty]
            base_times, smp_times = alternate(
                lambda command: tmux_until("smp-bench-start", command,
                                           "Hello from" if command is minimal else "Sessions, newest first", env),
                [minimal, ours], runs)
        base, mine = statistics.median(base_times), statistics.median(smp_times)
        row("Start in tmux: bare Textual app, Header/Static/Footer (median)", ms(base))
        row("Start in tmux: smp home screen, empty store (median)", ms(mine),
            f"ratio {mine / base:.2f}x (target <= 1.2x)")

    if "list" in only:
        big = cached_store(big_size, big_teams)
        stores = [small, big]
        for store in stores:  # a first listing writes the indexes; the later ones read them
            for index in store.glob("team-*/index.json"):
                index.unlink()
            cold, _ = smp_list(store, code)
        row(f"`smp list`, {big_size} sessions, no index yet (every file read, indexes written)", ms(cold))
        listed = alternate(lambda store: smp_list(store, code), stores, runs)
        (small_time, big_time) = (statistics.median(t for t, _ in r) for r in listed)
        (small_peak, big_peak) = (max(k for _, k in r) for r in listed)
        row("`smp list`, 10 sessions in 10 teams (median / peak memory)",
            f"{ms(small_time)} / {small_peak / 1024:.0f} MiB")
        row(f"`smp list`, {big_size} sessions in {big_teams} teams (median / peak memory)",
            f"{ms(big_time)} / {big_peak / 1024:.0f} MiB",
            f"ratios {big_time / small_time:.2f}x / {big_peak / small_peak:.2f}x (target <= 1.5x)")
        env = child_env(code) | {"TERM": "xterm-256color"}
        titles = {store: newest_title(store) for store in stores}
        shown = alternate(lambda store: tmux_until(
            "smp-bench-list", [sys.executable, "-m", "smp_tui", "--db", str(store)],
            titles[store], env), stores, runs)
        small_shown, big_shown = (statistics.median(r) for r in shown)
        small_mem, big_mem = (max(tui_peak(store, code) for _ in range(1 if quick else 3)) for store in stores)
        row("Home screen in tmux 120x40 until the newest session shows, 10 sessions (median)", ms(small_shown))
        row(f"Home screen until the newest session shows, {big_size} sessions (median)", ms(big_shown),
            f"ratio {big_shown / small_shown:.2f}x (target <= 1.5x)")
        row(f"Home screen peak memory, list filled: 10 / {big_size} sessions",
            f"{small_mem / 1024:.0f} / {big_mem / 1024:.0f} MiB", f"ratio {big_mem / small_mem:.2f}x (target <= 1.5x)")

    if "locks" in only:
        seconds = 3 if quick else 10
        with tempfile.TemporaryDirectory() as folder:
            sessions = fill(Path(folder), 8, teams=1)
            rate, save95, wait95, wait_max = saving_processes(Path(folder), sessions, seconds)
            row("8 processes, each saving into its own session of one team",
                f"{rate:.0f} saves/s, p95 {ms(save95)}", f"lock wait p95 {ms(wait95)}, max {ms(wait_max)}")
            rate, save95, wait95, wait_max = saving_processes(Path(folder), [sessions[0]] * 8, seconds)
            row("8 processes saving into one session, as fast as they can",
                f"{rate:.0f} saves/s, p95 {ms(save95)}", f"lock wait p95 {ms(wait95)} (target: save p95 <= 50 ms)")
            for target, pause in ((sessions[1], 0.25), (sessions[2], 1.0)):
                rate, save95, wait95, wait_max = saving_processes(Path(folder), [target] * 8, seconds, pause=pause)
                row(f"8 processes saving into one session, each every {pause * 1000:.0f} ms on average",
                    f"{rate:.0f} saves/s, p95 {ms(save95)}", f"lock wait p95 {ms(wait95)} (target: save p95 <= 50 ms)")

    if "watch" in only:
        count, idle = (10, 10.0) if quick else (50, 30.0)
        cpu_max, cpu_median, seen_median, seen, rss, drawing = watchers(count, idle, code)
        row(f"{count} participant processes watching one session, idle {idle:.0f} s",
            f"CPU max {100 * cpu_max:.2f}% / median {100 * cpu_median:.2f}% of a core",
            "target < 1% each")
        row(f"{count} watchers: time to show a reveal, median / slowest", f"{seen_median:.2f} / {seen:.2f} s",
            "target: all <= 2 s")
        row("CPU one watcher spends from noticing a reveal to showing it (median)", ms(drawing))
        row("Memory of one participant process (resident, largest)", f"{rss / 1024:.0f} MiB")

    if "save" in only:
        sizes = (100, 1000) if quick else (100, 1000, 10000)
        medians = {}
        for size in sizes:
            median, slow = saving(size, 20 if quick else 50)
            medians[size] = median
            row(f"Save one rating, {size} sessions over 100 teams (median / p95)", f"{ms(median)} / {ms(slow)}")
        row(f"Saving ratio {sizes[-1]} : 100", f"{medians[sizes[-1]] / medians[100]:.2f}x", "target <= 2x")

    if "typing" in only:
        typed = typing(50 if quick else 200)
        row("Keypress to screen, resilience, saving on (median / p95)", f"{ms(typed['on'][0])} / {ms(typed['on'][1])}")
        row("Keypress to screen, saving off (median / p95)", f"{ms(typed['off'][0])} / {ms(typed['off'][1])}",
            f"p95 ratio {typed['on'][1] / typed['off'][1]:.2f}x (target <= 2x)")

    if "summary" in only:
        none = summary_time(0, 3 if quick else 10)
        hundred = summary_time(100, 3 if quick else 10)
        row("Summary export, no earlier sessions (median)", ms(none))
        row("Summary export, 100 earlier sessions (median)", ms(hundred), f"ratio {hundred / none:.2f}x (target <= 2x)")
        summary_screen, resilience_screen = screen_open_times(3 if quick else 7)
        row("Open the Summary / the Resilience screen of one full session, 80x24 (median)",
            f"{ms(summary_screen)} / {ms(resilience_screen)}",
            f"ratio {summary_screen / resilience_screen:.2f}x (target <= 1.5x)")

    command = " ".join(["python bench/run.py", *sys.argv[1:]])
    lines = [
        "# smp benchmark results", "",
        f"Run {datetime.now():%Y-%m-%d %H:%M} with `{command}` on {machine()}.",
        "", "| measure | figure | target / ratio |", "| --- | --- | --- |",
        *(f"| {a} | {b} | {c} |" for a, b, c in rows), "",
    ]
    notes = (HERE / "NOTES.md").read_text() if (HERE / "NOTES.md").exists() else ""
    args.output.write_text("\n".join(lines) + ("\n" + notes if notes else ""))
    print(f"\nwritten to {args.output}")


if __name__ == "__main__":
    main()
