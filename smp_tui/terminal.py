"""The terminal an interactive smp runs in. No Textual here: the check runs before it loads.

Without a terminal (`ssh -T`, `ssh host cmd`, a pipe) the app cannot be used, and
Textual's input loop would spin on the closed input for ever, so smp refuses to start.
When the terminal goes away (SIGHUP, SIGTERM, or the far end of the terminal closing)
smp asks the app to exit (which queues what was typed, for the caller to write), and ends
the process if that has not happened within a few seconds."""

from __future__ import annotations

import os
import select
import signal
import sys
import threading
from typing import Protocol


def has_terminal() -> bool:
    """True when both the input and the output are a terminal (or textual-serve, which
    sets TEXTUAL_DRIVER and talks to the app over pipes, is running it)."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return True
    return sys.stdin.isatty() and sys.stdout.isatty()


def no_terminal_message(command: str) -> str:
    return (
        f"`{command}` needs a terminal, and this one has none (its input or output is not a terminal).\n"
        "Over SSH, connect with a terminal: `ssh -t HOST` (not `ssh -T`, and no command after the host)."
    )


class ExitableApp(Protocol):
    def call_from_thread(self, callback, *args, **kwargs): ...
    def exit(self) -> None: ...


class HangupWatch:
    """Exits `app` cleanly when the terminal goes away; use `install()` before `app.run()`
    (signal handlers can only be set from the main thread). Nobody is there to answer a
    question any more, so this is `exit()`, never the quit action's "not saved" dialog."""

    DEADLINE_SECONDS = 5.0  # to write pending saves and restore the terminal, then the process ends

    def __init__(self, app: ExitableApp) -> None:
        self.app = app
        self.signal: int | None = None  # the signal that ended the app, if one did
        self.hung_up = False  # the terminal closed without a signal
        self._wake_read, self._wake_write = os.pipe()

    @property
    def exit_code(self) -> int | None:
        """The process's exit code when the terminal went away: 128 + the signal, as a shell reports it."""
        if self.signal is not None:
            return 128 + self.signal
        return 128 + signal.SIGHUP if self.hung_up else None

    @property
    def terminal_gone(self) -> bool:
        return self.hung_up or self.signal == signal.SIGHUP

    def forget_terminal(self) -> None:
        """Once the terminal is gone, send what is still written to it nowhere: a failed flush
        of the output at exit would otherwise turn the exit code into Python's 120."""
        if self.terminal_gone:
            nowhere = os.open(os.devnull, os.O_WRONLY)
            os.dup2(nowhere, 1)
            os.dup2(nowhere, 2)
            os.close(nowhere)

    def install(self) -> None:
        for signum in (signal.SIGHUP, signal.SIGTERM):
            signal.signal(signum, self._on_signal)
        threading.Thread(target=self._watch, name="smp-hangup-watch", daemon=True).start()

    def _on_signal(self, signum: int, _frame) -> None:
        # Only what is safe inside a signal handler: note it and wake the watching thread.
        self.signal = signum
        os.write(self._wake_write, b"!")

    def _watch(self) -> None:
        poller = select.poll()
        # Registered with no events, poll still reports a hang-up or an error on the input:
        # a pty whose far end has closed, or a pipe whose writer has gone.
        poller.register(sys.stdin.fileno(), 0)
        poller.register(self._wake_read, select.POLLIN)
        while True:
            events = poller.poll()
            if any(fd == self._wake_read for fd, _ in events):
                break
            if any(mask & (select.POLLHUP | select.POLLERR | select.POLLNVAL) for _, mask in events):
                self.hung_up = True
                break
        deadline = threading.Timer(self.DEADLINE_SECONDS, os._exit, [self.exit_code])
        deadline.daemon = True
        deadline.start()
        try:
            self.app.call_from_thread(self.app.exit)
        except Exception:  # the app is not running (yet, or any more): nothing left to save
            os._exit(self.exit_code)
