from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from hypothesis import settings

# Keep compiled modules (smp_tui's, and pytest's rewritten test modules) between runs and
# workers even where PYTHONDONTWRITEBYTECODE is set: otherwise each of the workers
# compiles them all again, 3.5 s of CPU a worker before its first test.
sys.dont_write_bytecode = False

# No deadline on a hypothesis example: how long code takes is measured by bench/, never
# asserted by a test, and with two workers a core an example's time varies with the load.
settings.register_profile("smp", deadline=None)
settings.load_profile("smp")

# Tests never touch a real user's store, whatever the environment says.
os.environ.pop("SMP_DB", None)
os.environ["TEXTUAL_ANIMATIONS"] = "none"
os.environ["TZ"] = "UTC"
time.tzset()

from smp_tui.models import Participant, Session  # noqa: E402
from smp_tui.store import Store  # noqa: E402


def _parse_css_once_per_process() -> None:
    """Each Textual app parses the CSS of every widget class it mounts and of smp.tcss
    afresh (its cache belongs to its own stylesheet): a quarter of an app start, and the
    suite starts some 350 apps, a dozen or more in each worker process. Here the rules
    parsed from the same CSS with the same theme variables are kept for the process.
    What a test sees is unchanged: the rules are only read, and CSS with an error still
    fails every app that reads it (rules kept with their errors are reported again)."""
    import inspect

    from textual.css.stylesheet import Stylesheet

    parse_rules = Stylesheet._parse_rules
    expected = ["self", "css", "read_from", "is_default_rules", "tie_breaker", "scope"]
    assert list(inspect.signature(parse_rules).parameters) == expected, "Textual changed: review this cache"
    parsed: dict[tuple, object] = {}

    def parse_rules_once(self, css, read_from, is_default_rules=False, tie_breaker=0, scope=""):
        key = (css, read_from, is_default_rules, tie_breaker, scope, frozenset(self._variables.items()))
        rules = parsed.get(key)
        if rules is None:
            rules = parsed[key] = parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
        return rules

    Stylesheet._parse_rules = parse_rules_once


_parse_css_once_per_process()


def _draw_headless_frames_only_when_looked_at() -> None:
    """A headless app (every Pilot test) draws each frame and then throws it away: the
    headless driver shows nothing. That drawing was an eighth of the suite's CPU (289 s of
    CPU for the suite before, 253 s after; a third of an app start's). Here a headless app
    draws a screen in full only when a test looks at it (a snapshot, `drawn`, a screenshot:
    they render on their own), when the screen is left (another pushed over it, or it is
    popped or switched away) and as the app closes, whether the test or the app ends it. So
    a widget that cannot draw what it holds still fails its test on every screen a test
    visits, as long as it still cannot draw when that screen is left; one broken only
    between two keys is caught by a run with every frame drawn: SMP_DRAW_EVERY_FRAME=1
    turns this off. Textual computes a few things only while drawing (an OptionList's
    scrolling height after a resize): a test about scrolling calls `drawn` first."""
    if os.environ.get("SMP_DRAW_EVERY_FRAME"):
        return
    from textual.app import App
    from textual.screen import Screen

    assert all(hasattr(App, name) for name in ("_shutdown", "push_screen", "pop_screen", "switch_screen",
                                               "_handle_exception")) \
        and hasattr(Screen, "_compositor_refresh"), "Textual changed: review this"
    compositor_refresh = Screen._compositor_refresh

    def refresh_unless_unseen(self) -> None:
        app = self.app
        if app.is_headless and not app.is_inline:
            self._compositor._dirty_regions.clear()
            self._dirty_widgets.clear()
            app._update_mouse_over(self)
            return
        compositor_refresh(self)

    def draw_the_top_screen(app: App) -> Exception | None:
        if not (app.is_headless and app._exception is None and app.screen_stack):
            return None
        try:
            app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
        except Exception as error:  # noqa: BLE001 (reported as Textual reports a frame it cannot draw)
            return error
        return None

    def drawn_first(change):
        def change_after_drawing(self, *args, **kwargs):
            error = draw_the_top_screen(self)
            if error is not None:
                self._handle_exception(error)  # the app ends with it, and run_test raises it
            return change(self, *args, **kwargs)
        return change_after_drawing

    shutdown = App._shutdown

    async def draw_the_last_frame_then_shut_down(self) -> None:
        error = draw_the_top_screen(self)
        if error is not None:
            self._exception = error  # run_test raises it, failing the test
        await shutdown(self)

    Screen._compositor_refresh = refresh_unless_unseen
    App._shutdown = draw_the_last_frame_then_shut_down
    for name in ("push_screen", "pop_screen", "switch_screen"):
        setattr(App, name, drawn_first(getattr(App, name)))


