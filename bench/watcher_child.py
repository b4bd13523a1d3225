"""Child process for bench/run.py: one participant watching a remote session, headless,
as `smp join` shows it. Prints `ready`, then the CPU seconds it used while idle for the
time asked from when it reads a line (every watcher is up by then), then `revealed <unix
time>` once its screen shows the revealed results."""

from __future__ import annotations

import resource
import sys
import threading
import time


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(folder: str, session_id: str, idle_seconds: float) -> None:
    from smp_tui.app import SmpApp
    from smp_tui.banks import load_banks
    from smp_tui.screens.remote import ParticipantScreen
    from smp_tui.store import Store

    store = Store(folder)
    session = store.get(session_id)
    shown = ParticipantScreen._show
    state = {"revealed": False, "painted": False}

    def show(screen) -> None:
        shown(screen)
        if not state["painted"]:  # idle from when its screen is up, start-up work done
            state["painted"] = True
            screen.call_after_refresh(lambda: threading.Thread(target=idle, daemon=True).start())
        if screen.session.resilience.revealed and not state["revealed"]:
            state["revealed"] = True
            screen.call_after_refresh(lambda: print(f"revealed {time.time():.6f}", flush=True))

    ParticipantScreen._show = show
    reloads = [0]
    changed = ParticipantScreen.on_store_changed

    def on_store_changed(screen, event) -> None:
        reloads[0] += 1
        changed(screen, event)

    ParticipantScreen.on_store_changed = on_store_changed
    app = SmpApp(store=store, banks=load_banks(), cursor_blink=False,
                 first_screen=ParticipantScreen(session, session.participants[0].id))

    def idle() -> None:
        print("ready", flush=True)
        sys.stdin.readline()  # every watcher is up: measure from now
        before, reloads_before = cpu_seconds(), reloads[0]
        time.sleep(idle_seconds)
        rss_kib = int(open("/proc/self/statm").read().split()[1]) * resource.getpagesize() // 1024
        print(f"idle {cpu_seconds() - before:.4f} {rss_kib} {reloads[0] - reloads_before}", flush=True)

    app.run(headless=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]))
