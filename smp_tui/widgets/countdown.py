"""The current agenda item and its time left, at the top right of every screen of a
session. Worked out from the times stored in the session, so every process (the
facilitator's, each participant's) shows the same."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from smp_tui.logic.agenda import Countdown, countdown, show_remaining
from smp_tui.models import Agenda, utc_now
from smp_tui.widgets.text import literal

NAME_WIDTH = 12  # the badge shares the header line with the title at 80 columns
ALERT_CLASSES = ("-warning", "-zero", "-paused")


def badge_text(shown: Countdown) -> Text:
    item = shown.item
    name = item.name if item is not None else ""
    name = name.rpartition(": ")[2] or name  # "Session one: Purpose" shows as "Purpose"
    if len(name) > NAME_WIDTH:
        name = name[:NAME_WIDTH - 1] + "…"
    symbol = "⏸" if shown.state == "paused" else ("!" if shown.alert != "none" else "▶")
    text = Text(f" {symbol} ")
    text.append(name.replace("\n", " "))
    text.append(f" {show_remaining(shown.remaining)} ", style="bold")
    return text


class CountdownBadge(Static):
    """Shows `countdown(agenda, now)`; hidden while no item is running."""

    def __init__(self, **kwargs) -> None:
        super().__init__("", markup=False, **kwargs)
        self.shown: Countdown | None = None

    def show(self, agenda: Agenda, warning_seconds: int, now: datetime | None = None) -> Countdown:
        shown = countdown(agenda, now or utc_now(), warning_seconds)
        self.shown = shown
        running = shown.item is not None
        self.display = running
        if running:
            self.update(badge_text(shown))
            self.tooltip = literal(f"{shown.item.name}: item {shown.position} of {shown.count}")
        for name in ALERT_CLASSES:
            self.remove_class(name)
        if shown.state == "paused":
            self.add_class("-paused")
        elif shown.alert != "none":
            self.add_class(f"-{shown.alert}")
        return shown


def show_countdown(screen, agenda: Agenda | None, warning_seconds: int, now: datetime) -> Countdown | None:
    """Keep `screen`'s badge up to date with `agenda` (mounting it the first time an item
    runs); what it shows, or None when the screen has no agenda."""
    if agenda is None:
        return None
    badges = screen.query(CountdownBadge)
    if not badges and agenda.current is None:
        return None
    badge = badges.first() if badges else CountdownBadge(id="countdown")
    if not badges:
        screen.mount(badge)
    return badge.show(agenda, warning_seconds, now)
