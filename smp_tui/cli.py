"""Command line: `smp` opens the app; sub-commands work on the store directly.

Faults in the store, banks or files end in a one-line-per-fault message and a
non-zero exit, never a traceback."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from smp_tui import __version__

EXIT_OK = 0
EXIT_FAULT = 1  # the command ran, but found or met a fault
EXIT_USAGE = 2  # the command could not run


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", metavar="DIR", type=Path, default=argparse.SUPPRESS,
        help="store folder (default: $SMP_DB, else your user data folder)",
    )
    common.add_argument(
        "--banks", metavar="DIR", type=Path, default=argparse.SUPPRESS,
        help="use your organisation's own content banks from DIR",
    )
    parser = argparse.ArgumentParser(
        prog="smp",
        parents=[common],
        description="Run the self-review exercises of 'Strengthening the Organisation' with your team. "
        "With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"smp {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    listing = commands.add_parser("list", parents=[common], help="list the sessions in the store, newest first")
    listing.add_argument("--team", help="only this team's sessions")
    doctor = commands.add_parser("doctor", parents=[common], help="check every file of the store and say what is wrong")
    doctor.add_argument("--restore", action="store_true",
                        help="put the newest good backup in place of each broken file")
    export = commands.add_parser("export", parents=[common], help="write one session to a file (or the screen)")
    export.add_argument("session_id", metavar="SESSION_ID")
    export.add_argument("--format", choices=["md", "html", "json", "csv"], default="md",
                        help="md (Markdown), html (one printable file), json (for smp import) or csv "
                        "(one row per rating); default md")
    export.add_argument("-o", "--output", type=Path, help="file to write (default: print it)")
    imp = commands.add_parser("import", parents=[common],
                              help="add the sessions of an `smp export` JSON file to the store")
    imp.add_argument("file", type=Path, metavar="FILE")
    commands.add_parser("demo", parents=[common],
                        help="open smp on a throwaway store with a fictional team (your store is not touched)")
    join = commands.add_parser("join", parents=[common], help="join a remote session with the facilitator's code")
    join.add_argument("code", nargs="?", default="", metavar="CODE", help="the join code, e.g. KXP-47R")
    commands.add_parser("checkin", parents=[common],
                        help="a two-minute personal check-in on the resilience indicators, with your trend")
    me = commands.add_parser("me", parents=[common],
                             help="your own workbook: learning needs, influencing styles, instrument of change, "
                             "improvement plan and check-ins (private to you)")
    me.add_argument("--export", choices=["md", "html", "json", "csv"], metavar="FORMAT",
                    help="write the latest result of each of your tools (md, html, json or csv) instead of "
                    "opening the app")
    me.add_argument("-o", "--output", type=Path, help="file to write the export to (default: print it)")
    serve = commands.add_parser(
        "serve", parents=[common],
        help="serve the join screen (`smp join`) to web browsers, one process per visitor",
    )
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.add_argument("--full", action="store_true",
                       help="serve the whole app (every session in the store, exports) instead of the join screen")
    serve.add_argument("--full-on-network", action="store_true",
                       help="allow --full on an address other than this machine's own (127.0.0.1, ::1, localhost)")
    return parser


def _say(*records: str, file=None) -> None:
    """Print each record on one printable line: a newline or an escape code in a name can
    neither forge a line nor drive the terminal."""
    from smp_tui.safe_text import one_line

    for record in records:
        print(one_line(record), file=file or sys.stdout)


def _fail(message: str, code: int = EXIT_FAULT) -> int:
    """A fault on stderr, one printable line per line of the message."""
    _say(*f"smp: {message}".splitlines(), file=sys.stderr)
    return code


def _opens_the_app(command: str, args) -> bool:
    """Whether the command runs the app in this terminal (and so needs one)."""
    return command in ("app", "join", "checkin", "demo") or (command == "me" and not args.export)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "app"
    from smp_tui.terminal import has_terminal, no_terminal_message

    terminal = not _opens_the_app(command, args) or has_terminal()
    if command == "serve" and (refusal := _serve_refusal(args)):
        return _fail(refusal, EXIT_USAGE)
    if command == "app" and terminal:
        return _app(args)  # it loads the banks after its first paint
    from smp_tui.banks import BankError, load_banks
    from smp_tui.store import Store, StoreError, default_folder

    try:  # every command checks the banks it was given, even one that does not show them
        banks = load_banks(getattr(args, "banks", None))
    except BankError as error:
        return _fail(f"the content banks cannot be used.\n{error}", EXIT_USAGE)
    if not terminal:  # checked before Textual loads (it would spin on a closed input for ever)
        return _fail(no_terminal_message("smp" if command == "app" else f"smp {command}"), EXIT_USAGE)
    if command == "demo":
        return _demo(banks)
    folder = getattr(args, "db", None) or default_folder()
    try:
        store = Store(folder)
    except StoreError as error:
        return _fail(str(error), EXIT_USAGE)
    try:
        if command == "join":
            return _join(store, banks, args)
        if command == "me" and args.export:
            return _export_workbook(store, args, banks)
        if command in ("checkin", "me"):
            from smp_tui.app import SmpApp

            app = SmpApp(store=store, banks=banks, first_screen=_first_screen(command, args))
            code = _run(app)
            app.workspace.finish()
            return code
        if command == "serve":
            return _serve(store, args)
        if command in ("export", "import"):
            return {"export": _export, "import": _import}[command](store, args, banks)
        return {"list": _list, "doctor": _doctor}[command](store, args)
    except StoreError as error:
        return _fail(str(error))


def _open(folder: Path | None, banks_folder: Path | None):
    """The store and the banks, for the app to open after its first paint."""
    from smp_tui.banks import BankError, load_banks
    from smp_tui.store import Store, default_folder

    try:
        banks = load_banks(banks_folder)
    except BankError as error:
        raise BankError(f"the content banks cannot be used.\n{error}") from None
    return Store(folder or default_folder()), banks


def _app(args) -> int:
    from smp_tui.app import SmpApp

    app = SmpApp(opener=lambda: _open(getattr(args, "db", None), getattr(args, "banks", None)))
    code = _run(app)
    app.workspace.finish()  # what was typed before quitting reaches the disk
    if app.failure:
        return _fail(app.failure, EXIT_USAGE)
    return code or app.return_code or EXIT_OK


def _run(app) -> int:
    """Run the app in this terminal; if the terminal goes away, end the app (its exit queues
    what was typed; the caller then waits for the saves) and give the code a shell reports
    for a signal (128 + its number)."""
    from smp_tui.terminal import HangupWatch

    watch = HangupWatch(app)
    watch.install()
    app.run()
    watch.forget_terminal()
    return watch.exit_code or EXIT_OK


def _list(store, args) -> int:
    from smp_tui.safe_text import one_line

    listing = store.listing(args.team)  # light entries from the team indexes
    if not listing.entries and not listing.faults:
        _say("No sessions yet. Run `smp` to start one.")
    local = _LocalMinutes()  # (_say's one_line per record, written at once: 10,000 lines)
    sys.stdout.writelines(one_line(f"{entry.id}  {local(entry.updated_at)}  {entry.mode:<9}  "
                                   f"{entry.team} | {entry.title}") + "\n" for entry in listing.entries)
    for fault in listing.faults:
        _say(f"smp: cannot read {fault}", file=sys.stderr)
    if listing.faults:
        _say("smp: run `smp doctor` to check the store, `smp doctor --restore` to repair it", file=sys.stderr)
    return EXIT_FAULT if listing.faults else EXIT_OK


class _LocalMinutes:
    """Stored (UTC) times in the local time zone, to the minute, for thousands of lines:
    the local offset is looked up once per UTC day, and per time only on a day when the
    offset changes (daylight saving)."""

    DAY = 86400

    def __init__(self) -> None:
        import time
        from datetime import timedelta

        self._offsets: dict[int, int | None] = {}  # UTC day -> its local offset, None if it changes
        self._localtime, self._seconds = time.localtime, timedelta  # (imported once, not per line)
        # a host on UTC (most servers): the stored time is the local time, nothing to look up
        self._utc = time.timezone == 0 and not time.daylight and time.tzname[0] in ("UTC", "GMT")

    def __call__(self, when) -> str:
        if self._utc:
            return when.isoformat(" ", "minutes")[:16]
        try:
            stamp = when.timestamp()
            day = int(stamp // self.DAY)
            if day not in self._offsets:
                first = self._localtime(day * self.DAY).tm_gmtoff
                last = self._localtime(day * self.DAY + self.DAY - 1).tm_gmtoff
                self._offsets[day] = first if first == last else None
            offset = self._offsets[day]
            if offset is None:
                offset = self._localtime(stamp).tm_gmtoff
            local = when + self._seconds(seconds=offset) if offset else when
        except (OverflowError, ValueError, OSError):  # beyond what the local clock holds
            return when.strftime("%Y-%m-%d %H:%MZ")
        return local.isoformat(" ", "minutes")[:16]  # YYYY-MM-DD HH:MM


def _doctor(store, args) -> int:
    checks = store.doctor(restore=args.restore)
    if not checks:
        _say(f"{store.folder}: empty store, nothing to check")
    broken = 0
    for check in checks:
        if check.fault is None:
            _say(f"ok      {check.path.name}  ({check.sessions} sessions)")
        elif check.restored_from is not None:
            _say(f"fixed   {check.path.name}: {check.fault}",
                 f"        restored from {check.restored_from}; the broken file is kept as {check.kept_broken_as.name}")
        else:
            broken += 1
            _say(f"BROKEN  {check.path.name}: {check.fault}")
            if args.restore:
                _say("        no backup of this file loads; it has been left as it is")
    for index in store.check_indexes():
        where = f"{index.path.parent.name}/{index.path.name}"
        if index.fault is None:
            _say(f"ok      {where}  ({index.sessions} sessions listed)")
        else:
            _say(f"fixed   {where}: {index.fault}")
            _say("        rebuilt from the session files (the files are the truth; nothing was lost)")
    if broken and not args.restore:
        _say("Run `smp doctor --restore` to put the newest good backup in place of each broken file.")
    return EXIT_FAULT if broken else EXIT_OK


def _export(store, args, banks) -> int:
    from smp_tui.report import export, write_export
    from smp_tui.safe_text import visible

    session = store.get(args.session_id)
    previous = store.previous(session)
    text = export(session, banks, args.format, previous)
    if args.output is None:
        sys.stdout.write(visible(text))  # whole lines kept: it is a document, not records
        return EXIT_OK
    try:
        write_export(args.output, text)
    except OSError as error:
        return _fail(f"{args.output}: cannot write the export ({error.strerror})")
    _say(f"Exported {session.title!r} ({session.team}) to {args.output}")
    return EXIT_OK


def _join(store, banks, args) -> int:
    """The participant's app: it holds a participant-scoped service and nothing more."""
    from smp_tui.participant import ParticipantWorkspace
    from smp_tui.participant_app import ParticipantApp

    return _run(ParticipantApp(ParticipantWorkspace(store, banks), args.code))


