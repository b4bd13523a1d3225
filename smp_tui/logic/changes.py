"""Named changes to a session: each returns a function from a session to a changed copy.

This is where a session is changed. A screen applies the change at once to the copy it
shows, and the workspace applies the same change again to the freshly read record in the
store, so two people changing one session keep both changes. No Textual here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, time
from typing import Any, Final, Literal

from smp_tui.logic import agenda as agenda_clock
from smp_tui.logic import good_work
from smp_tui.logic.privacy import in_no_order, name_key, same_name, shared_source
from smp_tui.logic.resilience import clear_rating, set_rating
from smp_tui.models import (
    Action,
    Activity,
    Agenda,
    AgendaItem,
    IndicatorNotes,
    Participant,
    ReviewDecision,
    Risk,
    Session,
    SharedWork,
    StageNotes,
    Stakeholder,
    WorkbookTool,
    YesNo,
)

Change = Callable[[Session], Session]

DONT_KNOW = 0  # a rating key's value for "don't know"
CLEAR = -1  # ... and for "clear my rating"


def _edit(mutate: Callable[[Session], None]) -> Change:
    def change(session: Session) -> Session:
        # A copy made from the session's data: the same as a deep copy for these plain
        # records, and about a third of its cost (a change runs under the session's lock).
        copy = Session.model_validate(session.model_dump())
        mutate(copy)
        return copy

    return change


# --- resilience ---------------------------------------------------------------------------


def rate(indicator: str, rater: str | None, value: int) -> Change:
    """A score 1-5, DONT_KNOW or CLEAR for one indicator by one rater (None: the room)."""
    def mutate(session: Session) -> None:
        if value == CLEAR:
            clear_rating(session.resilience, indicator, rater)
        else:
            set_rating(session.resilience, indicator, rater, None if value == DONT_KNOW else value)
        _keep_anonymous_key(session, rater)
        in_no_order(session)

    return _edit(mutate)


def _keep_anonymous_key(session: Session, rater: str | None) -> None:
    result = session.resilience
    if session.anonymous and rater is not None and rater not in {p.id for p in session.participants} \
            and rater not in result.anonymous_keys:
        result.anonymous_keys = sorted([*result.anonymous_keys, rater])


# --- remote rounds ------------------------------------------------------------------------


def reveal_round(at: datetime) -> Change:
    """Show this round's results to everyone: the answers of this moment are kept as the
    round's results, and joining and answering close until a new round is opened."""
    def mutate(session: Session) -> None:
        result = session.resilience
        result.revealed = True
        result.revealed_ratings = [r.model_copy() for r in result.ratings]
        result.revealed_at = at

    return _edit(mutate)


def open_new_round() -> Change:
    """Hide results again and let people join and change their answers."""
    def mutate(session: Session) -> None:
        result = session.resilience
        if result.revealed:
            result.round += 1
        result.revealed = False
        result.revealed_ratings = []
        result.revealed_at = None

    return _edit(mutate)


def set_joining_closed(closed: bool) -> Change:
    return _edit(lambda session: setattr(session, "joining_closed", closed))


def set_join_expiry(at: datetime | None) -> Change:
    return _edit(lambda session: setattr(session, "join_expires_at", at))


def remove_participant(participant_id: str) -> Change:
    """Take a person out of the session. In a named session their answers go with them;
    in an anonymous one nobody can find their answers without their rejoin code, so only
    the person can withdraw those."""
    def mutate(session: Session) -> None:
        session.participants = [p for p in session.participants if p.id != participant_id]
        result = session.resilience
        result.ratings = [r for r in result.ratings if r.participant != participant_id]
        result.revealed_ratings = [r for r in result.revealed_ratings if r.participant != participant_id]
        survey = session.good_work
        survey.answers = [a for a in survey.answers if a.participant != participant_id]
        survey.revealed_answers = [a for a in survey.revealed_answers if a.participant != participant_id]

    return _edit(mutate)


def set_note(indicator: str, field: str, value: Any) -> Change:
    """One field of an indicator's notes (working_well, worries, addressing, private)."""
    def mutate(session: Session) -> None:
        note = session.resilience.notes.get(indicator, IndicatorNotes()).model_copy()
        setattr(note, field, value)
        session.resilience.notes[indicator] = note

    return _edit(mutate)


def set_check_in_line(line: str) -> Change:
    return _edit(lambda session: setattr(session, "note", line.strip()))


