"""smp in a terminal that is missing or goes away: it refuses to start without one, and
ends (pending saves written) when the terminal hangs up or the process is told to stop."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from smp_tui.models import Session, new_join_code
from smp_tui.store import Store

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("command", [["join"], ["join", "ABC-DEF"], ["checkin"], ["me"], ["demo"], []])
def test_no_terminal_is_refused_before_textual_loads(tmp_path, command):
    probe = (
        "import sys\n"
        "from smp_tui.cli import main\n"
        f"code = main(['--db', {str(tmp_path / 'store')!r}, *{command!r}])\n"
        "print('textual loaded' if 'textual' in sys.modules else 'textual not loaded')\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=30, env=os.environ | {"PYTHONPATH": str(REPO)})
    assert done.returncode == 2
    assert "needs a terminal" in done.stderr and "ssh -t" in done.stderr
    assert done.stdout.strip() == "textual not loaded"
    assert not (tmp_path / "store").exists()  # nothing was opened, let alone written


class Terminal:
    """smp running in a pseudo-terminal of its own, 80x24, as sshd would give it."""

    def __init__(self, args: list[str], own_session: bool = True) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        env = os.environ | {"PYTHONPATH": str(REPO), "TERM": "xterm-256color"}
        env.pop("TEXTUAL_DRIVER", None)
        self.process = subprocess.Popen([sys.executable, "-m", "smp_tui", *args], stdin=slave, stdout=slave,
                                        stderr=slave, env=env, start_new_session=own_session)
        os.close(slave)
        self.seen = b""

    def read_until(self, text: str, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while text.encode() not in self.seen:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.master], [], [], left)[0]:
                raise AssertionError(f"{text!r} never appeared; the terminal showed: {self.seen[-2000:]!r}")
            try:
                self.seen += os.read(self.master, 65536)
            except OSError:  # the app has gone: its side of the terminal is closed
                raise AssertionError(f"smp ended before showing {text!r}: {self.seen[-2000:]!r}") from None

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def hang_up(self) -> None:
        os.close(self.master)

    def wait(self, seconds: float = 15) -> int:
        try:
            return self.process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError(f"smp still running {seconds:.0f}s after its terminal went away") from None


def joined(tmp_path: Path, banks) -> tuple[Store, Session, Terminal]:
    store = Store(tmp_path / "store")
    session = Session(team="Signals", title="Hang-up", mode="remote", join_code=new_join_code())
    store.save(session)
    terminal = Terminal(["--db", str(store.folder), "join", session.join_code])
    terminal.read_until("Found:")
    return store, session, terminal


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM])
def test_a_signal_quits_cleanly_with_the_signals_exit_code(tmp_path, banks, signum):
    _store, _session, terminal = joined(tmp_path, banks)
    terminal.process.send_signal(signum)
    assert terminal.wait() == 128 + signum
    assert b"\x1b[?1049l" in _drain(terminal)  # Textual left the alternate screen: a clean exit, not a kill


def test_the_terminal_closing_ends_smp_without_a_signal(tmp_path, banks):
    """The far end of the terminal closes (sshd gone) but no SIGHUP reaches smp: it still ends."""
    _store, _session, terminal = joined(tmp_path, banks)
    terminal.hang_up()
    assert terminal.wait() == 128 + signal.SIGHUP


def test_ratings_typed_just_before_a_hang_up_are_saved(tmp_path, banks):
    store, session, terminal = joined(tmp_path, banks)
    terminal.type("Ann\r")
    terminal.read_until("I have written it down")  # the rejoin code, shown once
    terminal.type("\r")
    terminal.read_until("0 of 13 answered")
    terminal.type("4" * 13)
    terminal.read_until("13 of 13 answered")
    terminal.process.send_signal(signal.SIGHUP)
    assert terminal.wait() == 128 + signal.SIGHUP
    stored = Store(store.folder).get(session.id)
    assert [r.score for r in stored.resilience.ratings] == [4] * 13


def _drain(terminal: Terminal) -> bytes:
    while select.select([terminal.master], [], [], 0.5)[0]:
        try:
            chunk = os.read(terminal.master, 65536)
        except OSError:
            break
        if not chunk:
            break
        terminal.seen += chunk
    return terminal.seen


def test_a_checkin_stopped_by_sigterm_keeps_what_was_answered(tmp_path, banks):
    """The check-in saves through the queue off the UI thread: a SIGTERM right after the
    keys still writes them before the process ends."""
    import getpass

    from smp_tui.screens.checkin import checkin_team

    store_dir = tmp_path / "store"
    terminal = Terminal(["--db", str(store_dir), "checkin"])
    terminal.read_until("Check-in: rate your team today")
    terminal.type("45")
    terminal.read_until("Strong")  # the second answer, 5, on screen
    terminal.process.send_signal(signal.SIGTERM)
    assert terminal.wait() == 128 + signal.SIGTERM
    [kept] = Store(store_dir).sessions(checkin_team(getpass.getuser()))
    assert [r.score for r in kept.resilience.ratings] == [4, 5]


def test_a_byte_that_is_not_utf8_is_shown_as_a_replacement_not_a_crash(tmp_path, banks):
    """A terminal set to Latin-1 sends "é" as one byte that is not UTF-8: Textual's input
    thread decoded strictly, so smp ended with a traceback naming its install paths."""
    store, session, terminal = joined(tmp_path, banks)
    os.write(terminal.master, b"Zo\xe9\r")
    terminal.read_until("I have written it down")
    terminal.type("\r")
    terminal.read_until("0 of 13 answered")
    assert terminal.process.poll() is None and b"Traceback" not in terminal.seen
    terminal.process.send_signal(signal.SIGTERM)
    assert terminal.wait() == 128 + signal.SIGTERM
    assert [p.name for p in Store(store.folder).get(session.id).participants] == ["Zo\ufffd"]
