"""smp served for real: to a browser with textual-serve, and over OpenSSH to two people
at once, each in their own terminal, in one remote session."""

from __future__ import annotations

import getpass
import os
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from smp_tui.app import SmpApp
from smp_tui.cli import main
from smp_tui.models import Session, new_join_code, show_join_code
from smp_tui.screens.resilience import ResilienceScreen
from smp_tui.store import Store
from tests.snapshots_support import settled

REPO = Path(__file__).resolve().parent.parent
SSHD = shutil.which("sshd") or "/usr/sbin/sshd"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.25)
    raise AssertionError(f"gave up after {seconds:.0f}s waiting for {what}")


def test_serve_gives_a_browser_page(tmp_path):
    port = free_port()
    env = os.environ | {"PYTHONPATH": str(REPO)}
    server = subprocess.Popen(
        [sys.executable, "-m", "smp_tui", "--db", str(tmp_path / "store"), "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
    )
    try:
        def page():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    return response.status, response.read().decode()
            except OSError:
                return None

        status, body = wait_for(page, 30, "smp serve to answer")
        assert status == 200 and "<html" in body.lower() and "smp" in body
    finally:
        server.terminate()
        server.wait(timeout=10)


class RecordingServer:
    """Stands in for textual-serve's Server: records what would be served, serves nothing."""

    served: list[dict] = []

    def __init__(self, command: str, host: str, port: int, title: str) -> None:
        self.served.append({"command": shlex.split(command), "host": host, "port": port})

    def serve(self) -> None:
        pass


@pytest.fixture
def served(monkeypatch) -> list[dict]:
    import textual_serve.server

    RecordingServer.served = []
    monkeypatch.setattr(textual_serve.server, "Server", RecordingServer)
    return RecordingServer.served


def test_serve_gives_the_join_screen_on_this_machine_only_by_default(tmp_path, served, capsys):
    assert main(["--db", str(tmp_path / "store"), "serve"]) == 0
    [server] = served
    assert server["host"] == "127.0.0.1"
    assert server["command"][-1] == "join" and server["command"][-3:-1] == ["--db", str(tmp_path / "store")]
    assert "join screen" in capsys.readouterr().out


def test_serve_full_app_on_this_machine(tmp_path, served, capsys):
    assert main(["--db", str(tmp_path / "store"), "serve", "--full", "--host", "::1"]) == 0
    [server] = served
    assert "join" not in server["command"]
    assert "WARNING" not in capsys.readouterr().err


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10", "::", "smp.example.org"])
def test_serve_full_app_on_a_network_is_refused_without_the_flag(tmp_path, served, capsys, host):
    assert main(["--db", str(tmp_path / "store"), "serve", "--full", "--host", host]) == 2
    assert served == []
    assert "refusing to serve the whole app" in capsys.readouterr().err
    assert main(["--db", str(tmp_path / "store"), "serve", "--full", "--host", host, "--full-on-network"]) == 0
    assert served[0]["host"] == host and "join" not in served[0]["command"]
    assert "WARNING" in capsys.readouterr().err


def test_serve_join_screen_on_a_network_needs_no_flag(tmp_path, served, capsys):
    assert main(["--db", str(tmp_path / "store"), "serve", "--host", "0.0.0.0"]) == 0
    assert served[0]["command"][-1] == "join"
    assert "WARNING" not in capsys.readouterr().err


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(not Path(SSHD).exists() or shutil.which("tmux") is None or shutil.which("ssh") is None,
                    reason="OpenSSH server, ssh client or tmux not installed (.ci/run installs them as root)")
def test_two_people_over_ssh_rate_in_one_session(tmp_path, banks):
    store_dir = tmp_path / "store"
    store = Store(store_dir)
    session = Session(team="SSH team", title="Remote review", mode="remote", anonymous=True,
                      join_code=new_join_code())
    store.save(session)
    keys = tmp_path / "keys"
    keys.mkdir()
    for name in ("host", "client"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(keys / name)], check=True)
    (keys / "authorized_keys").write_text((keys / "client.pub").read_text())
    port = free_port()
    smp = f"/usr/bin/env PYTHONPATH={REPO} SMP_DB={store_dir} {sys.executable} -m smp_tui join"
    config = tmp_path / "sshd_config"
    config.write_text(f"""\
Port {port}
ListenAddress 127.0.0.1
HostKey {keys / 'host'}
PidFile {tmp_path / 'sshd.pid'}
AuthorizedKeysFile {keys / 'authorized_keys'}
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
AllowTcpForwarding no
X11Forwarding no
PrintMotd no
ForceCommand {smp}
LogLevel ERROR
""")
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(exist_ok=True)  # sshd's privilege-separation folder
    sshd = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)], stderr=subprocess.PIPE)
    sessions = ["smp-ssh-a", "smp-ssh-b"]
    try:
        def listening() -> bool:
            if sshd.poll() is not None:
                pytest.fail(f"sshd stopped: {sshd.stderr.read().decode()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
            except OSError:
                return False
            return True

        wait_for(listening, 15, "sshd to listen")
        ssh = (f"ssh -tt -i {keys / 'client'} -p {port} -o StrictHostKeyChecking=no "
               f"-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR {getpass.getuser()}@127.0.0.1")
        for name, term in zip(sessions, ("xterm-256color", "xterm")):
            tmux("new-session", "-d", "-s", name, "-x", "80", "-y", "24", f"TERM={term} {ssh}")
        for name in sessions:
            wait_for(lambda n=name: "Join a remote session" in tmux("capture-pane", "-p", "-t", n), 60,
                     f"the join screen over ssh in {name}")
        code = show_join_code(session.join_code)
        for name, person in zip(sessions, ("Ann", "Bob")):
            tmux("send-keys", "-t", name, code, "Enter")
            wait_for(lambda n=name: "Found:" in tmux("capture-pane", "-p", "-t", n), 30, "the session")
            tmux("send-keys", "-t", name, person, "Enter")
            wait_for(lambda n=name: "0 of 13 rated" in tmux("capture-pane", "-p", "-t", n), 30, "the rating screen")
        for name, score in zip(sessions, ("4", "2")):
            for _ in range(13):
                tmux("send-keys", "-t", name, score)
                time.sleep(0.15)
        for name in sessions:
            wait_for(lambda n=name: "13 of 13 rated" in tmux("capture-pane", "-p", "-t", n), 30, "all 13 rated")

        def both_saved():
            stored = Store(store_dir).get(session.id)
            return stored if len(stored.resilience.ratings) == 26 else None

        stored = wait_for(both_saved, 30, "both sets of ratings in the store")
        people = {p.name: p.id for p in stored.participants}
        assert set(people) == {"Ann", "Bob"}
        for person, score in (("Ann", 4), ("Bob", 2)):
            assert [r.score for r in stored.resilience.ratings if r.participant == people[person]] == [score] * 13
        for name in sessions:
            tmux("send-keys", "-t", name, "C-q")
        # The facilitator, on the same store, sees who answered and reveals both sets.
        import asyncio

        asyncio.run(_reveal_shows_both(store_dir, session.id, banks))
    except AssertionError as error:
        screens = "\n".join(f"--- {n} ---\n{tmux('capture-pane', '-p', '-t', n)}" for n in sessions)
        raise AssertionError(f"{error}\nWhat the two terminals showed:\n{screens}") from None
    finally:
        for name in sessions:
            subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
        sshd.terminate()
        sshd.wait(timeout=10)


async def _reveal_shows_both(store_dir: Path, session_id: str, banks) -> None:
    store = Store(store_dir)
    store.update(session_id, lambda s: s.model_copy(update={"min_group": 2}))  # two people took part
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settled(pilot)
        app.push_screen(ResilienceScreen(store.get(session_id)))
        await settled(pilot)
        answered = str(app.screen.query_one("#answered").render())
        assert "Ann: 13 of 13" in answered and "Bob: 13 of 13" in answered
        await pilot.press("ctrl+r", "f6")
        await settled(pilot)
        wide = app.console.options.update(width=160)
        text = "".join(s.text for s in app.console.render(app.screen.query_one("#results-table").content, wide))
        leadership = next(line for line in text.splitlines() if "Leadership " in line and "Culture" not in line)
        assert "3.0" in leadership and "2–4" in leadership  # Ann 4, Bob 2: both counted
    assert Store(store_dir).get(session_id).resilience.revealed
