"""Every figure a view of a session shows, computed once. No Textual here.

The results screens, the participant's revealed results, the Summary screen and every
export render what `summarise` returns; none of them computes a figure of its own. All
privacy rules are applied here through `logic/privacy.py`, so no view can forget one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from smp_tui.banks import Banks, ResilienceBank
from smp_tui.logic import privacy
from smp_tui.logic.resilience import Summary, Trend, profile, trend
from smp_tui.models import Rating, Session


@dataclass(frozen=True)
class Row:
    """One line of the results: an attribute, an indicator or the whole profile."""

    key: str  # attribute or indicator id, or "overall"
    name: str
    level: str  # "attribute", "indicator" or "overall"
    people: Summary  # people's scores (the room's rating is never in here)
    hidden: bool  # anonymous: fewer people than the minimum scored it
    trend: Trend | None  # None: no earlier session to compare with
    room: int | None | str = None  # the room's agreed rating: 1-5, "?" (don't know), None


@dataclass(frozen=True)
class Split:
    """An indicator people see differently: who (how many) sits at each end."""

    key: str
    name: str
    low: int
    high: int
    at_low: int  # people at 1-2
    at_high: int  # people at 4-5
    low_scores: str  # "1", "2" or "1–2"
    high_scores: str  # "4", "5" or "4–5"
    names_low: tuple[str, ...] = ()  # only in a named session
    names_high: tuple[str, ...] = ()

    def describe(self) -> str:
        def group(count: int, scores: str, names: tuple[str, ...]) -> str:
            who = f" ({', '.join(names)})" if names else ""
            return f"{_count(count)} at {scores}{who}"

        return (f"{group(self.at_low, self.low_scores, self.names_low)}, "
                f"{group(self.at_high, self.high_scores, self.names_high)}")


def _scores(ratings: list[Rating]) -> str:
    found = sorted({r.score for r in ratings if r.score is not None})
    return str(found[0]) if len(found) == 1 else f"{found[0]}–{found[-1]}"


def _count(n: int) -> str:
    words = {1: "one person", 2: "two people", 3: "three people", 4: "four people", 5: "five people"}
    return words.get(n, f"{n} people")


def counted(n: int, thing: str, things: str | None = None) -> str:
    """"1 action", "2 actions", "1 person", "3 people": never "1 people" or "action(s)"."""
    return f"{n} {thing if n == 1 else things or thing + 's'}"


@dataclass(frozen=True)
class ResilienceView:
    shown: bool  # False: a remote round not revealed yet (only who has answered)
    anonymous: bool
    min_group: int
    answered: list[tuple[str | None, int]]  # who has answered (name; None if anonymous), how many, never what
    indicator_count: int
    joined: list[str] = field(default_factory=list)  # who has joined (none for a participant)
    rows: list[Row] = field(default_factory=list)
    splits: list[Split] = field(default_factory=list)
    hidden: int = 0  # how many indicators are hidden by the smallest-group rule
    people: int = 0  # distinct people whose ratings are shown
    has_room: bool = False
    compared_with: Session | None = None

    @property
    def overall(self) -> Row | None:
        return next((r for r in self.rows if r.level == "overall"), None)

    @property
    def any_ratings(self) -> bool:
        return bool(self.people) or self.has_room


def _room(ratings: list[Rating]) -> dict[str, int | str]:
    return {r.indicator: ("?" if r.score is None else r.score) for r in ratings if r.participant is None}


def resilience_view(session: Session, bank: ResilienceBank, previous: Session | None = None,
                    for_participant: bool = False) -> ResilienceView:
    """`for_participant`: what a participant may see once a round is revealed — no names
    at all (not who answered, not who sits at either end of a split)."""
    answered = [] if for_participant else privacy.answered(session, bank)
    base = dict(anonymous=session.anonymous, min_group=session.min_group, answered=answered,
                indicator_count=len(bank.indicators), joined=[] if for_participant else privacy.joined(session))
    if not privacy.results_shown(session):
        return ResilienceView(shown=False, **base)  # type: ignore[arg-type]
    visible = privacy.visible_ratings(session)
    hidden = privacy.hidden_indicators(session, visible, bank)
    counted = privacy.countable(session, visible, bank)
    now = profile_of(counted, bank)
    before = None
    if previous is not None:
        before = profile_of(privacy.countable(previous, privacy.visible_ratings(previous), bank), bank)
    room = _room(visible)
    threshold = bank.scale.trend_threshold

    def row(key: str, name: str, level: str, summary: Summary, earlier: Summary | None, is_hidden: bool) -> Row:
        change = None if before is None or is_hidden else trend(summary, earlier, threshold)
        value = room.get(key) if level == "indicator" else None
        return Row(key, name, level, summary, is_hidden, change, value)

    rows: list[Row] = []
    for attribute in bank.attributes:
        rows.append(row(attribute.id, attribute.name, "attribute", now.attributes[attribute.id],
                        before.attributes[attribute.id] if before else None, False))
        for indicator in bank.indicators:
            if indicator.attribute == attribute.id:
                rows.append(row(indicator.id, indicator.name, "indicator", now.indicators[indicator.id],
                                before.indicators[indicator.id] if before else None, indicator.id in hidden))
    rows.append(row("overall", "Whole profile", "overall", now.overall, before.overall if before else None, False))
    people = {str(r.participant) for r in privacy.people_ratings(visible)}
    return ResilienceView(
        shown=True, rows=rows, splits=_splits(session, bank, counted, now, not for_participant), hidden=len(hidden),
        people=len(people), has_room=bool(room), compared_with=previous, **base,  # type: ignore[arg-type]
    )


def profile_of(ratings: list[Rating], bank: ResilienceBank):
    from smp_tui.models import ResilienceResult

    return profile(ResilienceResult(ratings=ratings), bank)


def _splits(session: Session, bank: ResilienceBank, counted: list[Rating], now, with_names: bool) -> list[Split]:
    """Real splits only (scores from both ends of the scale), widest first, at most the
    bank's number: the conversations to have first."""
    named = with_names and privacy.names_beside_ratings(session)
    names = {p.id: p.name for p in session.participants} if named else {}
    flagged = []
    for key in now.disagreements(bank):
        summary = now.indicators[key]
        mine = [r for r in counted if r.indicator == key and r.score is not None]
        low = [r for r in mine if r.score is not None and r.score <= 2]
        high = [r for r in mine if r.score is not None and r.score >= 4]
        if not low or not high:
            continue
        assert summary.low is not None and summary.high is not None
        flagged.append(Split(
            key, bank.indicator(key).name, summary.low, summary.high, len(low), len(high), _scores(low), _scores(high),
            tuple(sorted(names[str(r.participant)] for r in low if str(r.participant) in names)),
            tuple(sorted(names[str(r.participant)] for r in high if str(r.participant) in names)),
        ))
    return flagged[: bank.scale.disagreements_shown]