def share_check_in(checkin: Session, as_name: str, as_id: str | None = None) -> Change:
    """A check-in's ratings put into a team session as the ratings of its person `as_id`
    (chosen from its people), or of one named `as_name`, who joins if nobody is (the
    login name, when the author is not on the list). Never into an anonymous session:
    there a rating must not carry a name."""
    joining = Participant(name=as_name)  # made once: the same id wherever it is applied

    def mutate(session: Session) -> None:
        if session.anonymous:
            raise ValueError(f"{session.title!r} is anonymous: a check-in cannot be shared into it")
        person = next((p for p in session.participants if p.id == as_id), None) if as_id else None
        person = person or next((p for p in session.participants if same_name(p.name, as_name)), None)
        if person is None:
            person = joining
            session.participants.append(person)
        for rating in checkin.resilience.ratings:
            set_rating(session.resilience, rating.indicator, person.id, rating.score)

    return _edit(mutate)


# --- people -------------------------------------------------------------------------------


def add_participant(person: Participant) -> Change:
    """Add a person, unless someone of that name is in the session by now (another
    process may have added them since this one looked)."""
    def mutate(session: Session) -> None:
        if not any(p.id == person.id or same_name(p.name, person.name) for p in session.participants):
            session.participants.append(person)

    return _edit(mutate)


def rename_participant(participant_id: str, name: str) -> Change:
    """Put a person's name right: their ratings and answers stay theirs (they are kept by
    id), and the actions they own and the results they shared follow the new name. Nothing
    changes if someone else has that name by now."""
    def mutate(session: Session) -> None:
        person = next((p for p in session.participants if p.id == participant_id), None)
        if person is None or any(same_name(p.name, name) for p in session.participants if p.id != participant_id):
            return
        old = person.name
        session.participants = [p.model_copy(update={"name": name}) if p.id == participant_id else p
                                for p in session.participants]
        session.actions = [a.model_copy(update={"owner": name}) if a.owner == old else a for a in session.actions]
        if not session.anonymous:
            session.shared = [w.model_copy(update={"person": name}) if w.person == old else w
                              for w in session.shared]

    return _edit(mutate)


def name_fault(session: Session, name: str, renaming: str | None = None) -> str | None:
    """Why `name` cannot be (a new, or the renamed) person of the session, or None.
    Names differing only in capitals, spacing or invisible characters are one person's:
    two would split their ratings."""
    from pydantic import ValidationError

    from smp_tui.models import NAME_MAX, PEOPLE_MAX, describe_errors

    if not name_key(name):
        return "Type a name first."
    if renaming is None and len(session.participants) >= PEOPLE_MAX:
        return f"A session holds at most {PEOPLE_MAX} people."
    if len(name.strip()) > NAME_MAX:
        return f"A name has at most {NAME_MAX} characters."
    try:
        name = Participant(name=name).name
    except ValidationError as error:
        return describe_errors(error)
    taken = next((p for p in session.participants if same_name(p.name, name) and p.id != renaming), None)
    return f"{taken.name} is already in this session." if taken else None


# --- decision context -----------------------------------------------------------------------


def add_activity(activity: Activity) -> Change:
    return _edit(lambda session: session.cynefin.activities.append(activity))


def remove_activity(activity_id: str) -> Change:
    def mutate(session: Session) -> None:
        session.cynefin.activities = [a for a in session.cynefin.activities if a.id != activity_id]

    return _edit(mutate)


def move_activity(activity_id: str, step: int) -> Change:
    def mutate(session: Session) -> None:
        items = session.cynefin.activities
        at = next((n for n, a in enumerate(items) if a.id == activity_id), None)
        if at is not None and 0 <= at + step < len(items):
            items[at], items[at + step] = items[at + step], items[at]

    return _edit(mutate)


def _in_activity(activity_id: str, mutate: Callable[[Activity], None]) -> Change:
    def apply(session: Session) -> None:
        for activity in session.cynefin.activities:
            if activity.id == activity_id:
                mutate(activity)

    return _edit(apply)


def answer_activity(activity_id: str, question: str, answer: str | None) -> Change:
    def mutate(activity: Activity) -> None:
        if answer is None:
            activity.answers.pop(question, None)
        else:
            activity.answers[question] = answer

    return _in_activity(activity_id, mutate)


def place_activity(activity_id: str, domain: str | None, reason: str) -> Change:
    def mutate(activity: Activity) -> None:
        activity.placed = domain
        activity.placed_reason = reason

    return _in_activity(activity_id, mutate)


def rename_activity(activity_id: str, name: str) -> Change:
    return _in_activity(activity_id, lambda activity: setattr(activity, "name", name))


def set_methods(activity_id: str, methods: list[str]) -> Change:
    return _in_activity(activity_id, lambda activity: setattr(activity, "methods", list(methods)))


