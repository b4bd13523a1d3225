"""Tool 1, what is good work?: answers per person (the same shape as resilience ratings),
results per heading as shares of yes / no / not sure, and the statements most answered
"no" first. People's shares never include the room's agreed answer: it is shown apart."""

from __future__ import annotations

from dataclasses import dataclass

from smp_tui.banks import GoodWorkBank
from smp_tui.logic import privacy
from smp_tui.models import YES_NO, GoodWorkAnswer, GoodWorkResult, Session, YesNo


def set_answer(result: GoodWorkResult, statement: str, participant: str | None, answer: YesNo) -> None:
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
    """What a view of the survey may show. People's shares come from the countable answers
    only (statements hidden by the smallest-group rule taken out, see logic/privacy.py);
    the room's agreed answers are a different thing, kept apart and never counted as a
    person's. `shown` is False while a remote session's answers are not revealed: then
    only who has answered (how many statements, never what) may be shown."""

    people: GoodWorkResults
    room: dict[str, YesNo]  # statement -> the room's agreed answer
    hidden: frozenset[str]
    shown: bool = True
    answered: tuple[tuple[str | None, int], ...] = ()  # (name, None if anonymous; how many); none for a participant
    statement_count: int = 0
    joined: tuple[str, ...] = ()  # who has joined (none for a participant)

    def heading_hidden(self, bank: GoodWorkBank, heading_id: str) -> int:
        """How many of a heading's statements are hidden."""
        heading = next(h for h in bank.headings if h.id == heading_id)
        return sum(1 for s in heading.statements if s.id in self.hidden)

    def room_heading(self, bank: GoodWorkBank, heading_id: str) -> Tally:
        """The room's agreed answers under one heading (no people in it)."""
        heading = next(h for h in bank.headings if h.id == heading_id)
        counts = {value: 0 for value in YES_NO}
        for statement in heading.statements:
            if statement.id in self.room:
                counts[self.room[statement.id]] += 1
        return Tally(counts, 0)

    def room_said_no(self, bank: GoodWorkBank) -> list[str]:
        """Statements the room agreed to answer no, in bank order."""
        return [s.id for h in bank.headings for s in h.statements if self.room.get(s.id) == "no"]

    @property
    def any_answers(self) -> bool:
        return bool(self.people.overall.answered or self.room or self.hidden)


def survey(session: Session, bank: GoodWorkBank, for_participant: bool = False) -> Survey:
    """`for_participant`: what a participant may see once answers are revealed — no names,
    not even who has answered."""
    statements = {s.id for h in bank.headings for s in h.statements}
    answered = () if for_participant else tuple(privacy.good_work_answered(session, statements))
    joined = () if for_participant else tuple(privacy.joined(session))
    if not privacy.good_work_shown(session):
        return Survey(results([], bank), {}, frozenset(), False, answered, len(statements), joined)
    visible = privacy.good_work_visible(session)
    people = [a for a in visible if a.participant is not None]
    room: dict[str, YesNo] = {a.statement: a.answer for a in visible
                              if a.participant is None and a.statement in statements}
    return Survey(results(privacy.good_work_countable(session, people), bank), room,
                  frozenset(privacy.good_work_hidden_statements(session, people)), True, answered, len(statements),
                  joined)


def answered_by(result: GoodWorkResult, bank: GoodWorkBank, participant: str | None) -> int:
    known = {s.id for h in bank.headings for s in h.statements}
    return sum(1 for a in result.answers if a.participant == participant and a.statement in known)