_draw_headless_frames_only_when_looked_at()


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: three workers a core. A test under Pilot spends much of its time asleep
    (Pilot waits twice 20 ms, at least, for the app to go idle after every key) and the three
    SSH tests mostly wait for a terminal, so one worker a core leaves the cores idle.
    Measured on 2 cores, the whole suite, warm: 5 workers 154.8 and 155.0 s; 6 workers
    144.7, 151.3 and 150.7 s; 7 workers 133.6, 147.4 and 175.2 s; more gained nothing sure
    and loads the machine more (a loaded machine is where the SSH tests wait longest).
    PYTEST_XDIST_AUTO_NUM_WORKERS still wins."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return int(os.environ["PYTEST_XDIST_AUTO_NUM_WORKERS"])
    return 3 * len(os.sched_getaffinity(0))


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput") and config.getoption("numprocesses", None):
        _rewrite_the_test_modules_before_the_workers_start(config)


def _rewrite_the_test_modules_before_the_workers_start(config: pytest.Config) -> None:
    """pytest rewrites each test module's asserts on import and keeps the result in
    __pycache__; on a fresh clone (CI) the workers, starting together, each found
    nothing kept and rewrote all 10,000 lines: 2.6 s of CPU a worker before its first test.
    Here the controller writes the same files first, one process a core, as pytest's own
    import hook would. Only a speed-up: if pytest's internals differ, each worker rewrites
    on import as before (and a test file that does not parse fails in the workers, where it
    is reported)."""
    import concurrent.futures
    import multiprocessing

    try:
        from _pytest.assertion import rewrite
    except ImportError:
        return
    if not all(hasattr(rewrite, name) for name in ("_read_pyc", "_rewrite_test", "_write_pyc", "get_cache_dir",
                                                   "PYC_TAIL", "assertstate_key")):
        return
    if config.getoption("assertmode", "rewrite") != "rewrite" or rewrite.assertstate_key not in config.stash:
        return
    missing = [path for path in sorted(Path(__file__).parent.glob("test_*.py"))
               if rewrite._read_pyc(path, rewrite.get_cache_dir(path) / (path.name[:-3] + rewrite.PYC_TAIL)) is None]
    if not missing:
        return

    global _config_of_the_controller  # a forked process reads it: nothing to pickle but paths
    _config_of_the_controller = config
    with concurrent.futures.ProcessPoolExecutor(len(os.sched_getaffinity(0)),
                                                mp_context=multiprocessing.get_context("fork")) as pool:
        list(pool.map(_rewrite_and_keep, missing))


_config_of_the_controller: pytest.Config | None = None


def _rewrite_and_keep(path: Path) -> None:
    from _pytest.assertion import rewrite

    config = _config_of_the_controller
    assert config is not None
    try:
        source_stat, code = rewrite._rewrite_test(path, config)
    except Exception:  # noqa: BLE001 (a file that does not parse: the worker importing it reports it)
        return
    pyc = rewrite.get_cache_dir(path) / (path.name[:-3] + rewrite.PYC_TAIL)
    pyc.parent.mkdir(exist_ok=True)
    rewrite._write_pyc(config.stash[rewrite.assertstate_key], code, source_stat, pyc)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked `long` first: xdist hands tests out two at a time (--maxschedchunk 2 in
    pyproject.toml), so the long ones start at once on different workers and the short ones
    fill in around them, instead of one long test running alone at the end. The order is
    otherwise kept."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


@pytest.fixture(autouse=True)
def settings_file(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> Path:
    """Tests never read or write a real user's settings, home or documents folder (and
    keep them out of the test's own tmp_path, which some tests list)."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    path = tmp_path_factory.mktemp("settings") / "settings.toml"
    monkeypatch.setenv("SMP_SETTINGS", str(path))
    return path


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def store(store_dir: Path) -> Store:
    return Store(store_dir)


@pytest.fixture(scope="session")
def banks():
    from tests.snapshots_support import shipped_banks

    return shipped_banks()


def make_session(team: str = "Blue team", title: str = "Spring away-day", **fields) -> Session:
    fields.setdefault("participants", [Participant(name="Ann"), Participant(name="Bob")])
    return Session(team=team, title=title, **fields)


@pytest.fixture
def snap_compare(snap_compare):
    """pytest-textual-snapshot's snap_compare, with each key of `press` pressed inside
    `run_before` and followed by the same wait (every save, load and worker finished):
    a screen that loads in a worker is captured when it has loaded, not by timing luck."""
    from tests.snapshots_support import settled

    def compare(app, press=(), run_before=None, **kwargs):
        wait = run_before or settled

        async def before(pilot) -> None:
            await wait(pilot)
            for key in press:
                await pilot.press(key)
                await wait(pilot)

        return snap_compare(app, run_before=before, **kwargs)

    return compare


def pytest_collection_finish(session: pytest.Session) -> None:
    """Collect garbage less often in the test processes: each runs a hundred apps or more,
    and Python's collector scanned every object they left and every module imported,
    a fifth of a worker's CPU (measured with gc.callbacks). Everything loaded before the
    first test is set aside for good (gc.freeze) and a collection starts after 50,000 new
    objects instead of 700. Nothing a test asserts depends on when garbage is collected."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
