"""The participant's service: all a person who joins a remote session can do. No Textual.

The participant's app (`smp join`, and whatever serves it) holds only this object: it can
find one session by its join code, join it under a name (getting a personal rejoin code)
or rejoin with that code, rate its own answers, withdraw them, and see the round's
results once the facilitator has revealed them. It hands screens a `ParticipantView`,
never the session itself, so nothing of other people's answers reaches a participant's
screen before the reveal, and nothing at all ties answers to names in an anonymous session.
Every check is made again under the store's lock on the freshly read session.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from smp_tui.banks import Banks, GoodWorkBank, ResilienceBank
from smp_tui.logic import good_work, privacy
from smp_tui.logic.changes import CLEAR, CLEAR_ANSWER, DONT_KNOW, answer_influencing, score_need, share_work
from smp_tui.logic.resilience import clear_rating, set_rating
from smp_tui.logic.summary import ResilienceView, resilience_view
from smp_tui.logic.workbook import ASKABLE_TOOLS, TOOL_TITLES, score_of, shareable, shared_work
from smp_tui.logic.workbook import status as workbook_status
from smp_tui.models import (
    Agenda,
    JOIN_HOURS_DEFAULT,
    NAME_MAX,
    YES_NO,
    Participant,
    Session,
    WorkbookResult,
    WorkbookTool,
    new_rejoin_code,
    normalise_join_code,
    utc_now,
)
from smp_tui.safe_text import one_line
from smp_tui.store import Store, StoreError
from smp_tui.workbook_report import workbook_markdown
from smp_tui.workspace import Fault


class Refused(ValueError):
    """Something a participant may not do now, in words for them."""


@dataclass(frozen=True)
class Seat:
    """Who this process is in the session. `rejoin_code` is only known right after joining
    (it is shown once); `key` is what this person's answers are kept under."""

    session_id: str
    team: str
    key: str
    name: str
    rejoin_code: str | None = None


@dataclass(frozen=True)
class Found:
    """A session found by its join code: enough to say what is being joined."""

    code: str
    title: str
    team: str
    anonymous: bool
    closed: bool = False  # closed to new people: only those who joined come back, with their rejoin code


@dataclass(frozen=True)
class ParticipantView:
    title: str
    team: str
    anonymous: bool
    round: int
    revealed: bool
    mine: dict[str, int | None]  # my answers: indicator -> score (None: don't know)
    results: ResilienceView | None  # only once the round is revealed
    still_in: bool  # False once the facilitator has taken this person out
    agenda: Agenda | None = None  # the day's plan and clock: every participant sees the countdown
    asked_tool: WorkbookTool | None = None  # the personal tool the facilitator asks everyone to do


@dataclass(frozen=True)
class OwnWork:
    """A personal tool as its participant answers it: kept only in their own process."""

    tool: WorkbookTool
    title: str
    scale: str  # what each key means
    items: list[tuple[str | None, str, int | None]]  # (id, text, my answer); id None: a heading
    status: str  # one line: totals (and bands) so far, or how many are left
    result: str  # the result as Markdown, the same as in a person's own workbook
    not_yet: str | None  # why it cannot be shared yet; None when it can
    shared: bool  # this result, as it is now, is what I shared


@dataclass(frozen=True)
class GoodWorkView:
    """Tool 1 as a participant sees it: their own answers, and everyone's once revealed."""

    title: str
    team: str
    anonymous: bool
    revealed: bool
    mine: dict[str, str]  # my answers: statement -> yes / no / not_sure
    results: good_work.Survey | None  # only once the facilitator has revealed the answers
    still_in: bool
    min_group: int  # anonymous: statements answered by fewer people are hidden
    agenda: Agenda | None = None


def join_deadline(session: Session) -> datetime:
    return session.join_expires_at or session.created_at + timedelta(hours=JOIN_HOURS_DEFAULT)


