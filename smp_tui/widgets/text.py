"""Showing what people typed: always literally, never as markup."""

from __future__ import annotations

from rich.text import Text

from smp_tui.safe_text import visible


def literal(value: str, style: str = "") -> Text:
    """Text typed by a person (or read from a bank), shown exactly as typed: no markup,
    and every control character as a visible placeholder."""
    return Text(visible(value), style=style)


def labelled(*parts: tuple[str, str] | str) -> Text:
    """Assemble styled values and literal values: ("value", "style") tuples or plain values.
    Both are shown literally; a tuple only adds its style."""
    return Text.assemble(*(literal(*part) if isinstance(part, tuple) else literal(part) for part in parts))
