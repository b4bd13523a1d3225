"""Every privacy rule of smp, in one place. No Textual here.

- A private note never leaves its session (no summary, no export).
- Remote rounds: before the facilitator reveals a round nobody sees results, only who has
  answered; the results shown are the answers frozen at the reveal.
- Anonymous sessions: nobody — facilitator included — can tie an answer to a name. A
  person's answers are kept under a key made from their rejoin code (never stored beside
  their name); who has answered is a count per name. Exports carry no names beside
  answers, and answer keys are replaced by fresh random ones in every export.
- The smallest group: in an anonymous session an indicator scored by fewer distinct people
  than the session's minimum is hidden, and every aggregate (attribute, whole profile,
  trend, disagreements, exports) is computed without it, so a hidden answer can never be
  worked out by subtraction.
- Tool 1 (what is good work?) keeps every one of these rules, with a reveal of its own;
  the room's agreed answers are never counted as a person's.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Mapping

from smp_tui.banks import ResilienceBank
from smp_tui.models import GoodWorkAnswer, Rating, Session, normalise_join_code


def _uuid_from(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return str(uuid.UUID(bytes=digest[:16], version=4))


def answer_key(session_id: str, rejoin_code: str) -> str:
    """The key an anonymous person's answers are kept under: computable only with their
    rejoin code (and different in every session)."""
    return _uuid_from(f"smp-answers:{session_id}:{normalise_join_code(rejoin_code)}")


def rejoin_hash(session_id: str, rejoin_code: str) -> str:
    """What a named session keeps beside a person's name to let them back in."""
    return hashlib.sha256(f"smp-rejoin:{session_id}:{normalise_join_code(rejoin_code)}".encode()).hexdigest()


def room_slot_key(session_id: str, slot: int) -> str:
    """Anonymous away-day sessions: the facilitator records "Rater 1", "Rater 2", ... —
    keys tied to a number, never to a name."""
    return _uuid_from(f"smp-room-slot:{session_id}:{slot}")


def rater_choices(session: Session) -> list[tuple[str, str]]:
    """Whose ratings the facilitator records, as (label, key). In an anonymous session:
    "Rater 1", "Rater 2", ... under keys tied to the number, never to a name. (Labels are
    people's text: show them literally.)"""
    if not session.anonymous:
        return [(p.name, p.id) for p in session.participants]
    slots = max(len(session.participants), 1)
    return [(f"Rater {n}", room_slot_key(session.id, n)) for n in range(1, slots + 1)]


def in_no_order(session: Session) -> None:
    """An anonymous session keeps its names and answers in an order that says nothing about
    who joined or answered when (names alphabetical, answers by key), so that no single
    stored version links the last name to join with the last answers given."""
    if not session.anonymous:
        return
    session.participants.sort(key=lambda p: (" ".join(p.name.split()).casefold(), p.id))
    result = session.resilience
    result.ratings.sort(key=lambda r: (r.participant or "", r.indicator))
    result.anonymous_keys.sort()
    for answers in (session.good_work.answers, session.good_work.revealed_answers):
        answers.sort(key=lambda a: (a.participant or "", a.statement))
    session.shared.sort(key=lambda w: w.id)  # random ids: not the order people shared in


def own_work_source(answer_key: str, tool: str) -> str:
    """What a participant's own result, kept only in their process, is shared under: the
    same each time they share it (so it replaces what they shared before), and made from
    the key their answers are kept under, so it names nobody."""
    return _uuid_from(f"smp-own-work:{answer_key}:{tool}")


def shared_source(session: Session, source: str) -> str:
    """What a shared result is kept under in a team session, so that sharing it again
    replaces it. An anonymous session keeps a key made from the source (the person's own
    workbook session, or their rejoin code), not the source itself, which would lead back
    to them."""
    return _uuid_from(f"smp-shared:{session.id}:{source}") if session.anonymous else source


def name_key(name: str) -> str:
    """What makes a name one person's: not case, spacing, full-width letters or invisible
    characters (a zero-width space made a second "Bob" that looked the same)."""
    import unicodedata

    shown = "".join(ch for ch in unicodedata.normalize("NFKC", name) if unicodedata.category(ch) != "Cf")
    return " ".join(shown.split()).casefold()


def same_name(a: str, b: str) -> bool:
    """Names that are the same person's (for joining, adding, renaming and sharing)."""
    return name_key(a) == name_key(b)


# --- what results may be computed from ------------------------------------------------------


def results_shown(session: Session) -> bool:
    """Remote sessions show results only once the facilitator has revealed the round."""
    return session.mode != "remote" or session.resilience.revealed


def visible_ratings(session: Session) -> list[Rating]:
    """The ratings results may be computed from: a remote session's revealed round (frozen
    at the reveal), nothing before it; every rating otherwise."""
    if session.mode == "remote":
        return list(session.resilience.revealed_ratings) if session.resilience.revealed else []
    return list(session.resilience.ratings)


def people_ratings(ratings: Iterable[Rating]) -> list[Rating]:
    """People's ratings: the room's agreed rating is a different thing, never pooled in."""
    return [r for r in ratings if r.participant is not None]


def below_smallest_group(session: Session, answerers: Mapping[str, set[str]]) -> set[str]:
    """The smallest-group rule, for every tool: in an anonymous session, the questions
    (indicators, statements) answered by fewer distinct people than its minimum (none at
    all is not hidden: there is nothing to protect)."""
    if not session.anonymous:
        return set()
    return {question for question, people in answerers.items() if 0 < len(people) < session.min_group}


