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
        time.sleep(0.2)  # each look runs tmux or ps: more often costs CPU the other tests need
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


def test_serve_gives_a_browser_the_join_screen_and_nothing_outlives_it(tmp_path):
    """A visitor's browser (its websocket) gets `smp join` through textual-serve's web driver,
    which talks over pipes: the no-terminal refusal must not stop it; closing the page ends it."""
    import asyncio

    import aiohttp

    port = free_port()
    store_dir = tmp_path / "store"
    env = os.environ | {"PYTHONPATH": str(REPO)}
    server = subprocess.Popen([sys.executable, "-m", "smp_tui", "--db", str(store_dir), "serve", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)

    def joins() -> list[str]:
        lines = subprocess.run(["ps", "-ww", "-eo", "args="], capture_output=True, text=True).stdout.splitlines()
        return [line for line in lines if f"--db {store_dir} join" in line and "smp_tui" in line
                and not line.startswith("/bin/sh")]

    async def visit() -> bytes:
        seen = b""
        async with aiohttp.ClientSession() as http:
            async with http.ws_connect(f"http://127.0.0.1:{port}/ws?width=80&height=24") as socket_:
                deadline = time.monotonic() + 60
                while b"Join a remote session" not in seen and time.monotonic() < deadline:
                    try:
                        message = await socket_.receive(timeout=5)
                    except asyncio.TimeoutError:
                        continue
                    if message.type == aiohttp.WSMsgType.BINARY:
                        seen += message.data
                    elif message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                        break
                assert joins(), "no smp join process while the page is open"
        return seen

    try:
        wait_for(lambda: _answers(port), 30, "smp serve to answer")
        seen = asyncio.run(visit())
        assert b"Join a remote session" in seen, seen[-2000:]
        assert b"needs a terminal" not in seen
        wait_for(lambda: not joins(), 15, "the visitor's smp join to end after the page closed")
    finally:
        server.terminate()
        server.wait(timeout=10)


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
            return True
    except OSError:
        return False


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


# -- over OpenSSH, set up as the README says ---------------------------------------------

needs_ssh = pytest.mark.skipif(
    not Path(SSHD).exists() or shutil.which("tmux") is None or shutil.which("ssh") is None,
    reason="OpenSSH server, ssh client or tmux not installed (.ci/run installs them as root)",
)

# What a participant's terminal may show while connected: the join screen, the rejoin code,
# their answers (with the results once revealed), their good-work answers (F6), or help.
ON_PATH = ("Join a remote session", "I have written it down", " answered.", "what is good work?", "Close help")
# What it must never show: the facilitator's screens, a shell, a crash.
FORBIDDEN = (
    "Sessions, newest first", "Start a new session", "Who takes part", "Export the summary",
    "Exercises: choose one", "Ctrl+R reveals", "Results (F6)", "SHELL-42", "Traceback",
)
SHELL_PROBE = "echo SHELL-$((6*7))"  # only a shell turns this into SHELL-42


def readme_match_block() -> list[str]:
    """The `Match User smp` block of the README's host set-up, line by line."""
    text = (REPO / "README.md").read_text()
    block = text[text.index("Match User smp"):]
    block = block[:block.index("```")]
    return [line.strip() for line in block.splitlines()[1:] if line.strip()]


# Written by the test run itself (other tests run alongside under xdist, Python caches its
# bytecode) or checked apart (the environment's scripts): never by a participant.
WRITTEN_BY_THE_TEST_RUN = {".git", ".hypothesis", ".pytest_cache", "__pycache__", ".mypy_cache", ".ruff_cache",
                           "snapshot_report.html"}


def fingerprint(*folders: Path) -> dict[str, str]:
    """Every file and folder under `folders`, with its mode and (for files) a hash of its content."""
    import hashlib

    seen = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if WRITTEN_BY_THE_TEST_RUN & set(path.relative_to(folder).parts):
                continue
            if folder == REPO and path.relative_to(folder).parts[0] == ".venv":
                continue  # CI's environment lives here: its scripts and .pth files are checked below
            mode = oct(path.lstat().st_mode)
            if path.is_file() and not path.is_symlink():
                seen[str(path)] = mode + hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                seen[str(path)] = mode
    return seen


def install_fingerprint() -> dict[str, str]:
    """What smp runs from: this source tree, the environment's scripts and its .pth files."""
    import sysconfig

    site = Path(sysconfig.get_paths()["purelib"])
    seen = fingerprint(REPO, Path(sys.prefix) / "bin")
    seen |= {str(p): p.read_text() for p in site.glob("*.pth")}
    seen["site-packages"] = " ".join(sorted(p.name for p in site.iterdir()))
    return seen


class SshHost:
    """An sshd on 127.0.0.1 whose `Match` block is the README's, with ForceCommand running
    this checkout's `smp join` on a store of its own, from a home folder of its own."""

    def __init__(self, tmp_path: Path) -> None:
        self.store_dir = tmp_path / "store"
        self.home = tmp_path / "home"
        keys = tmp_path / "keys"
        keys.mkdir()
        for name in ("host", "client"):
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(keys / name)], check=True)
        (keys / "authorized_keys").write_text((keys / "client.pub").read_text())
        (self.home / ".ssh").mkdir(parents=True)
        (self.home / ".ssh" / "authorized_keys").write_text((keys / "client.pub").read_text())
        for start_up in (".bashrc", ".profile"):
            (self.home / start_up).write_text("# the account's own start-up file\n")
        self.key = keys / "client"
        self.port = free_port()
        self.user = getpass.getuser()
        launcher = (f"cd {self.home} && exec /usr/bin/env HOME={self.home} PYTHONPATH={REPO} "
                    f"PYTHONDONTWRITEBYTECODE=1 {sys.executable} -m smp_tui --db {self.store_dir} join")
        match = [f"ForceCommand {launcher}" if line.startswith("ForceCommand ") else line
                 for line in readme_match_block()]
        assert any(line.startswith("ForceCommand ") for line in readme_match_block())
        config = tmp_path / "sshd_config"
        config.write_text("\n".join([
            f"Port {self.port}", "ListenAddress 127.0.0.1", f"HostKey {keys / 'host'}",
            f"PidFile {tmp_path / 'sshd.pid'}", f"AuthorizedKeysFile {keys / 'authorized_keys'}",
            "PasswordAuthentication no", "KbdInteractiveAuthentication no", "PermitRootLogin prohibit-password",
            "StrictModes no", "UsePAM no", "PrintMotd no", "LogLevel ERROR",
            f"Match User {self.user}", *(f"    {line}" for line in match), "",
        ]))
        if os.geteuid() == 0:
            Path("/run/sshd").mkdir(exist_ok=True)  # sshd's privilege-separation folder
        self.sshd = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)], stderr=subprocess.PIPE)
        self.clients: list[str] = []
        wait_for(self._listening, 15, "sshd to listen")

    def _listening(self) -> bool:
        if self.sshd.poll() is not None:
            pytest.fail(f"sshd stopped: {self.sshd.stderr.read().decode()}")
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
        except OSError:
            return False
        return True

    def ssh(self, *options: str) -> list[str]:
        return ["ssh", *options, "-i", str(self.key), "-p", str(self.port), "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", f"{self.user}@127.0.0.1"]

    def client(self, *options: str, command: str = "", term: str = "xterm-256color") -> "Client":
        """A participant's terminal (80x24 in tmux) running ssh; it stays open after ssh ends."""
        name = f"smp-ssh-{os.getpid()}-{len(self.clients)}"
        self.clients.append(name)
        ssh = shlex.join(self.ssh("-tt", *options) + ([command] if command else []))
        tmux("new-session", "-d", "-s", name, "-x", "80", "-y", "24",
             f"TERM={term} {ssh}; echo \"ssh ended: $?\"; sleep 600")
        return Client(name, self)

    def smp_processes(self) -> list[str]:
        """`ps` lines of the smp processes serving this host's store."""
        lines = subprocess.run(["ps", "-ww", "-eo", "pid=,stat=,args="], capture_output=True, text=True).stdout
        return [line for line in lines.splitlines()
                if f"--db {self.store_dir} join" in line and line.split(None, 2)[2].startswith(sys.executable)]

    def smp_pids(self) -> list[str]:
        """The ids of the same processes, read from /proc (no `ps` to run: this is asked
        after every key a test sends)."""
        wanted = f"--db\0{self.store_dir}\0join".encode()
        pids = []
        for proc in Path("/proc").iterdir():
            try:
                if proc.name.isdigit() and wanted in (proc / "cmdline").read_bytes():
                    pids.append(proc.name)
            except OSError:
                continue
        return pids

    def close(self) -> None:
        for name in self.clients:
            subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
        self.sshd.terminate()
        self.sshd.wait(timeout=10)