def _export_workbook(store, args, banks) -> int:
    import getpass

    from smp_tui.logic.workbook import personal_team
    from smp_tui.report import write_export
    from smp_tui.workbook_report import whole_workbook

    user = getpass.getuser()
    try:
        text = whole_workbook(store.sessions(personal_team(user)), banks, args.export)
    except ValueError as error:
        return _fail(f"{user}: {error}; run `smp me` to start one")
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        write_export(args.output, text)
    except OSError as error:
        return _fail(f"{args.output}: cannot write the export ({error.strerror})")
    print(f"Exported the workbook of {user} to {args.output}")
    return EXIT_OK


def _first_screen(command: str, args):
    if command == "checkin":
        import getpass

        from smp_tui.screens.checkin import CheckinScreen, new_checkin

        return CheckinScreen(new_checkin(getpass.getuser()))
    if command == "me":
        import getpass

        from smp_tui.screens.workbook import WorkbookScreen

        return WorkbookScreen(getpass.getuser())
    return None


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: it may resolve anywhere
        return False


def _serve_refusal(args) -> str:
    """Why `smp serve` will not start, or "" (after a warning, when the full app is put on a network)."""
    if not args.full or _is_loopback(args.host):
        return ""
    if not args.full_on_network:
        return (
            f"refusing to serve the whole app on {args.host}: anyone who reaches that address could open, "
            "change, export and delete every session in the store.\nServe the join screen instead "
            "(leave out --full), or add --full-on-network if that is really what you want."
        )
    print(
        f"smp: WARNING: serving the whole app on {args.host}, without a password: anyone who reaches "
        "this address can open, change, export and delete every session in the store.",
        file=sys.stderr,
    )
    return ""