def set_risks(activity_id: str, risks: list[Risk]) -> Change:
    return _in_activity(activity_id, lambda activity: setattr(activity, "risks", list(risks)))


# --- change chooser -------------------------------------------------------------------------


def set_change_fields(**fields: Any) -> Change:
    """Fields of the change chooser's result (description, drivers, chosen_mode, ...)."""
    def mutate(session: Session) -> None:
        for name, value in fields.items():
            setattr(session.change, name, value)

    return _edit(mutate)


def answer_change(question: str, answer: str | None) -> Change:
    def mutate(session: Session) -> None:
        if answer is None:
            session.change.answers.pop(question, None)
        else:
            session.change.answers[question] = answer

    return _edit(mutate)


# --- good job ---------------------------------------------------------------------------------


def set_measures(quadrant: str, lines: list[str]) -> Change:
    return _edit(lambda session: session.good_job.measures.__setitem__(quadrant, list(lines)))


def set_stage_notes(stage: str, field: str, lines: list[str]) -> Change:
    """`field` is "happening" or "could_do"."""
    def mutate(session: Session) -> None:
        notes = session.good_job.stages.get(stage, StageNotes()).model_copy(deep=True)
        setattr(notes, field, list(lines))
        session.good_job.stages[stage] = notes

    return _edit(mutate)


# --- actions ------------------------------------------------------------------------------------


def add_action(action: Action) -> Change:
    return _edit(lambda session: session.actions.append(action))


def replace_action(changed: Action) -> Change:
    def mutate(session: Session) -> None:
        session.actions = [changed if a.id == changed.id else a for a in session.actions]

    return _edit(mutate)


def remove_action(action_id: str) -> Change:
    def mutate(session: Session) -> None:
        session.actions = [a for a in session.actions if a.id != action_id]

    return _edit(mutate)


def set_action_status(action_id: str, status: str) -> Change:
    def mutate(session: Session) -> None:
        session.actions = [a.model_copy(update={"status": status}) if a.id == action_id else a
                           for a in session.actions]

    return _edit(mutate)


def carry_forward(action: Action, from_session: str = "") -> Change:
    """An earlier session's open action, continued in this one (as a new open action);
    `from_session` is the earlier session's title."""
    from smp_tui.models import new_id

    carried = action.model_copy(update={"id": new_id(), "status": "open", "carried_from": action.id,
                                        "carried_from_session": from_session})
    return add_action(carried)


def record_review(decisions: list[ReviewDecision]) -> Change:
    """Keep in this session what it decided about earlier actions (a later decision on
    the same action replaces an earlier one)."""
    def mutate(session: Session) -> None:
        decided = {d.action_id for d in decisions}
        session.reviewed = [d for d in session.reviewed if d.action_id not in decided] + list(decisions)

    return _edit(mutate)


# --- the personal workbook ------------------------------------------------------------------


def score_need(statement: str, score: int | None) -> Change:
    """A learning-needs score 1-5 (None clears it), keeping the comment."""
    from smp_tui.models import NeedScore

    def mutate(session: Session) -> None:
        scores = session.workbook.learning_needs.scores
        scores[statement] = scores.get(statement, NeedScore()).model_copy(update={"score": score})

    return _edit(mutate)


# --- the away-day agenda (logic/agenda.py does the clock's arithmetic) ----------------------


def _in_agenda(mutate: Callable[[Agenda], Any]) -> Change:
    return _edit(lambda session: mutate(session.agenda))


def start_plan(plan: Agenda) -> Change:
    """A session's first plan (the bank's day), only if it has none yet."""
    def mutate(session: Session) -> None:
        if not session.agenda.items and session.agenda.start is None:
            session.agenda = plan.model_copy(deep=True)

    return _edit(mutate)


def comment_need(statement: str, comment: str) -> Change:
    from smp_tui.models import NeedScore

    def mutate(session: Session) -> None:
        scores = session.workbook.learning_needs.scores
        scores[statement] = scores.get(statement, NeedScore()).model_copy(update={"comment": comment.strip()})

    return _edit(mutate)


def _set_or_clear(answers_of: Callable[[Session], dict], key: Any, value: Any) -> Change:
    def mutate(session: Session) -> None:
        answers = answers_of(session)
        if value is None:
            answers.pop(key, None)
        else:
            answers[key] = value

    return _edit(mutate)


def toggle_clock(now: datetime) -> Change:
    return _in_agenda(lambda agenda: agenda_clock.toggle(agenda, now))


def next_item(now: datetime) -> Change:
    return _in_agenda(lambda agenda: agenda_clock.advance(agenda, now))


def skip_item(now: datetime) -> Change:
    return _in_agenda(lambda agenda: agenda_clock.skip(agenda, now))