def hidden_indicators(session: Session, ratings: Iterable[Rating], bank: ResilienceBank) -> set[str]:
    """Indicators scored (don't know is no score) by too few people to show."""
    scorers: dict[str, set[str]] = {i.id: set() for i in bank.indicators}
    for rating in people_ratings(ratings):
        if rating.score is not None and rating.indicator in scorers:
            scorers[rating.indicator].add(str(rating.participant))
    return below_smallest_group(session, scorers)


def countable(session: Session, ratings: Iterable[Rating], bank: ResilienceBank) -> list[Rating]:
    """People's ratings that every figure may include: hidden indicators taken out."""
    ratings = people_ratings(ratings)
    hidden = hidden_indicators(session, ratings, bank)
    return [r for r in ratings if r.indicator not in hidden]


def good_work_shown(session: Session) -> bool:
    """Tool 1 follows the resilience rule: remote answers show once the facilitator reveals."""
    return session.mode != "remote" or session.good_work.revealed


def good_work_visible(session: Session) -> list[GoodWorkAnswer]:
    """Tool 1 answers results may be computed from (as `visible_ratings`)."""
    result = session.good_work
    if session.mode == "remote":
        return list(result.revealed_answers) if result.revealed else []
    return list(result.answers)


def good_work_answered(session: Session, statements: set[str]) -> list[tuple[str | None, int]]:
    """Who has answered Tool 1 and how many statements, never what: see `answered`."""
    return _progress(session, [(a.participant, a.statement) for a in session.good_work.answers
                               if a.statement in statements])


def answered(session: Session, bank: ResilienceBank) -> list[tuple[str | None, int]]:
    """Who has answered and how many indicators, never what: (name, count) for each person.
    In an anonymous session the counts are the answer keys', most first, with no name (None):
    a name beside a count would pick out the answers with as many ratings."""
    known = {i.id for i in bank.indicators}
    return _progress(session, [(r.participant, r.indicator) for r in session.resilience.ratings
                               if r.indicator in known])


def _progress(session: Session, answers: list[tuple[str | None, str]]) -> list[tuple[str | None, int]]:
    done: dict[str | None, set[str]] = {}
    for who, what in answers:
        done.setdefault(who, set()).add(what)
    if not session.anonymous:
        return [(p.name, len(done.get(p.id, ()))) for p in session.participants]
    counts = sorted((len(questions) for who, questions in done.items()
                     if who is not None and who not in {p.id for p in session.participants}), reverse=True)
    return [(None, count) for count in counts + [0] * max(0, len(session.participants) - len(counts))]


def joined(session: Session) -> list[str]:
    """The names of the people who have joined (who has answered what is never beside them
    in an anonymous session)."""
    return [p.name for p in session.participants]


def names_beside_ratings(session: Session) -> bool:
    """May a screen or export show who gave which rating?"""
    return not session.anonymous


# --- exports ------------------------------------------------------------------------------------


def good_work_hidden_statements(session: Session, answers: Iterable[GoodWorkAnswer]) -> set[str]:
    """Tool 1 statements answered by too few people to show (the room's agreed answer is
    not a person, and "not sure" is an answer)."""
    people: dict[str, set[str]] = {}
    for answer in answers:
        if answer.participant is not None:
            people.setdefault(answer.statement, set()).add(answer.participant)
    return below_smallest_group(session, people)


def good_work_countable(session: Session, answers: Iterable[GoodWorkAnswer]) -> list[GoodWorkAnswer]:
    """Tool 1 answers every figure may include: hidden statements taken out, so no heading's
    share can be worked back to a hidden answer."""
    answers = list(answers)
    hidden = good_work_hidden_statements(session, answers)
    return [a for a in answers if a.statement not in hidden]


def for_export(session: Session, bank: ResilienceBank) -> Session:
    """The session as it may leave smp (summary, every export format):
    - private notes removed;
    - a remote round not yet revealed: no ratings at all; revealed: the frozen answers
      (Tool 1's answers likewise, by their own reveal);
    - anonymous: no participants, and answers under fresh random keys (a new set in every
      export, so nothing printed can be matched to the store or to another export), with
      the answers to hidden indicators left out."""
    copy = session.model_copy(deep=True)
    result = copy.resilience
    result.notes = {k: v for k, v in result.notes.items() if not v.private}
    if session.mode == "remote":
        result.ratings = visible_ratings(session)
        result.revealed_ratings = []
        copy.good_work.answers = good_work_visible(session)
        copy.good_work.revealed_answers = []
    if copy.anonymous:
        hidden = hidden_indicators(copy, result.ratings, bank)
        fresh: dict[str, str] = {}
        kept = []
        # In key order (the stored keys are hashes, so this order says nothing about people
        # or time), then each key replaced by a fresh random one.
        for rating in sorted(result.ratings, key=lambda r: (r.indicator, r.participant or "")):
            if rating.indicator in hidden:
                continue
            if rating.participant is not None:
                key = fresh.setdefault(rating.participant, str(uuid.uuid4()))
                rating = rating.model_copy(update={"participant": key})
            kept.append(rating)
        result.ratings = kept
        result.anonymous_keys = sorted(set(fresh.values()))
        good_work_keys: dict[str, str] = {}  # fresh again: not matchable to the ratings above
        copy.good_work.answers = [
            a if a.participant is None else
            a.model_copy(update={"participant": good_work_keys.setdefault(a.participant, str(uuid.uuid4()))})
            for a in sorted(good_work_countable(copy, copy.good_work.answers),
                            key=lambda a: (a.statement, a.participant or ""))]
        copy.participants = []
        copy.join_code = None
    return copy
