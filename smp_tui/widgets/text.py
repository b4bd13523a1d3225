"""Showing what people typed: always literally, never as markup."""

from __future__ import annotations

from rich.text import Text


def literal(value: str, style: str = "") -> Text:
    """Text typed by a person, shown exactly as typed (no markup, no control codes)."""
    cleaned = "".join(ch if ch.isprintable() or ch in "\n\t" else "\ufffd" for ch in value)
    return Text(cleaned, style=style)


def labelled(*parts: tuple[str, str] | str) -> Text:
    """Assemble trusted labels and literal values: ("label", "style") tuples or plain values."""
    return Text.assemble(*(part if isinstance(part, tuple) else literal(part) for part in parts))
