"""Child process for bench/run.py: one participant watching a remote session, headless,
as `smp join` shows it once joined (ParticipantApp with its ParticipantWorkspace seated
as the session's first person, on the AnswersScreen). Prints `ready`, then the CPU
seconds it used while idle for the time asked from when it reads a line (every watcher
is up by then), then `revealed <unix time> <CPU seconds>` once its screen shows the
revealed results: when, and the CPU it spent from noticing the change to that paint."""

from __future__ import annotations

import resource
import sys
import threading
import time


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(folder: str, session_id: str, idle_seconds: float) -> None:
    import smp_tui.screens.participant as screens
    from smp_tui.banks import load_banks
    from smp_tui.participant import ParticipantWorkspace, Seat
    from smp_tui.participant_app import ParticipantApp
    from smp_tui.store import Store

    store = Store(folder)
    session = store.get(session_id)
    participant = ParticipantWorkspace(store, load_banks())
    person = session.participants[0]
    # seated as after joining (the join screen and its one save are not what is measured)
    participant.seat = Seat(session.id, session.team, person.id, person.name)
    screens.JoinScreen = lambda code: screens.AnswersScreen()  # the app's first screen, once seated

    shown = screens.AnswersScreen._show
    state = {"revealed": False, "painted": False, "reload_began": 0.0}
    reloads = [0]

    def show(screen, view) -> None:
        shown(screen, view)
        if not state["painted"]:  # idle from when its screen is up, start-up work done
            state["painted"] = True
            screen.call_after_refresh(lambda: threading.Thread(target=idle, daemon=True).start())
        if view.revealed and not state["revealed"]:
            state["revealed"] = True
            screen.call_after_refresh(lambda: print(
                f"revealed {time.time():.6f} {cpu_seconds() - state['reload_began']:.4f}", flush=True))

    reload = screens.AnswersScreen.reload

    def counted_reload(screen) -> None:
        reloads[0] += 1
        state["reload_began"] = cpu_seconds()
        reload(screen)

    screens.AnswersScreen._show = show
    screens.AnswersScreen.reload = counted_reload
    app = ParticipantApp(participant, session.join_code or "", cursor_blink=False)

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
