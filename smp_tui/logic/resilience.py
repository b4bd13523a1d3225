"""Resilience results: per indicator, per attribute, the whole profile, disagreements
and the trend against an earlier session."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from statistics import fmean, pstdev

from smp_tui.banks import SCORES, ResilienceBank
from smp_tui.models import Rating, ResilienceResult, Session


@dataclass(frozen=True)
class Summary:
    """Scores of one indicator, one attribute or the whole profile."""

    scores: tuple[int, ...]
    dont_know: int

    @property
    def rated(self) -> int:
        return len(self.scores)

    @property
    def mean(self) -> float | None:
        return round(fmean(self.scores), 2) if self.scores else None

    @property
    def low(self) -> int | None:
        return min(self.scores) if self.scores else None

    @property
    def high(self) -> int | None:
        return max(self.scores) if self.scores else None

    @property
    def spread(self) -> int:
        high, low = self.high, self.low
        return high - low if high is not None and low is not None else 0

    @property
    def stdev(self) -> float:
        return round(pstdev(self.scores), 3) if len(self.scores) > 1 else 0.0

    @property
    def distribution(self) -> dict[int, int]:
        counts = Counter(self.scores)
        return {score: counts.get(score, 0) for score in SCORES}


def _summary(ratings: list[Rating]) -> Summary:
    return Summary(
        scores=tuple(r.score for r in ratings if r.score is not None),
        dont_know=sum(1 for r in ratings if r.score is None),
    )


@dataclass(frozen=True)
class Profile:
    indicators: dict[str, Summary]  # in bank order
    attributes: dict[str, Summary]
    overall: Summary

    def disagreements(self, bank: ResilienceBank) -> list[str]:
        """Indicators whose ratings spread at least the bank's threshold, widest first:
        the conversations to have first."""
        flagged = [i for i, s in self.indicators.items() if s.rated > 1 and s.spread >= bank.scale.disagreement_spread]
        order = list(self.indicators)
        return sorted(flagged, key=lambda i: (-self.indicators[i].spread, -self.indicators[i].stdev, order.index(i)))


def profile(result: ResilienceResult, bank: ResilienceBank) -> Profile:
    by_indicator: dict[str, list[Rating]] = {i.id: [] for i in bank.indicators}
    for rating in result.ratings:
        if rating.indicator in by_indicator:
            by_indicator[rating.indicator].append(rating)
    indicators = {i: _summary(r) for i, r in by_indicator.items()}
    attributes = {
        a.id: _summary([r for i in bank.indicators if i.attribute == a.id for r in by_indicator[i.id]])
        for a in bank.attributes
    }
    overall = _summary([r for ratings in by_indicator.values() for r in ratings])
    return Profile(indicators, attributes, overall)


@dataclass(frozen=True)
class Trend:
    direction: str  # "up", "down", "same", or "new" (no earlier score to compare)
    change: float | None


def trend(now: Summary, before: Summary | None, threshold: float) -> Trend:
    if now.mean is None or before is None or before.mean is None:
        return Trend("new", None)
    change = round(now.mean - before.mean, 1)  # rounded as shown, before choosing the arrow
    if abs(change) < threshold or change == 0:
        return Trend("same", change)
    return Trend("up" if change > 0 else "down", change)


def set_rating(result: ResilienceResult, indicator: str, participant: str | None, score: int | None) -> None:
    """One rating per person (or for the room) per indicator: replace any earlier one."""
    result.ratings = [r for r in result.ratings if not (r.indicator == indicator and r.participant == participant)]
    result.ratings.append(Rating(indicator=indicator, participant=participant, score=score))


def clear_rating(result: ResilienceResult, indicator: str, participant: str | None) -> None:
    result.ratings = [r for r in result.ratings if not (r.indicator == indicator and r.participant == participant)]


def rating_of(result: ResilienceResult, indicator: str, participant: str | None) -> Rating | None:
    return next((r for r in result.ratings if r.indicator == indicator and r.participant == participant), None)


SPARKS = "▁▂▃▅▇"  # scores 1 to 5


def sparkline(values: list[float | None]) -> str:
    """One character a value on the 1-5 scale, oldest first; a gap where there is none."""
    return "".join(" " if v is None else SPARKS[max(0, min(4, round(v) - 1))] for v in values)


def history(sessions: list[Session], bank: ResilienceBank) -> dict[str, list[float | None]]:
    """Mean per indicator and per attribute in each session, oldest first."""
    ordered = sorted(sessions, key=lambda s: s.created_at)
    series: dict[str, list[float | None]] = {key: [] for key in [i.id for i in bank.indicators] +
                                             [a.id for a in bank.attributes]}
    for session in ordered:
        result = profile(session.resilience, bank)
        for key, summary in (result.indicators | result.attributes).items():
            series[key].append(summary.mean)
    return series
