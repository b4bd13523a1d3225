"""Sessions in and out as JSON: the export that `smp import` reads back. No Textual here.

Exports leave out what logic/privacy.py keeps private; imports are checked whole (size,
shape, every record, the banks' indicators) before any session is returned."""

from __future__ import annotations

import json
import stat
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from smp_tui.banks import Banks
from smp_tui.logic.privacy import for_export
from smp_tui.models import Session, describe_errors
from smp_tui.safe_text import one_line

EXPORT_KIND = "smp-sessions"
EXPORT_VERSION = 1
IMPORT_MAX_BYTES = 20 * 1024 * 1024  # a year of sessions of a large team is well under 1 MB
IMPORT_MAX_SESSIONS = 1000  # years of a large organisation's sessions


class ImportFault(Exception):
    """An import file that cannot be used; the message says which record and field."""


def to_json(sessions: Sequence[Session], banks: Banks) -> str:
    payload = {
        "kind": EXPORT_KIND,
        "version": EXPORT_VERSION,
        "sessions": [for_export(session, banks.resilience).model_dump(mode="json") for session in sessions],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def read_import(path: Path) -> str:
    """The text of an import file: a regular file of UTF-8 text of at most IMPORT_MAX_BYTES.
    A FIFO, a device (/dev/zero) or a folder is refused before it is opened."""
    try:
        info = path.stat()
    except OSError as error:
        raise ImportFault(f"cannot read the import file ({error.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise ImportFault("not a regular file (a folder, a device or a pipe cannot be imported)")
    limit = f"imports are at most {IMPORT_MAX_BYTES // (1024 * 1024)} MB"
    if info.st_size > IMPORT_MAX_BYTES:
        raise ImportFault(f"the file is {info.st_size / (1024 * 1024):.0f} MB; {limit}")
    try:
        with path.open("rb") as handle:
            raw = handle.read(IMPORT_MAX_BYTES + 1)
    except OSError as error:
        raise ImportFault(f"cannot read the import file ({error.strerror})") from None
    if len(raw) > IMPORT_MAX_BYTES:  # it grew while being read
        raise ImportFault(f"the file is larger than {limit[17:]}; {limit}")
    try:
        return raw.decode("utf-8-sig")  # a byte-order mark, as Windows Notepad saves one, is not text
    except UnicodeDecodeError as error:
        raise ImportFault(f"not UTF-8 text (bad byte at {error.start})") from None


def _preview(value: object) -> str:
    """A value from an import, short enough to quote in a message."""
    text = one_line(str(value))
    return repr(text if len(text) <= 40 else f"{text[:40]}…")


def from_json(text: str, banks: Banks) -> list[Session]:
    """Every session in an export, all validated (against the banks too) before any is returned."""
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFault(f"not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})") from None
    except RecursionError:
        raise ImportFault("not an smp export: its objects or lists are nested too deeply") from None
    if not isinstance(payload, dict) or payload.get("kind") != EXPORT_KIND:
        raise ImportFault(f"not an smp export (expected an object with \"kind\": \"{EXPORT_KIND}\")")
    version = payload.get("version")
    if not isinstance(version, int) or version > EXPORT_VERSION:
        raise ImportFault(f"export version {_preview(version)} is not one this smp reads (up to {EXPORT_VERSION})")
    records = payload.get("sessions")
    if not isinstance(records, list) or not records:
        raise ImportFault("the export holds no sessions (\"sessions\" must be a non-empty list)")
    if len(records) > IMPORT_MAX_SESSIONS:
        raise ImportFault(f"the export holds {len(records)} sessions; one import takes at most {IMPORT_MAX_SESSIONS}")
    sessions = []
    for number, record in enumerate(records, start=1):
        try:
            session = Session.model_validate(record)
        except ValidationError as error:
            name = record.get("title", "?") if isinstance(record, dict) else "?"
            raise ImportFault(
                f"session {number} ({_preview(name)}) is not valid:\n{describe_errors(error, '  ')}"
            ) from None
        unknown = _unknown_indicators(session, banks)
        if unknown:
            raise ImportFault(f"session {number} ({_preview(session.title)}) is not valid:\n  {unknown}")
        sessions.append(session)
    ids = [session.id for session in sessions]
    if len(set(ids)) != len(ids):
        raise ImportFault("the export holds the same session id twice")
    return sessions


def _unknown_indicators(session: Session, banks: Banks) -> str:
    """Where a session names an indicator the banks do not have, as a message ('' if nowhere)."""
    known = {indicator.id for indicator in banks.resilience.indicators}
    for field in ("ratings", "revealed_ratings"):
        for number, rating in enumerate(getattr(session.resilience, field)):
            if rating.indicator not in known:
                return f"resilience.{field}.{number}.indicator: unknown indicator {_preview(rating.indicator)}"
    for indicator in session.resilience.notes:
        if indicator not in known:
            return f"resilience.notes: unknown indicator {_preview(indicator)}"
    return ""