def more_time(minutes: int) -> Change:
    return _in_agenda(lambda agenda: agenda_clock.extend(agenda, minutes))


def reset_clock() -> Change:
    return _in_agenda(agenda_clock.reset)


def set_bell(on: bool) -> Change:
    return _in_agenda(lambda agenda: setattr(agenda, "bell", on))


def set_plan_start(start: time) -> Change:
    return _in_agenda(lambda agenda: setattr(agenda, "start", start))


def add_agenda_item(item: AgendaItem) -> Change:
    return _in_agenda(lambda agenda: agenda.items.append(item.model_copy()))


def remove_agenda_item(item_id: str) -> Change:
    return _in_agenda(lambda agenda: agenda_clock.remove(agenda, item_id))


def move_agenda_item(item_id: str, step: int) -> Change:
    return _in_agenda(lambda agenda: agenda_clock.move(agenda, item_id, step))


def edit_agenda_item(item_id: str, **fields: Any) -> Change:
    """Name, minutes or linked exercise of one item."""
    def mutate(agenda: Agenda) -> None:
        found = agenda_clock.item(agenda, item_id)
        if found is not None:
            for name, value in fields.items():
                setattr(found, name, value)

    return _in_agenda(mutate)


# --- Tool 1: what is good work? -------------------------------------------------------------

CLEAR_ANSWER: Final = "clear"


def answer_good_work(statement: str, rater: str | None, answer: YesNo | Literal["clear"]) -> Change:
    """yes / no / not_sure (or CLEAR_ANSWER) for one statement by one rater (None: the room)."""
    def mutate(session: Session) -> None:
        if answer == CLEAR_ANSWER:
            good_work.clear_answer(session.good_work, statement, rater)
        else:
            good_work.set_answer(session.good_work, statement, rater, answer)
        in_no_order(session)

    return _edit(mutate)


def reveal_good_work(at: datetime) -> Change:
    """Remote sessions: show everyone the answers of this moment (kept as they are) and
    close answering until the facilitator opens it again, as a resilience round."""
    def mutate(session: Session) -> None:
        survey = session.good_work
        survey.revealed = True
        survey.revealed_answers = [a.model_copy() for a in survey.answers]
        survey.revealed_at = at

    return _edit(mutate)


def reopen_good_work() -> Change:
    """Hide the good-work results again and let people change their answers."""
    def mutate(session: Session) -> None:
        survey = session.good_work
        survey.revealed = False
        survey.revealed_answers = []
        survey.revealed_at = None

    return _edit(mutate)


def answer_influencing(number: int, score: int | None) -> Change:
    """A questionnaire answer 0-4 (None clears it)."""
    return _set_or_clear(lambda session: session.workbook.influencing.answers, number, score)


def answer_instrument(item: str, true_of_me: bool | None) -> Change:
    """Broadly true of me, or not (None clears it)."""
    return _set_or_clear(lambda session: session.workbook.instrument.answers, item, true_of_me)


def reflect(question: str, text: str) -> Change:
    return _edit(lambda session: session.workbook.instrument.reflections.__setitem__(question, text.strip()))


PLAN_FIELDS = ("areas", "learned", "goal", "why", "stop", "start", "differently", "review_on")


def set_plan_field(name: str, value: Any) -> Change:
    """One of the plan's own fields (not its actions): see PLAN_FIELDS."""
    if name not in PLAN_FIELDS:
        raise ValueError(f"{name!r} is not a field of the plan")
    return _edit(lambda session: setattr(session.workbook.plan, name, value))


def set_plan_rows(shown: Session, rows: Sequence[Sequence[str]], owner: str,
                  origins: Sequence[int | None] | None = None) -> Change:
    """Make the session's actions the plan table's rows (action, barriers, support, when):
    the person's own actions, due on the date in "when". `origins[i]` is the index in
    `shown.actions` row i was edited or moved from (None, or no origins: a new row); such
    a row keeps its action (id, owner, status, where it came from) and its SMARTER ticks,
    whatever was typed over it. Ids are chosen here, from the session as `shown`, so the
    change does the same on screen and in the store."""
    from smp_tui.logic.workbook import find_date
    from smp_tui.models import PlanTarget, new_id, utc_now

    def id_of(row: int) -> str:
        origin = origins[row] if origins is not None and row < len(origins) else None
        return shown.actions[origin].id if origin is not None and 0 <= origin < len(shown.actions) else new_id()

    ids = [id_of(row) for row in range(len(rows))]
    made = utc_now()

    def mutate(session: Session) -> None:
        existing = {a.id: a for a in session.actions}
        targets = session.workbook.plan.targets
        actions, new_targets = [], {}
        for action_id, row in zip(ids, rows):
            text, barriers, support, when = (list(row) + ["", "", ""])[:4]
            previous = existing.get(action_id)
            if previous is not None:
                actions.append(Action.model_validate(previous.model_dump() | {"text": text, "due": find_date(when)}))
            else:
                actions.append(Action(id=action_id, text=text, owner=owner, due=find_date(when), created_at=made))
            old = targets.get(action_id, PlanTarget())
            new_targets[action_id] = PlanTarget(barriers=barriers, support=support, target=when, smarter=old.smarter)
        session.actions = actions
        session.workbook.plan.targets = new_targets

    return _edit(mutate)


