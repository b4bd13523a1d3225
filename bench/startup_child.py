"""Child process for bench/run.py: start an app headless, report when its first screen
is painted (seconds since this process started) and the peak memory, then exit."""

from __future__ import annotations

import resource
import sys
import time

STARTED = time.perf_counter()


def report(app, then_exit: bool = True) -> None:
    painted = time.perf_counter() - STARTED
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"painted {painted:.6f} {peak_kib}", flush=True)
    if then_exit:
        app.exit()


def loaded(app) -> None:
    """The list of sessions is filled: report the peak memory by then, and stop."""
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"loaded {time.perf_counter() - STARTED:.6f} {peak_kib}", flush=True)
    app.exit()


def minimal() -> None:
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Minimal(App):
        def compose(self):
            yield Header()
            yield Static("Hello")
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(report, self)

    Minimal().run(headless=True)


def smp(folder: str) -> None:
    """Exactly what `smp --db FOLDER` does, headless, stopping at the first paint."""
    from smp_tui import cli
    from smp_tui.app import SmpApp
    from smp_tui.screens.home import HomeScreen

    mounted, shown = HomeScreen.on_mount, HomeScreen._show

    def on_mount(screen) -> None:
        mounted(screen)
        screen.call_after_refresh(report, screen.app, False)

    def show(screen, *args) -> None:
        shown(screen, *args)
        screen.call_after_refresh(loaded, screen.app)

    HomeScreen.on_mount, HomeScreen._show = on_mount, show
    try:  # headless has no terminal; smp refuses to start without one
        import smp_tui.terminal

        smp_tui.terminal.has_terminal = lambda: True
    except ImportError:  # code from before that check
        pass
    run = SmpApp.run
    SmpApp.run = lambda app, **kwargs: run(app, headless=True, **kwargs)
    cli.main(["--db", folder])


if __name__ == "__main__":
    if sys.argv[1] == "minimal":
        minimal()
    else:
        smp(sys.argv[2])
