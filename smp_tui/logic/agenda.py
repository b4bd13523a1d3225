"""The away-day agenda: the plan's clock times, and the running countdown worked out from
the times stored in the session and a clock passed in. No Textual, no sleeping: any
process that has the session and the time can show the same countdown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

from smp_tui.banks import AgendaBank
from smp_tui.models import Agenda, AgendaItem

State = Literal["idle", "running", "paused", "finished"]
Alert = Literal["none", "warning", "zero"]


def from_bank(bank: AgendaBank) -> Agenda:
    """A fresh plan for a session: the bank's day, ready to edit."""
    hours, minutes = (int(part) for part in bank.start.split(":"))
    return Agenda(
        start=time(hours, minutes),
        items=[AgendaItem(name=entry.name, minutes=entry.minutes, exercise=entry.exercise) for entry in bank.items],
    )


# --- the plan -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Planned:
    item: AgendaItem
    start: time
    end: time
    day_offset: int  # 1 when the item starts after midnight of the day the plan starts


def plan(agenda: Agenda, default_start: time) -> list[Planned]:
    """Each item's planned clock times, one after another from the plan's start."""
    at = datetime.combine(date(2000, 1, 1), agenda.start or default_start)
    planned = []
    for item in agenda.items:
        end = at + timedelta(minutes=item.minutes)
        planned.append(Planned(item, at.time(), end.time(), (at.date() - date(2000, 1, 1)).days))
        at = end
    return planned


def plan_end(agenda: Agenda, default_start: time) -> time:
    start = datetime.combine(date(2000, 1, 1), agenda.start or default_start)
    return (start + timedelta(minutes=sum(item.minutes for item in agenda.items))).time()


def ends_next_day(agenda: Agenda, default_start: time) -> bool:
    """Does the plan run past midnight (so its end, shown as a clock time, is the next day)?"""
    start = datetime.combine(date(2000, 1, 1), agenda.start or default_start)
    return (start + timedelta(minutes=total_minutes(agenda))).date() != start.date()


def total_minutes(agenda: Agenda) -> int:
    return sum(item.minutes for item in agenda.items)


def show_time(value: time) -> str:
    return value.strftime("%H:%M")


def parse_time(typed: str) -> time:
    """A clock time as people type it: 9:30, 09.30, 0930, 14:05. ValueError says why not."""
    cleaned = typed.strip().replace(".", ":")
    if ":" not in cleaned and cleaned.isdigit() and len(cleaned) in (3, 4):
        cleaned = f"{cleaned[:-2]}:{cleaned[-2:]}"
    hours, _, minutes = cleaned.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        raise ValueError(f"{typed!r} is not a time: type it as hours:minutes, e.g. 09:30")
    hour, minute = int(hours), int(minutes)
    if hour > 23 or minute > 59:
        raise ValueError(f"{typed!r} is not a time of day (00:00 to 23:59)")
    return time(hour, minute)


# --- running ------------------------------------------------------------------------------


def item(agenda: Agenda, item_id: str | None) -> AgendaItem | None:
    return next((i for i in agenda.items if i.id == item_id), None)


def done(entry: AgendaItem) -> bool:
    return entry.ended_at is not None or entry.skipped


def elapsed(agenda: Agenda, entry: AgendaItem, now: datetime) -> float:
    """Seconds the item has run, not counting time paused."""
    if entry.started_at is None:
        return 0.0
    end = entry.ended_at or now
    paused = entry.paused_seconds
    if entry.id == agenda.current and agenda.paused_at is not None and entry.ended_at is None:
        paused += max(0.0, (now - agenda.paused_at).total_seconds())
    return max(0.0, (end - entry.started_at).total_seconds() - paused)


def allowed(entry: AgendaItem) -> int:
    """Seconds the item may take: its minutes and any added while it ran."""
    return (entry.minutes + entry.extra_minutes) * 60


@dataclass(frozen=True)
class Countdown:
    """What every screen of the session shows about the clock."""

    state: State
    item: AgendaItem | None
    remaining: float  # seconds; below zero once the item runs over
    alert: Alert
    position: int  # 1-based number of the item, 0 if none
    count: int

    @property
    def over(self) -> bool:
        return self.remaining < 0


def countdown(agenda: Agenda, now: datetime, warning_seconds: int) -> Countdown:
    count = len(agenda.items)
    current = item(agenda, agenda.current)
    if current is None:
        finished = bool(agenda.items) and all(done(i) for i in agenda.items)
        return Countdown("finished" if finished else "idle", None, 0.0, "none", 0, count)
    remaining = allowed(current) - elapsed(agenda, current, now)
    alert: Alert = "zero" if remaining <= 0 else ("warning" if remaining <= warning_seconds else "none")
    state: State = "paused" if agenda.paused_at is not None else "running"
    return Countdown(state, current, remaining, alert, agenda.items.index(current) + 1, count)