@dataclass(frozen=True)
class SessionSummary:
    session: Session  # as it may be shown or sent (privacy rules applied)
    resilience: ResilienceView


def summarise(session: Session, banks: Banks, previous: Session | None = None) -> SessionSummary:
    """Everything a summary or export shows of a session, with every privacy rule applied."""
    shown = privacy.for_export(session, banks.resilience)
    return SessionSummary(shown, resilience_view(session, banks.resilience, previous))


BLOCKS = " ▁▂▃▄▅▆▇█"


def distribution_bar(summary: Summary) -> str:
    """How many gave each score, one little bar per point (1 to 5): e.g. ▁▅█▁·"""
    counts = summary.distribution
    top = max(counts.values()) or 1
    return "".join(BLOCKS[max(1, round(8 * c / top))] if c else "·" for c in counts.values())


def mean_text(summary: Summary) -> str:
    return "–" if summary.mean is None else f"{summary.mean:.1f}"


def range_text(summary: Summary) -> str:
    return "–" if summary.low is None else f"{summary.low}–{summary.high}"


def trend_text(change: Trend | None, arrows: dict[str, str]) -> str:
    """▲ +0.4, ▼ -0.6, = (no real change), or the 'new' mark; "" with nothing to compare."""
    if change is None:
        return ""
    if change.direction in ("up", "down") and change.change is not None:
        return f"{arrows[change.direction]} {change.change:+.1f}"
    return arrows[change.direction]


def room_text(value: int | str | None) -> str:
    return "" if value is None else str(value)