# --- Tool 2: mapping stakeholders -----------------------------------------------------------


def add_stakeholder(stakeholder: Stakeholder) -> Change:
    def mutate(session: Session) -> None:
        if all(s.id != stakeholder.id for s in session.stakeholders.stakeholders):
            session.stakeholders.stakeholders.append(stakeholder.model_copy())

    return _edit(mutate)


def tick_smarter(action_id: str, ticked: Sequence[str]) -> Change:
    """The SMARTER criteria a person ticked for one action's target."""
    from smp_tui.models import PlanTarget

    def mutate(session: Session) -> None:
        target = session.workbook.plan.targets.get(action_id, PlanTarget())
        session.workbook.plan.targets[action_id] = target.model_copy(update={"smarter": list(ticked)})

    return _edit(mutate)


def update_stakeholder(stakeholder_id: str, **fields: Any) -> Change:
    """Place, demands and responses, or linked reasons for resistance of one stakeholder."""
    def mutate(session: Session) -> None:
        people = session.stakeholders.stakeholders
        for index, person in enumerate(people):
            if person.id == stakeholder_id:
                people[index] = Stakeholder.model_validate(person.model_dump() | fields)

    return _edit(mutate)


ANONYMOUS_SHARER = "Someone in the team"


def share_work(work: SharedWork) -> Change:
    """Put what a person chose to share from their own workbook into a team session;
    sharing the same result again replaces what was shared before. In an anonymous
    session nothing stored names anyone or says when, or in what order, people shared."""
    def mutate(session: Session) -> None:
        kept = work.model_copy(update={"source": shared_source(session, work.source)})
        if session.anonymous:
            kept = kept.model_copy(update={
                "person": ANONYMOUS_SHARER, "shared_at": session.created_at,
                "actions": [a.model_copy(update={"owner": "", "created_at": session.created_at})
                            for a in work.actions]})
        # A newer result replaces the one shared before: the same record, or (named) the
        # same person's result of the same tool, shared from another record of theirs.
        session.shared = [w for w in session.shared if w.source != kept.source and not (
            not session.anonymous and w.tool == kept.tool and same_name(w.person, kept.person))] + [kept]
        in_no_order(session)

    return _edit(mutate)


def ask_for_tool(tool: WorkbookTool | None) -> Change:
    """Ask everyone in a remote session to do a personal tool in their own terminal (None:
    ask for none). Only what each person then shares reaches the session."""
    from smp_tui.logic.workbook import ASKABLE_TOOLS

    if tool is not None and tool not in ASKABLE_TOOLS:
        raise ValueError(f"{tool!r} cannot be asked for; choose one of {', '.join(ASKABLE_TOOLS)}")

    def mutate(session: Session) -> None:
        session.asked_tool = tool

    return _edit(mutate)


def remove_stakeholder(stakeholder_id: str) -> Change:
    def mutate(session: Session) -> None:
        session.stakeholders.stakeholders = [s for s in session.stakeholders.stakeholders if s.id != stakeholder_id]

    return _edit(mutate)


def move_stakeholder(stakeholder_id: str, step: int) -> Change:
    def mutate(session: Session) -> None:
        items = session.stakeholders.stakeholders
        at = next((n for n, s in enumerate(items) if s.id == stakeholder_id), None)
        if at is not None and 0 <= at + step < len(items):
            items.insert(at + step, items.pop(at))

    return _edit(mutate)


# --- Exercise 4 and Tool 4: valuing staff, the value of social care ------------------------

VALUING_LISTS = ("capture", "sharing", "reward")


def set_valuing_list(name: str, lines: list[str]) -> Change:
    if name not in VALUING_LISTS:
        raise ValueError(f"no valuing-staff list called {name!r}")
    return _edit(lambda session: setattr(session.valuing_staff, name, list(lines)))


def set_value_statement(text: str) -> Change:
    return _edit(lambda session: setattr(session.valuing_staff, "value_statement", text))