class ParticipantWorkspace:
    def __init__(self, store: Store, banks: Banks, clock: Callable[[], datetime] = utc_now) -> None:
        self._store = store
        self._banks = banks
        self._clock = clock
        self.seat: Seat | None = None
        # The person's changes, saved one after another in the order they made them: in
        # threads of their own, two quick ratings of one indicator could be saved the other
        # way round, the first one last.
        self.in_order = ThreadPoolExecutor(max_workers=1, thread_name_prefix="smp-participant-changes")
        self._own: dict[WorkbookTool, Session] = {}  # my answers to personal tools: in this process only
        self._shared: dict[WorkbookTool, dict[str, int]] = {}  # what I last shared of each

    @property
    def countdown_warning_seconds(self) -> int:
        """When the agenda's countdown turns to a warning (the agenda bank)."""
        return self._banks.agenda.warning_seconds

    @property
    def bank(self) -> ResilienceBank:
        """The resilience content (indicators, anchors, scale): what a rater needs to read."""
        return self._banks.resilience

    @property
    def good_work_bank(self) -> GoodWorkBank:
        """Tool 1's statements under their headings, and the words for the answers."""
        return self._banks.good_work

    # -- finding and joining --

    def _session_for(self, code: str, joining: bool) -> Session:
        """The remote session of a join code. Closing it to joining (`joining`) keeps new
        people out, never those who joined and come back with their rejoin code."""
        code = normalise_join_code(code)
        if len(code) != 6:
            raise Refused("A join code has six letters and digits, like KXP-47R. Check it with the facilitator.")
        try:
            session = self._store.find_by_code(code)
        except StoreError:
            raise Refused(f"No session has the code {code[:3]}-{code[3:]}. Check it with the facilitator.") from None
        if session.mode != "remote":
            raise Refused("That code is not for a remote session.")
        if joining and session.joining_closed:
            raise Refused("The facilitator has closed this session to new people. If you joined before, "
                          "type your rejoin code.")
        if self._clock() >= join_deadline(session):
            raise Refused("This join code has expired. Ask the facilitator to open joining again.")
        return session

    def find(self, code: str) -> Found | Fault:
        try:
            session = self._session_for(code, joining=False)
        except Refused as refusal:
            return Fault(str(refusal))
        return Found(normalise_join_code(code), session.title, session.team, session.anonymous, session.joining_closed)

    def join(self, code: str, name: str) -> Seat | Fault:
        """Join under a name no one else in the session has; the seat carries the person's
        rejoin code, to show them once."""
        name = " ".join(name.split())
        if not name:
            return Fault("Type your name first.")
        if len(name) > NAME_MAX:
            return Fault(f"That name is too long (at most {NAME_MAX} characters).")
        try:
            session = self._session_for(code, joining=True)
        except Refused as refusal:
            return Fault(str(refusal))
        person = Participant(name=name)
        name = person.name  # as stored: control characters made visible, so the seat finds it again
        rejoin = key = ""

        def add(current: Session) -> Session:
            nonlocal rejoin, key
            self._check_open(current, joining=True)
            if any(privacy.same_name(p.name, name) for p in current.participants):
                raise Refused(
                    f"Someone in this session is already called \u201c{name}\u201d. If that is you, type "
                    "the rejoin code you were given under \"Joined before?\"; otherwise add your "
                    "initial or team, e.g. \"Sam K\".")
            # A code nobody in the session has (a repeat would share someone's answers):
            # made under the session's lock, so two people joining at once are told apart.
            taken = {*current.resilience.anonymous_keys, *(p.rejoin_hash for p in current.participants)}
            while True:
                rejoin = new_rejoin_code()
                if current.anonymous:
                    key = privacy.answer_key(current.id, rejoin)
                    person.rejoin_hash = None
                else:
                    key = person.id
                    person.rejoin_hash = privacy.rejoin_hash(current.id, rejoin)
                if (key if current.anonymous else person.rejoin_hash) not in taken:
                    break
            current.participants.append(person)
            privacy.in_no_order(current)
            if current.anonymous:
                current.resilience.anonymous_keys = sorted({*current.resilience.anonymous_keys, key})
            return current

        done = self._update(session.id, session.team, add, "Could not join")
        if isinstance(done, Fault):
            return done
        self.seat = Seat(session.id, session.team, key, name, rejoin)
        return self.seat

    def rejoin(self, code: str, rejoin_code: str, name: str = "") -> Seat | Fault:
        """Back to one's own answers with the rejoin code (and, in an anonymous session,
        the name one joined under: the two are never stored together)."""
        try:
            session = self._session_for(code, joining=False)
        except Refused as refusal:
            return Fault(str(refusal))
        wrong = Fault("That rejoin code does not match anyone in this session. Check it, or join under a new name.")
        if len(normalise_join_code(rejoin_code)) != 8:
            return Fault("A rejoin code has eight letters and digits, like ABCD-EFGH.")
        if session.anonymous:
            key = privacy.answer_key(session.id, rejoin_code)
            typed = one_line(name)  # as names are stored
            person = next((p for p in session.participants if privacy.same_name(p.name, typed)), None)
            if key not in session.resilience.anonymous_keys:
                return wrong
            if person is None:
                return Fault("Type the name you joined under, as well as your rejoin code.")
            self.seat = Seat(session.id, session.team, key, person.name)
            return self.seat
        hashed = privacy.rejoin_hash(session.id, rejoin_code)
        found = next((p for p in session.participants if p.rejoin_hash == hashed), None)
        if found is None:
            return wrong
        self.seat = Seat(session.id, session.team, found.id, found.name)
        return self.seat

    # -- answering --

    def _check_open(self, session: Session, joining: bool = False) -> None:
        if session.resilience.revealed:
            raise Refused("The facilitator has revealed this round: answers are closed until a new round opens.")
        if joining and session.joining_closed:
            raise Refused("The facilitator has closed this session to new people. If you joined before, "
                          "type your rejoin code.")

    def _check_member(self, session: Session) -> None:
        seat = self._need_seat()
        if not any(privacy.same_name(p.name, seat.name) for p in session.participants):
            raise Refused("The facilitator has taken you out of this session.")

    def _need_seat(self) -> Seat:
        if self.seat is None:
            raise Refused("Join the session first.")
        return self.seat

    def rate(self, indicator: str, value: int) -> None | Fault:
        """A score 1-5, DONT_KNOW or CLEAR for one of my answers."""
        seat = self._need_seat()
        if indicator not in {i.id for i in self.bank.indicators}:
            return Fault(f"There is no indicator {indicator!r}.")

        def answer(current: Session) -> Session:
            self._check_open(current)
            self._check_member(current)
            if value == CLEAR:
                clear_rating(current.resilience, indicator, seat.key)
            else:
                set_rating(current.resilience, indicator, seat.key, None if value == DONT_KNOW else value)
            privacy.in_no_order(current)
            return current

        return self._update_seat(answer)

    def withdraw(self) -> None | Fault:
        """Remove every answer of mine, resilience and good work (I stay in the session and
        may answer again). Refused once either is revealed: the change would show what
        mine were."""
        seat = self._need_seat()

        def remove(current: Session) -> Session:
            self._check_open(current)
            self._check_good_work_open(current)
            current.resilience.ratings = [r for r in current.resilience.ratings if r.participant != seat.key]
            current.good_work.answers = [a for a in current.good_work.answers if a.participant != seat.key]
            return current

        return self._update_seat(remove)

    # -- Tool 1: what is good work? (its own reveal, the same rules) --

    def _check_good_work_open(self, session: Session) -> None:
        if session.good_work.revealed:
            raise Refused("The facilitator has revealed the good-work answers: answers are closed until "
                          "the facilitator opens them again.")

    def answer_good_work(self, statement: str, answer: str) -> None | Fault:
        """yes / no / not_sure, or CLEAR_ANSWER, for one of my good-work statements."""
        seat = self._need_seat()
        if statement not in {s.id for h in self.good_work_bank.headings for s in h.statements}:
            return Fault(f"There is no good-work statement {statement!r}.")
        if answer not in (*YES_NO, CLEAR_ANSWER):
            return Fault(f"{answer!r} is not an answer: yes, no or not sure.")

        def change(current: Session) -> Session:
            self._check_good_work_open(current)
            self._check_member(current)
            if answer == CLEAR_ANSWER:
                good_work.clear_answer(current.good_work, statement, seat.key)
            else:
                good_work.set_answer(current.good_work, statement, seat.key, answer)  # type: ignore[arg-type]
            privacy.in_no_order(current)
            return current

        return self._update_seat(change)

    def good_work_view(self) -> GoodWorkView | Fault:
        seat = self._need_seat()
        try:
            session = self._store.get(seat.session_id)
        except StoreError as error:
            return Fault(str(error))
        mine: dict[str, str] = {a.statement: a.answer for a in session.good_work.answers if a.participant == seat.key}
        still_in = any(privacy.same_name(p.name, seat.name) for p in session.participants)
        revealed = session.good_work.revealed
        results = good_work.survey(session, self.good_work_bank, for_participant=True) if revealed else None
        return GoodWorkView(session.title, session.team, session.anonymous, revealed, mine, results, still_in,
                            session.min_group, session.agenda)

    def _update_seat(self, change: Callable[[Session], Session]) -> None | Fault:
        seat = self._need_seat()
        return self._update(seat.session_id, seat.team, change, "Your answer could not be saved")

    def _update(self, session_id: str, team: str, change: Callable[[Session], Session], failed: str) -> None | Fault:
        """Apply `change` under the store's lock; a refusal or a store fault as a Fault.
        `change` is given the session read for it alone (Store.update): it changes it in
        place rather than copying it."""
        try:
            self._store.update(session_id, change, team=team)
        except Refused as refusal:
            return Fault(str(refusal))
        except StoreError as error:
            return Fault(f"{failed}: {error}")
        return None

    # -- what a participant sees --

    def view(self) -> ParticipantView | Fault:
        seat = self._need_seat()
        try:
            session = self._store.get(seat.session_id)
        except StoreError as error:
            return Fault(str(error))
        mine = {r.indicator: r.score for r in session.resilience.ratings if r.participant == seat.key}
        still_in = any(privacy.same_name(p.name, seat.name) for p in session.participants)
        revealed = session.resilience.revealed
        return ParticipantView(
            session.title, session.team, session.anonymous, session.resilience.round, revealed, mine,
            resilience_view(session, self.bank, for_participant=True) if revealed else None, still_in,
            session.agenda, session.asked_tool,
        )

    def signature(self) -> object:
        """Changes whenever the session's own file is replaced (to notice others' saves;
        saves into the team's other sessions leave it be)."""
        seat = self.seat
        return None if seat is None else self._store.session_signature(seat.session_id, seat.team)

    # -- a personal tool the facilitator asked for --
    # Everyone on the host is one account and the facilitator can read the session file, so
    # the answers are kept in this process only, never stored; sharing stores just the
    # result (totals, scores), in an anonymous session under no name.

    def own_work(self, tool: WorkbookTool) -> OwnWork | Fault:
        if tool not in ASKABLE_TOOLS:
            return Fault(f"There is no personal tool {tool!r} to do here.")
        own = self._own_session(tool)
        bank = self._banks.influencing if tool == "influencing" else self._banks.learning_needs
        scale = " · ".join(f"{n} {label.lower()}" for n, label in sorted(bank.scale.labels.items(), reverse=True))
        if tool == "influencing":
            answers = own.workbook.influencing.answers
            items: list[tuple[str | None, str, int | None]] = [
                (str(s.number), f"{s.number:>2}. {s.text}", answers.get(s.number))
                for s in self._banks.influencing.statements]
        else:
            needs = self._banks.learning_needs
            items = []
            for group in needs.groups:
                items.append((None, group.name, None))
                items.extend((s.id, s.text, score_of(own.workbook.learning_needs, s.id))
                             for s in needs.statements if s.group == group.id)
        not_yet = shareable(own, self._banks)
        shared = not_yet is None and self._shared.get(tool) == shared_work(own, self._banks).totals
        return OwnWork(tool, TOOL_TITLES[tool], scale, items, workbook_status(own, self._banks),
                       workbook_markdown(own, self._banks), not_yet, shared)

    def answer_own(self, tool: WorkbookTool, item: str, value: int | None) -> OwnWork | Fault:
        """One answer of mine (None clears it), kept in this process only."""
        if tool not in ASKABLE_TOOLS:
            return Fault(f"There is no personal tool {tool!r} to do here.")
        own = self._own_session(tool)
        if tool == "influencing":
            known = {str(s.number) for s in self._banks.influencing.statements}
            change = answer_influencing(int(item), value) if item in known else None
        else:
            known = {s.id for s in self._banks.learning_needs.statements}
            change = score_need(item, value) if item in known else None
        if change is None:
            return Fault(f"There is no statement {item!r} in {TOOL_TITLES[tool].lower()}.")
        try:
            self._own[tool] = Session.model_validate(change(own).model_dump())
        except ValueError as error:  # pydantic's ValidationError is a ValueError
            return Fault(f"That answer is not valid: {error}")
        return self.own_work(tool)

    def share_own(self, tool: WorkbookTool) -> None | Fault:
        """Share my result (totals or scores, never the answers) into the session, named or
        not as the session is; sharing again replaces what I shared."""
        own = self._own_session(tool)
        reason = shareable(own, self._banks)
        if reason is not None:
            return Fault(f"Not yet: {reason}.")
        work = shared_work(own, self._banks)

        def share(current: Session) -> Session:
            self._check_member(current)
            if current.asked_tool != tool:
                raise Refused("The facilitator no longer asks for this tool: nothing was shared.")
            return share_work(work)(current)

        done = self._update_seat(share)
        if done is None:
            self._shared[tool] = work.totals
        return done

    def _own_session(self, tool: WorkbookTool) -> Session:
        """My answers to a tool, in a session that is never saved (its id is what my result
        is shared under)."""
        if tool not in self._own:
            seat = self._need_seat()
            self._own[tool] = Session(
                id=privacy.own_work_source(seat.key, tool), team=seat.team, title=TOOL_TITLES[tool],
                mode="check-in", participants=[Participant(name=seat.name)], workbook=WorkbookResult(tool=tool))
        return self._own[tool]