def _serve(store, args) -> int:
    import shlex

    from textual_serve.server import Server

    command = [sys.executable, "-m", "smp_tui", "--db", str(store.folder)]
    if getattr(args, "banks", None):
        command += ["--banks", str(args.banks)]
    if not args.full:
        command.append("join")
    what = "the whole app" if args.full else "the join screen"
    _say(f"Serving {what} at http://{args.host}:{args.port} (Ctrl+C stops it)")
    Server(shlex.join(command), host=args.host, port=args.port, title="smp").serve()
    return EXIT_OK


def _demo(banks) -> int:
    import tempfile

    from smp_tui.app import SmpApp
    import getpass

    from smp_tui.demo import seed, seed_workbook
    from smp_tui.store import Store

    with tempfile.TemporaryDirectory(prefix="smp-demo-") as folder:
        store = Store(folder)
        seed(store, banks)
        seed_workbook(store, banks, getpass.getuser())  # what m (My workbook) shows
        app = SmpApp(store=store, banks=banks, demo=True)
        code = _run(app)
        app.workspace.finish()
        return code


def _import(store, args, banks) -> int:
    from smp_tui.interchange import ImportFault, from_json, read_import
    from smp_tui.store import StoreError

    try:
        sessions = from_json(read_import(args.file), banks)
    except ImportFault as error:
        return _fail(f"{args.file}: {error}\nNothing was imported.")
    try:
        added = {session.id for session in store.import_sessions(sessions)}
    except StoreError as error:
        return _fail(f"{error}\nNothing was imported.")
    for session in sessions:
        if session.id in added:
            _say(f"Imported {session.title!r} ({session.team}), id {session.id}")
        else:
            _say(f"Already in the store, the same: {session.title!r} ({session.team}), id {session.id}")
    return EXIT_OK