class Client:
    def __init__(self, name: str, host: SshHost) -> None:
        self.name = name
        self.host = host

    def screen(self) -> str:
        return tmux("capture-pane", "-p", "-t", self.name)

    def keys(self, *keys: str) -> None:
        tmux("send-keys", "-t", self.name, *keys)

    def type(self, text: str) -> None:
        tmux("send-keys", "-t", self.name, "-l", text)

    def wait_for(self, text: str, seconds: float = 30) -> str:
        def shown() -> str | None:
            screen = self.screen()
            return screen if text in screen else None

        try:
            return wait_for(shown, seconds, f"{text!r} in {self.name}")
        except AssertionError as error:
            raise AssertionError(f"{error}; it shows:\n{self.screen()}") from None

    def confined(self, what: str, ended: bool = False) -> str:
        """The screen, after checking it is still on the join -> rate -> results path and
        nothing else (or, if `ended`, that the connection has ended and nothing took over)."""
        self.settle()
        deadline = time.monotonic() + 10  # a loaded machine may take a while to repaint
        while True:
            screen = self.screen()
            for marker in FORBIDDEN:
                assert marker not in screen, f"after {what}, {self.name} shows {marker!r}:\n{screen}"
            if ended:
                assert "ssh ended" in screen, f"after {what}, {self.name} is still connected:\n{screen}"
                return screen
            assert "ssh ended" not in screen, f"{what} ended the connection of {self.name}:\n{screen}"
            if any(marker in screen for marker in ON_PATH):
                return screen
            assert time.monotonic() < deadline, f"after {what}, {self.name} left the path:\n{screen}"
            time.sleep(0.2)

    def settle(self, longest: float = 0.6) -> None:
        """Wait until the keys just sent have been handled: smp has worked since (its CPU time
        moved on) and then been quiet for 0.1 s. A key smp ignores costs too little CPU to see,
        so after `longest` seconds this stops waiting anyway (on a loaded machine the screen is
        then read again until it is back on the path: see `confined`)."""
        pids = self.host.smp_pids()
        start = time.monotonic()
        last, worked, quiet_since = _cpu_ticks(pids), False, start
        while (now := time.monotonic()) - start < longest:
            if worked and now - quiet_since >= 0.1:
                break
            time.sleep(0.03)
            ticks = _cpu_ticks(pids)
            if ticks != last:
                last, worked, quiet_since = ticks, True, time.monotonic()
        time.sleep(0.05)  # the last frame, through sshd, ssh and tmux

    def ssh_pid(self) -> int:
        shell = tmux("display-message", "-p", "-t", self.name, "#{pane_pid}").strip()
        found = subprocess.run(["pgrep", "-P", shell, "-x", "ssh"], capture_output=True, text=True)
        return int(found.stdout.split()[0])


