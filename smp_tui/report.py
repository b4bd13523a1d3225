"""Exports of sessions. No Textual here.

JSON is the exchange format: `smp import` reads exactly what `to_json` writes."""

from __future__ import annotations

import json
from collections.abc import Sequence

from pydantic import ValidationError

from smp_tui.models import Session, describe_errors

EXPORT_KIND = "smp-sessions"
EXPORT_VERSION = 1


class ImportFault(Exception):
    """An import file that cannot be used; the message says which record and field."""


def to_json(sessions: Sequence[Session]) -> str:
    payload = {
        "kind": EXPORT_KIND,
        "version": EXPORT_VERSION,
        "sessions": [session.model_dump(mode="json") for session in sessions],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def from_json(text: str) -> list[Session]:
    """Every session in an export, all validated before any is returned."""
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFault(f"not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})") from None
    if not isinstance(payload, dict) or payload.get("kind") != EXPORT_KIND:
        raise ImportFault(f"not an smp export (expected an object with \"kind\": \"{EXPORT_KIND}\")")
    version = payload.get("version")
    if not isinstance(version, int) or version > EXPORT_VERSION:
        raise ImportFault(f"export version {version!r} is not one this smp reads (up to {EXPORT_VERSION})")
    records = payload.get("sessions")
    if not isinstance(records, list) or not records:
        raise ImportFault("the export holds no sessions (\"sessions\" must be a non-empty list)")
    sessions = []
    for number, record in enumerate(records, start=1):
        try:
            sessions.append(Session.model_validate(record))
        except ValidationError as error:
            name = record.get("title", "?") if isinstance(record, dict) else "?"
            raise ImportFault(
                f"session {number} ({name!r}) is not valid:\n{describe_errors(error, '  ')}"
            ) from None
    ids = [session.id for session in sessions]
    if len(set(ids)) != len(ids):
        raise ImportFault("the export holds the same session id twice")
    return sessions
