"""Tool 1, what is good work?: answers per person (the same shape as resilience ratings),
results per heading as shares of yes / no / not sure, and the statements most answered
"no" first."""

from __future__ import annotations

from dataclasses import dataclass

from smp_tui.banks import GoodWorkBank
from smp_tui.logic import privacy
from smp_tui.models import YES_NO, GoodWorkAnswer, GoodWorkResult, Session


def set_answer(result: GoodWorkResult, statement: str, participant: str | None, answer: str) -> None:
    """One answer per person (or for the room) per statement: replace any earlier one."""
    clear_answer(result, statement, participant)
    result.answers.append(GoodWorkAnswer(statement=statement, participant=participant, answer=answer))


def clear_answer(result: GoodWorkResult, statement: str, participant: str | None) -> None:
    result.answers = [a for a in result.answers if not (a.statement == statement and a.participant == participant)]


def answer_of(result: GoodWorkResult, statement: str, participant: str | None) -> GoodWorkAnswer | None:
    return next((a for a in result.answers if a.statement == statement and a.participant == participant), None)


@dataclass(frozen=True)
class Tally:
    """Answers to one statement or one heading."""

    counts: dict[str, int]  # yes / no / not_sure
    people: int  # distinct people (the room's agreed answer is not a person)

    @property
    def answered(self) -> int:
        return sum(self.counts.values())

    def share(self, answer: str) -> float:
        return self.counts[answer] / self.answered if self.answered else 0.0


def _tally(answers: list[GoodWorkAnswer]) -> Tally:
    counts = {value: 0 for value in YES_NO}
    for answer in answers:
        counts[answer.answer] += 1
    return Tally(counts, len({a.participant for a in answers if a.participant is not None}))


@dataclass(frozen=True)
class GoodWorkResults:
    headings: dict[str, Tally]  # in bank order
    statements: dict[str, Tally]
    overall: Tally

    def most_no(self, bank: GoodWorkBank) -> list[str]:
        """Statements anyone answered "no", most "no" first (then the larger share of no,
        then bank order)."""
        order = [s.id for h in bank.headings for s in h.statements]
        flagged = [s for s in order if self.statements[s].counts["no"]]
        return sorted(flagged, key=lambda s: (-self.statements[s].counts["no"], -self.statements[s].share("no"),
                                              order.index(s)))

    def no_heavy(self, bank: GoodWorkBank) -> list[str]:
        """Headings where the share of "no" reaches the bank's threshold, heaviest first."""
        order = [h.id for h in bank.headings]
        heavy = [h for h in order if self.headings[h].answered and self.headings[h].share("no") >= bank.no_heavy_share]
        return sorted(heavy, key=lambda h: (-self.headings[h].share("no"), order.index(h)))


def results(answers: list[GoodWorkAnswer], bank: GoodWorkBank) -> GoodWorkResults:
    by_statement: dict[str, list[GoodWorkAnswer]] = {s.id: [] for h in bank.headings for s in h.statements}
    for answer in answers:
        if answer.statement in by_statement:
            by_statement[answer.statement].append(answer)
    statements = {s: _tally(a) for s, a in by_statement.items()}
    headings = {h.id: _tally([a for s in h.statements for a in by_statement[s.id]]) for h in bank.headings}
    overall = _tally([a for answers in by_statement.values() for a in answers])
    return GoodWorkResults(headings, statements, overall)


@dataclass(frozen=True)
class Survey:
    """What a view of the survey may show: results from the countable answers only, and
    the statements hidden by the smallest-group rule (see logic/privacy.py)."""

    results: GoodWorkResults
    hidden: frozenset[str]

    def heading_hidden(self, bank: GoodWorkBank, heading_id: str) -> int:
        """How many of a heading's statements are hidden."""
        heading = next(h for h in bank.headings if h.id == heading_id)
        return sum(1 for s in heading.statements if s.id in self.hidden)


def survey(session: Session, bank: GoodWorkBank) -> Survey:
    answers = session.good_work.answers
    return Survey(results(privacy.good_work_countable(session, answers), bank),
                  frozenset(privacy.good_work_hidden_statements(session, answers)))


def answered_by(result: GoodWorkResult, bank: GoodWorkBank, participant: str | None) -> int:
    known = {s.id for h in bank.headings for s in h.statements}
    return sum(1 for a in result.answers if a.participant == participant and a.statement in known)