def show_remaining(seconds: float) -> str:
    """12:05 left, or +1:30 once over; hours only when needed."""
    whole = int(abs(seconds)) if seconds >= 0 else int(-seconds + 0.999)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
    return f"+{text}" if seconds < 0 else text


def _start(agenda: Agenda, entry: AgendaItem, now: datetime) -> None:
    entry.started_at = now
    entry.ended_at = None
    entry.skipped = False
    entry.paused_seconds = 0.0
    agenda.current = entry.id
    agenda.paused_at = None


def upcoming(agenda: Agenda) -> AgendaItem | None:
    """The next item to run: the first after the current one (or from the top) not done."""
    items = agenda.items
    current = item(agenda, agenda.current)
    after = items[items.index(current) + 1:] if current is not None else items
    return next((i for i in after if not done(i) and i.id != agenda.current), None)


def start(agenda: Agenda, now: datetime) -> AgendaItem | None:
    """Start the clock (the first item not yet done) or resume it after a pause."""
    current = item(agenda, agenda.current)
    if current is not None:
        resume(agenda, now)
        return current
    following = upcoming(agenda)
    if following is not None:
        _start(agenda, following, now)
    return following


def pause(agenda: Agenda, now: datetime) -> None:
    if agenda.current is not None and agenda.paused_at is None:
        agenda.paused_at = now


def resume(agenda: Agenda, now: datetime) -> None:
    current = item(agenda, agenda.current)
    if current is not None and agenda.paused_at is not None:
        current.paused_seconds += max(0.0, (now - agenda.paused_at).total_seconds())
    agenda.paused_at = None


def toggle(agenda: Agenda, now: datetime) -> None:
    """One key for the clock: start, pause, resume."""
    if agenda.current is not None and agenda.paused_at is None:
        pause(agenda, now)
    else:
        start(agenda, now)


def extend(agenda: Agenda, minutes: int) -> bool:
    current = item(agenda, agenda.current)
    if current is None:
        return False
    current.extra_minutes += minutes
    return True


def _finish(agenda: Agenda, now: datetime, skipped: bool) -> None:
    current = item(agenda, agenda.current)
    if current is None:
        return
    resume(agenda, now)  # time paused until now is not counted
    current.ended_at = now
    current.skipped = skipped


def advance(agenda: Agenda, now: datetime) -> AgendaItem | None:
    """End the current item and start the next; the item now running (None at the end)."""
    following = upcoming(agenda)
    _finish(agenda, now, skipped=False)
    agenda.current = None
    agenda.paused_at = None
    if following is not None:
        _start(agenda, following, now)
    return following


def skip(agenda: Agenda, now: datetime) -> AgendaItem | None:
    """Drop the current item (or, with the clock stopped, the next one) and go on."""
    following = upcoming(agenda)
    if agenda.current is None:
        if following is not None:
            following.skipped = True
        return None
    _finish(agenda, now, skipped=True)
    agenda.current = None
    if following is not None:
        _start(agenda, following, now)
    return following


def reset(agenda: Agenda) -> None:
    """Forget what happened; keep the plan."""
    agenda.current = None
    agenda.paused_at = None
    for entry in agenda.items:
        entry.started_at = entry.ended_at = None
        entry.skipped = False
        entry.extra_minutes = 0
        entry.paused_seconds = 0.0


def remove(agenda: Agenda, item_id: str) -> None:
    agenda.items = [i for i in agenda.items if i.id != item_id]
    if agenda.current == item_id:
        agenda.current = None
        agenda.paused_at = None


def move(agenda: Agenda, item_id: str, step: int) -> None:
    items = agenda.items
    at = next((n for n, i in enumerate(items) if i.id == item_id), None)
    if at is not None and 0 <= at + step < len(items):
        items.insert(at + step, items.pop(at))


# --- what happened ------------------------------------------------------------------------


@dataclass(frozen=True)
class Happened:
    planned: Planned
    started: datetime | None
    ended: datetime | None
    taken_minutes: float | None  # None when it has not run
    over_minutes: float | None  # taken minus planned; None when it has not ended
    skipped: bool


def happened(agenda: Agenda, default_start: time, now: datetime) -> list[Happened]:
    """The plan beside what actually happened, item by item."""
    rows = []
    for planned in plan(agenda, default_start):
        entry = planned.item
        taken = elapsed(agenda, entry, now) / 60 if entry.started_at is not None else None
        over = taken - entry.minutes if taken is not None and entry.ended_at is not None else None
        rows.append(Happened(planned, entry.started_at, entry.ended_at, taken, over, entry.skipped))
    return rows