def _cpu_ticks(pids: list[str]) -> int:
    """The CPU time the processes have used so far, in clock ticks (those that have ended count 0)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total


@pytest.fixture
def ssh_host(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # this test process changes no file either
    host = SshHost(tmp_path)
    try:
        yield host
    finally:
        host.close()


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True).stdout


def join(client: Client, code: str, name: str) -> str:
    """Join as a new person; returns their rejoin code, as the screen showed it once."""
    import re

    client.wait_for("Join a remote session", 60)
    client.type(code)
    client.keys("Enter")
    client.wait_for("Found:")
    client.type(name)
    client.keys("Enter")
    screen = client.wait_for("I have written it down")
    rejoin = re.search(r"\b[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}\b", screen)
    assert rejoin, f"no rejoin code shown:\n{screen}"
    client.keys("Enter")
    client.wait_for("0 of 13 answered")
    return rejoin.group(0)


def no_smp_left(host: SshHost, after: str) -> None:
    wait_for(lambda: not host.smp_processes(), 15, f"every smp process to end after {after}")


@pytest.mark.long
@needs_ssh
def test_two_people_over_ssh_rate_then_see_the_revealed_round(ssh_host, banks):
    store = Store(ssh_host.store_dir)
    session = Session(team="SSH team", title="Remote review", mode="remote", anonymous=True, min_group=2,
                      join_code=new_join_code())
    store.save(session)
    code = show_join_code(session.join_code)
    people = {"Ann": ssh_host.client(term="xterm-256color"), "Bob": ssh_host.client(term="xterm")}
    for name, client in people.items():
        join(client, code, name)
    for client, score in zip(people.values(), ("4", "2")):
        for _ in range(13):
            client.type(score)
            time.sleep(0.15)
    for client in people.values():
        client.wait_for("13 of 13 answered")
    import asyncio

    asyncio.run(_reveal_shows_both(ssh_host.store_dir, session.id, banks))
    for client in people.values():
        client.wait_for("revealed this round", 15)
    _try_everything(ssh_host, people["Ann"], "on the revealed results")
    for client in people.values():
        client.keys("C-q")
    for client in people.values():
        client.wait_for("ssh ended: 0")
    no_smp_left(ssh_host, "both quit")


async def _reveal_shows_both(store_dir: Path, session_id: str, banks) -> None:
    """The facilitator, on the same store, sees who answered (not what) and reveals the round."""
    store = Store(store_dir)
    app = SmpApp(store=store, banks=banks, cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settled(pilot)
        app.push_screen(ResilienceScreen(store.get(session_id)))
        await settled(pilot)
        answered = str(app.screen.query_one("#answered").render())
        joined_line = next(line for line in answered.splitlines() if "Joined:" in line)
        assert "Ann" in joined_line and "Bob" in joined_line and "2 people: 13 of 13" in answered  # no name by a count
        await pilot.press("ctrl+r", "f6")
        await settled(pilot)
        wide = app.console.options.update(width=160)
        text = "".join(s.text for s in app.console.render(app.screen.query_one("#results-table").content, wide))
        leadership = next(line for line in text.splitlines() if "Leadership " in line and "Culture" not in line)
        assert "3.0" in leadership and "2–4" in leadership  # Ann 4, Bob 2: both counted
    assert Store(store_dir).get(session_id).resilience.revealed


@pytest.mark.long
@needs_ssh
def test_participants_over_ssh_cannot_leave_the_join_screen(ssh_host, banks):
    """Without a terminal, asking for a shell, and on the join screen: every way out tried."""
    store = Store(ssh_host.store_dir)
    session = Session(team="SSH team", title="Remote review", mode="remote", anonymous=True,
                      join_code=new_join_code())
    store.save(session)
    before = fingerprint(ssh_host.home), install_fingerprint()

    # Without a terminal, or asking for a shell: refused at once, nothing left running.
    for options, command in ((("-T",), ""), ((), "bash"), ((), "bash --norc -i")):
        done = subprocess.run(ssh_host.ssh(*options) + ([command] if command else []), stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=30)
        assert done.returncode == 2 and "needs a terminal" in done.stderr, (options, command, done)
        assert "SHELL" not in done.stdout
    # With a terminal, asking for a shell still lands on the join screen.
    forced = ssh_host.client(command="bash -i")
    forced.wait_for("Join a remote session", 60)
    forced.type(SHELL_PROBE)
    forced.keys("Enter")
    forced.confined("asking for bash and typing a shell command")
    forced.keys("C-q")
    forced.wait_for("ssh ended: 0")
    no_smp_left(ssh_host, "Ctrl+Q")

    ann = ssh_host.client()
    ann.wait_for("Join a remote session", 60)
    _try_everything(ssh_host, ann, "on the join screen")
    ann.keys("C-q")
    ann.wait_for("ssh ended: 0")
    no_smp_left(ssh_host, "Ctrl+Q on the join screen")

    after = fingerprint(ssh_host.home), install_fingerprint()
    assert after[0] == before[0], "the account's home changed"
    assert after[1] == before[1], "the install (source, scripts, .pth files) changed"
    assert Store(ssh_host.store_dir).get(session.id).participants == []


@pytest.mark.long
@needs_ssh
def test_a_participant_over_ssh_stays_on_the_path_from_answers_to_leaving(ssh_host, banks):
    """Joined and answering: every way out tried again; Escape ends `smp join` and nothing
    else; the rejoin code brings the same answers back; a dropped connection ends smp."""
    store = Store(ssh_host.store_dir)
    session = Session(team="SSH team", title="Remote review", mode="remote", anonymous=True,
                      join_code=new_join_code())
    store.save(session)
    code = show_join_code(session.join_code)
    before = fingerprint(ssh_host.home), install_fingerprint()

    ann = ssh_host.client()
    rejoin = join(ann, code, "Ann")
    ann.type("3" * 13)
    ann.wait_for("13 of 13 answered")
    _try_everything(ssh_host, ann, "on the answers screen")
    for _ in range(5):  # Escape, again and again: the end of `smp join`, never anything else
        ann.keys("Escape")
        time.sleep(0.3)
    ann.wait_for("ssh ended: 0")
    ann.type(SHELL_PROBE)
    ann.keys("Enter")
    ann.confined("Escape five times", ended=True)
    no_smp_left(ssh_host, "Escape closed smp join")

    # Back with the rejoin code: the same answers, still on the path.
    again = ssh_host.client()
    again.wait_for("Join a remote session", 60)
    again.type(code)
    again.keys("Enter")
    again.wait_for("Found:")
    again.type("Ann")  # name, Tab and rejoin code in one burst, as a fast typist's keys arrive over SSH
    again.keys("Tab")
    again.type(rejoin)
    again.keys("Enter")
    again.wait_for("13 of 13 answered")

    # Connections dropped abruptly, while answering and while joining: smp ends with them.
    dropped = ssh_host.client()
    dropped.wait_for("Join a remote session", 60)
    assert len(ssh_host.smp_processes()) == 2
    os.kill(again.ssh_pid(), 9)
    os.kill(dropped.ssh_pid(), 9)
    no_smp_left(ssh_host, "the ssh clients were killed")

    after = fingerprint(ssh_host.home), install_fingerprint()
    assert after[0] == before[0], "the account's home changed"
    assert after[1] == before[1], "the install (source, scripts, .pth files) changed"
    stored = Store(ssh_host.store_dir).get(session.id)
    assert [p.name for p in stored.participants] == ["Ann"]


def _try_everything(host: SshHost, client: Client, where: str) -> None:
    """Every way out a participant might try; after each, the screen must still be on the path."""
    assert host.smp_processes(), "the connected participant's smp process is not to be seen"
    for word in ("session", "new", "export", "screenshot", "reveal", "delete", "quit"):
        client.keys("C-p")
        client.wait_for("Search for commands")
        client.type(word)
        client.confined(f"typing {word!r} in the palette {where}")
        if word != "quit":  # choosing Quit would simply end smp, which is allowed
            client.keys("Enter")
            client.confined(f"choosing {word!r} from the palette {where}")
        if "🔎" in client.screen():  # the palette is still open
            client.keys("Escape")
        client.confined(f"closing the palette after {word!r} {where}")
    for key in ("C-z", "C-c", "C-\\", *(f"F{n}" for n in range(1, 13))):
        client.keys(key)
        screen = client.confined(f"{key} {where}")
        if "Close help" in screen:  # help (F1): close it
            client.keys("Escape")
            client.confined(f"closing help {where}")
        stopped = [line for line in host.smp_processes() if line.split()[1].startswith("T")]
        assert not stopped, f"{key} {where} stopped smp: {stopped}"
