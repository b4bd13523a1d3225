"""Child process for bench/run.py: one participant watching a remote session, headless,
as `smp join` shows it. Prints `ready`, then the CPU seconds it used while idle for the
time asked, then `revealed <unix time>` once its screen shows the revealed results."""

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
    state = {"revealed": False}

    def show(screen) -> None:
        shown(screen)
        if screen.session.resilience.revealed and not state["revealed"]:
            state["revealed"] = True
            screen.call_after_refresh(lambda: print(f"revealed {time.time():.6f}", flush=True))

    ParticipantScreen._show = show
    app = SmpApp(store=store, banks=load_banks(), cursor_blink=False,
                 first_screen=ParticipantScreen(session, session.participants[0].id))

    def idle() -> None:
        time.sleep(1.0)  # let the first screen settle
        before = cpu_seconds()
        print("ready", flush=True)
        time.sleep(idle_seconds)
        rss_kib = int(open("/proc/self/statm").read().split()[1]) * resource.getpagesize() // 1024
        print(f"idle {cpu_seconds() - before:.4f} {rss_kib}", flush=True)

    threading.Thread(target=idle, daemon=True).start()
    app.run(headless=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]))
