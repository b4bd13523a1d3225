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
    doctor.add_argument("--restore", action="store_true", help="put the newest good backup in place of each broken file")
    export = commands.add_parser("export", parents=[common], help="write one session to a file (or the screen)")
    export.add_argument("session_id", metavar="SESSION_ID")
    export.add_argument("--format", choices=["md", "html", "json", "csv"], default="md",
                        help="md (Markdown), html (one printable file), json (for smp import) or csv "
                        "(one row per rating); default md")
    export.add_argument("-o", "--output", type=Path, help="file to write (default: print it)")
    imp = commands.add_parser("import", parents=[common], help="add the sessions of an `smp export` JSON file to the store")
    imp.add_argument("file", type=Path, metavar="FILE")
    commands.add_parser("demo", parents=[common],
                        help="open smp on a throwaway store with a fictional team (your store is not touched)")
    join = commands.add_parser("join", parents=[common], help="join a remote session with the facilitator's code")
    join.add_argument("code", nargs="?", default="", metavar="CODE", help="the join code, e.g. KXP-47R")
    commands.add_parser("checkin", parents=[common],
                        help="a two-minute personal check-in on the 13 resilience indicators, with your trend")
    me = commands.add_parser("me", parents=[common],
                             help="your own workbook: learning needs, influencing styles, instrument of change, "
                             "improvement plan and check-ins (private to you)")
    me.add_argument("--export", choices=["md", "html", "json", "csv"], metavar="FORMAT",
                    help="write the latest result of each of your tools (md, html, json or csv) instead of "
                    "opening the app")
    me.add_argument("-o", "--output", type=Path, help="file to write the export to (default: print it)")
    serve = commands.add_parser("serve", parents=[common], help="serve smp to web browsers (one process per visitor)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    return parser


def _fail(message: str, code: int = EXIT_FAULT) -> int:
    print(f"smp: {message}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "app"
    if command == "app":
        return _app(args)
    from smp_tui.banks import BankError, load_banks
    from smp_tui.store import Store, StoreError, default_folder

    banks = None
    if command in ("demo", "export", "join", "checkin", "me"):
        try:
            banks = load_banks(getattr(args, "banks", None))
        except BankError as error:
            return _fail(f"the content banks cannot be used.\n{error}", EXIT_USAGE)
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
            app.run()
            app.workspace.finish()
            return EXIT_OK
        if command == "serve":
            return _serve(store, args)
        if command == "export":
            return _export(store, args, banks)
        return {"list": _list, "doctor": _doctor, "import": _import}[command](store, args)
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
    app.run()
    app.workspace.finish()  # what was typed before quitting reaches the disk
    if app.failure:
        return _fail(app.failure, EXIT_USAGE)
    return app.return_code or EXIT_OK


def _list(store, args) -> int:
    from smp_tui.store import StoreError

    if args.team:
        try:
            sessions, faults = store.sessions(args.team), []
        except StoreError as error:
            sessions, faults = [], [error]
    else:
        survey = store.survey()
        sessions, faults = survey.sessions, survey.faults
    if not sessions and not faults:
        print("No sessions yet. Run `smp` to start one.")
    for session in sessions:
        updated = session.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")
        print(f"{session.id}  {updated}  {session.mode:<9}  {session.team} | {session.title}")
    for fault in faults:
        print(f"smp: cannot read {fault}", file=sys.stderr)
    if faults:
        print("smp: run `smp doctor` to check the store, `smp doctor --restore` to repair it", file=sys.stderr)
    return EXIT_FAULT if faults else EXIT_OK


def _doctor(store, args) -> int:
    checks = store.doctor(restore=args.restore)
    if not checks:
        print(f"{store.folder}: empty store, nothing to check")
    broken = 0
    for check in checks:
        if check.fault is None:
            print(f"ok      {check.path.name}  ({check.sessions} sessions)")
        elif check.restored_from is not None:
            print(f"fixed   {check.path.name}: {check.fault}")
            print(f"        restored from {check.restored_from}; the broken file is kept as {check.kept_broken_as.name}")
        else:
            broken += 1
            print(f"BROKEN  {check.path.name}: {check.fault}")
            if args.restore:
                print("        no backup of this file loads; it has been left as it is")
    if broken and not args.restore:
        print("Run `smp doctor --restore` to put the newest good backup in place of each broken file.")
    return EXIT_FAULT if broken else EXIT_OK


def _export(store, args, banks) -> int:
    from smp_tui.report import export, write_export

    session = store.get(args.session_id)
    previous = store.previous(session)
    text = export(session, banks, args.format, previous)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        write_export(args.output, text)
    except OSError as error:
        return _fail(f"{args.output}: cannot write the export ({error.strerror})")
    print(f"Exported {session.title!r} ({session.team}) to {args.output}")
    return EXIT_OK


def _join(store, banks, args) -> int:
    """The participant's app: it holds a participant-scoped service and nothing more."""
    from smp_tui.participant import ParticipantWorkspace
    from smp_tui.participant_app import ParticipantApp

    ParticipantApp(ParticipantWorkspace(store, banks), args.code).run()
    return EXIT_OK


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


def _serve(store, args) -> int:
    import shlex

    from textual_serve.server import Server

    command = [sys.executable, "-m", "smp_tui", "--db", str(store.folder)]
    if getattr(args, "banks", None):
        command += ["--banks", str(args.banks)]
    print(f"Serving smp at http://{args.host}:{args.port} (Ctrl+C stops it)")
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
        SmpApp(store=store, banks=banks, demo=True).run()
    return EXIT_OK


def _import(store, args) -> int:
    from smp_tui.report import ImportFault, from_json
    from smp_tui.store import SessionNotFound

    try:
        text = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "not UTF-8 text"
        return _fail(f"{args.file}: cannot read the import file ({reason}); nothing was imported")
    try:
        sessions = from_json(text)
    except ImportFault as error:
        return _fail(f"{args.file}: {error}\nNothing was imported.")
    for session in sessions:
        try:
            existing = store.get(session.id)
        except SessionNotFound:
            continue
        return _fail(
            f"{args.file}: session {session.id} is already in the store "
            f"({existing.team} | {existing.title}); nothing was imported"
        )
    for session in sessions:
        store.save(session)
        print(f"Imported {session.title!r} ({session.team}), id {session.id}")
    return EXIT_OK
