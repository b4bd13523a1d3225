"""Records kept for every session (pydantic v2). No Textual here.

Every text field is stripped and length-limited, so that a record that loads is a record
every screen and export can show. Names of the limits are used by screens to tell a
person how much they may type.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timezone
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from smp_tui.safe_text import one_line, visible

SCHEMA_VERSION = 1

NAME_MAX = 120
LINE_MAX = 500
TEXT_MAX = 4000
PEOPLE_MAX = 100  # people in one session: a team, or a large away-day
LIST_MAX = 200  # entries of any one list a person fills in (activities, methods, actions...)
INDICATORS_MAX = 100  # indicators a bank may hold; bounds ratings and notes per session
YEAR_MIN, YEAR_MAX = 2000, 2100  # any stamp or due date outside these is a mistake or an attack

def _clean_line(value: object) -> object:
    return one_line(value) if isinstance(value, str) else value


def _clean_text(value: object) -> object:
    return visible(value) if isinstance(value, str) else value


CleanLine = BeforeValidator(_clean_line)
CleanText = BeforeValidator(_clean_text)

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX), CleanLine]
OptionalName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=NAME_MAX), CleanLine]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=LINE_MAX), CleanLine]
OptionalLine = Annotated[str, StringConstraints(strip_whitespace=True, max_length=LINE_MAX), CleanLine]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=TEXT_MAX), CleanText]
# Ids of things in the banks (domains, indicators, questions): short and plain.
BankId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,64}$")]

Mode = Literal["away-day", "remote", "check-in"]
ActionStatus = Literal["open", "done", "dropped", "carried"]  # carried: moved to a later session
Exercise = Literal["cynefin", "change", "resilience", "good_job", "session",
                   "good_work", "stakeholders", "valuing_staff", "agenda"]


def new_id() -> str:
    return str(uuid.uuid4())


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


# What str(uuid.uuid4()) gives: lower-case hex, version 4, RFC 4122 variant. Checked by
# pydantic's own pattern matching, not by uuid.UUID() in Python: a session holds ~90 ids,
# and a save validates them twice under the session's lock. describe_errors words it.
UUID4_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"
UUID4_FAULT = "must be a lower-case uuid4 string"


def _in_years(value: date) -> None:
    if not YEAR_MIN <= value.year <= YEAR_MAX:
        raise ValueError(f"year {value.year} is outside {YEAR_MIN}-{YEAR_MAX}")


def _to_utc(value: datetime) -> datetime:
    _in_years(value)  # first: converting year 1 or 9999 across a day boundary overflows
    value = value.astimezone(timezone.utc)
    _in_years(value)
    return value


def _due_in_years(value: date) -> date:
    _in_years(value)
    return value


DueDate = Annotated[date, AfterValidator(_due_in_years)]


Id = Annotated[str, StringConstraints(pattern=UUID4_PATTERN)]

# Join codes are read aloud: no 0/O, 1/l/I look-alikes. Shown as ABC-DEF.
JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JoinCode = Annotated[str, StringConstraints(pattern=f"^[{JOIN_ALPHABET}]{{6}}$")]


def new_join_code() -> str:
    import secrets

    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(6))


def normalise_join_code(typed: str) -> str:
    """What a person typed (any case, dashes or spaces; full-width letters and digits, as
    some keyboards type them) as a stored code."""
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFKC", typed).upper() if ch.isalnum())


def show_join_code(code: str) -> str:
    return f"{code[:3]}-{code[3:]}"


# A person's own rejoin code: the only way back to their answers (same alphabet).
REJOIN_LENGTH = 8


def new_rejoin_code() -> str:
    import secrets

    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(REJOIN_LENGTH))


def show_rejoin_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


JOIN_HOURS_DEFAULT = 12  # a join code stops working this long after the session starts
UtcTime = Annotated[AwareDatetime, AfterValidator(_to_utc)]


class Record(BaseModel):
    """Base of every stored record: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Participant(Record):
    id: Id = Field(default_factory=new_id)
    name: Name
    # Named sessions: a hash of the person's rejoin code, to let them back to their answers.
    rejoin_hash: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    # Files from before 2026-11-30 kept, in anonymous sessions, how many indicators (and
    # good-work statements) each person had answered: a count beside a name that matched the
    # answer key with as many ratings. Always 0 now (Session clears them when it loads).
    answered: int = Field(default=0, ge=0, le=1000)
    good_work_answered: int = Field(default=0, ge=0, le=1000)


class Action(Record):
    id: Id = Field(default_factory=new_id)
    text: Line
    owner: OptionalName = ""
    due: DueDate | None = None
    status: ActionStatus = "open"
    exercise: Exercise = "session"
    created_at: UtcTime = Field(default_factory=utc_now)
    carried_from: Id | None = None  # the earlier session's action this one continues
    carried_from_session: OptionalName = ""  # that session's title, to say where it came from


class ReviewDecision(Record):
    """What a session decided about an open action of the team's earlier sessions."""

    action_id: Id
    text: Line
    owner: OptionalName = ""
    from_session: OptionalName = ""  # the earlier session's title
    decision: Literal["done", "carried", "dropped"]


# --- decision context (Cynefin) ---------------------------------------------------


class Risk(Record):
    """Step 3 of the activity map: what could go wrong, and how we would correct it."""

    what: Line
    correction: OptionalLine = ""


class Activity(Record):
    id: Id = Field(default_factory=new_id)
    name: Line
    answers: dict[BankId, BankId] = Field(default_factory=dict, max_length=LIST_MAX)
    placed: BankId | None = None  # chosen by hand, overriding the classifier
    placed_reason: OptionalLine = ""
    methods: list[Line] = Field(default_factory=list, max_length=LIST_MAX)  # step 2, simple to complex
    risks: list[Risk] = Field(default_factory=list, max_length=LIST_MAX)


class CynefinResult(Record):
    activities: list[Activity] = Field(default_factory=list, max_length=LIST_MAX)


# --- change chooser ------------------------------------------------------------------


class Ticked(Record):
    """A ticked item of a bank list (a reason for resistance, a pitfall) and how we meet it."""

    id: BankId
    mitigation: OptionalLine = ""


class ChangeResult(Record):
    description: Text = ""
    drivers: list[BankId] = Field(default_factory=list, max_length=LIST_MAX)
    kinds: list[BankId] = Field(default_factory=list, max_length=LIST_MAX)
    answers: dict[BankId, BankId] = Field(default_factory=dict, max_length=LIST_MAX)
    chosen_mode: BankId | None = None
    choice_reason: OptionalLine = ""
    conditions: list[BankId] = Field(default_factory=list, max_length=LIST_MAX)
    resistance: list[Ticked] = Field(default_factory=list, max_length=LIST_MAX)
    pitfalls: list[Ticked] = Field(default_factory=list, max_length=LIST_MAX)
    lewin: dict[BankId, Text] = Field(default_factory=dict, max_length=LIST_MAX)


# --- resilience ------------------------------------------------------------------------


class Rating(Record):
    """One person's (or the room's, participant None) rating of one indicator.

    score None means "don't know": recorded, never counted as a score.
    """

    indicator: BankId
    participant: Id | None = None
    score: int | None = Field(default=None, ge=1, le=5)


class IndicatorNotes(Record):
    working_well: Text = ""
    worries: Text = ""
    addressing: Text = ""
    private: bool = False


class ResilienceResult(Record):
    ratings: list[Rating] = Field(default_factory=list, max_length=(PEOPLE_MAX + 1) * INDICATORS_MAX)
    notes: dict[BankId, IndicatorNotes] = Field(default_factory=dict, max_length=INDICATORS_MAX)
    # Remote sessions rate in rounds: results are hidden until the facilitator reveals the
    # round; revealing keeps the answers of that moment (`revealed_ratings`) and closes
    # joining and answering until a new round is opened.
    revealed: bool = False
    round: int = Field(default=1, ge=1, le=1000)
    revealed_ratings: list[Rating] = Field(default_factory=list, max_length=(PEOPLE_MAX + 1) * INDICATORS_MAX)
    revealed_at: UtcTime | None = None
    # Anonymous sessions: the keys answers are kept under (sorted, so the order says
    # nothing about who joined when). Each is made from a person's rejoin code.
    anonymous_keys: list[Id] = Field(default_factory=list, max_length=PEOPLE_MAX)

    @field_validator("ratings", "revealed_ratings")
    @classmethod
    def _one_rating_each(cls, ratings: list[Rating]) -> list[Rating]:
        keys = [(rating.indicator, rating.participant) for rating in ratings]
        if len(set(keys)) == len(keys):
            return ratings  # the common case, checked at C speed: every save validates this twice
        seen: set[tuple[str, str | None]] = set()
        for number, rating in enumerate(ratings):
            key = (rating.indicator, rating.participant)
            if key in seen:
                who = "the room" if rating.participant is None else f"person {rating.participant}"
                raise ValueError(f"rating {number} repeats {who}'s rating of {rating.indicator!r}; "
                                 "one rating per person per indicator")
            seen.add(key)
        return ratings


# --- how do we know we are doing a good job? --------------------------------------


class StageNotes(Record):
    happening: list[Line] = Field(default_factory=list, max_length=LIST_MAX)
    could_do: list[Line] = Field(default_factory=list, max_length=LIST_MAX)


class GoodJobResult(Record):
    stages: dict[BankId, StageNotes] = Field(default_factory=dict, max_length=LIST_MAX)
    measures: dict[BankId, Annotated[list[Line], Field(max_length=LIST_MAX)]] = Field(
        default_factory=dict, max_length=LIST_MAX)


# --- the personal workbook -----------------------------------------------------------------
# A person's own tools, kept like check-ins: sessions of their own team, private unless
# they share a result into a team session.

WorkbookTool = Literal["learning_needs", "influencing", "instrument", "plan"]
WORKBOOK_TOOLS: tuple[str, ...] = ("learning_needs", "influencing", "instrument", "plan")


class NeedScore(Record):
    score: int | None = Field(default=None, ge=1, le=5)
    comment: OptionalLine = ""


class LearningNeedsResult(Record):
    scores: dict[BankId, NeedScore] = Field(default_factory=dict, max_length=LIST_MAX)


class InfluencingResult(Record):
    answers: dict[Annotated[int, Field(ge=1, le=200)], Annotated[int, Field(ge=0, le=4)]] = Field(
        default_factory=dict)  # statement number -> 0..4


class InstrumentResult(Record):
    answers: dict[BankId, bool] = Field(default_factory=dict, max_length=LIST_MAX)  # broadly true of me?
    reflections: dict[BankId, Text] = Field(default_factory=dict, max_length=LIST_MAX)


class PlanTarget(Record):
    """The columns of the plan's table beside an action (the action itself is in
    Session.actions, so it is reviewed as every action is)."""

    barriers: OptionalLine = ""
    support: OptionalLine = ""
    target: OptionalLine = ""  # "when will I have done this?": the SMARTER target
    smarter: list[BankId] = Field(default_factory=list, max_length=LIST_MAX)  # criteria the person ticked


class PlanResult(Record):
    areas: list[BankId] = Field(default_factory=list, max_length=LIST_MAX)  # learning-needs statements worked on
    learned: OptionalLine = ""
    goal: OptionalLine = ""
    why: OptionalLine = ""
    targets: dict[Id, PlanTarget] = Field(default_factory=dict, max_length=LIST_MAX)  # action id -> its columns
    stop: list[Line] = Field(default_factory=list, max_length=LIST_MAX)
    start: list[Line] = Field(default_factory=list, max_length=LIST_MAX)
    differently: list[Line] = Field(default_factory=list, max_length=LIST_MAX)
    review_on: date | None = None


class WorkbookResult(Record):
    tool: WorkbookTool | None = None  # None: not a workbook session
    learning_needs: LearningNeedsResult = Field(default_factory=LearningNeedsResult)
    influencing: InfluencingResult = Field(default_factory=InfluencingResult)
    instrument: InstrumentResult = Field(default_factory=InstrumentResult)
    plan: PlanResult = Field(default_factory=PlanResult)


class SharedWork(Record):
    """What a person chose to copy from their own workbook into a team session."""

    id: Id = Field(default_factory=new_id)
    source: Id  # the workbook session it came from; sharing it again replaces this
    person: Name
    tool: WorkbookTool
    shared_at: UtcTime = Field(default_factory=utc_now)
    # influencing: style -> total; learning needs: statement -> score 1-5
    totals: dict[BankId, int] = Field(default_factory=dict, max_length=LIST_MAX)
    goal: OptionalLine = ""
    actions: list[Action] = Field(default_factory=list, max_length=LIST_MAX)  # plan: the person's actions


# --- the away-day agenda ------------------------------------------------------------------

MINUTES_MAX = 600


class AgendaItem(Record):
    """One item of the day: planned minutes, the exercise it opens, and what happened."""

    id: Id = Field(default_factory=new_id)
    name: Line
    minutes: int = Field(ge=1, le=MINUTES_MAX)
    exercise: BankId | None = None  # an exercise of the session hub
    started_at: UtcTime | None = None
    ended_at: UtcTime | None = None
    skipped: bool = False
    extra_minutes: int = Field(default=0, ge=0, le=MINUTES_MAX)  # added while it ran
    paused_seconds: float = Field(default=0.0, ge=0)  # time spent paused, not counted


class Agenda(Record):
    items: list[AgendaItem] = Field(default_factory=list, max_length=LIST_MAX)
    start: time | None = None  # the planned start, local clock time
    current: Id | None = None  # the item the clock is running for
    paused_at: UtcTime | None = None
    bell: bool = False  # a terminal bell at the warning and at zero


# --- Tool 1: what is good work? -------------------------------------------------------------

YesNo = Literal["yes", "no", "not_sure"]
YES_NO: tuple[str, ...] = ("yes", "no", "not_sure")


class GoodWorkAnswer(Record):
    """One person's (or the room's, participant None) answer to one statement: the same
    shape as a resilience rating."""

    statement: BankId
    participant: Id | None = None
    answer: YesNo


class GoodWorkResult(Record):
    answers: list[GoodWorkAnswer] = Field(default_factory=list, max_length=(PEOPLE_MAX + 1) * INDICATORS_MAX)
    # Remote sessions, as resilience rounds: people's answers stay private until the
    # facilitator reveals them; the reveal keeps the answers of that moment and closes
    # answering until the facilitator opens it again.
    revealed: bool = False
    revealed_answers: list[GoodWorkAnswer] = Field(default_factory=list,
                                                   max_length=(PEOPLE_MAX + 1) * INDICATORS_MAX)
    revealed_at: UtcTime | None = None


# --- Tool 2: mapping stakeholders ------------------------------------------------------------

Level = Literal["low", "high"]


class Stakeholder(Record):
    id: Id = Field(default_factory=new_id)
    name: Line
    # Both None until the team places it (files from before 2026-11-30 placed a new one at
    # low and low, "keep informed", before anyone chose: those keep that place).
    interest: Level | None = None
    influence: Level | None = None
    current_demands: OptionalLine = ""
    current_response: OptionalLine = ""
    future_demands: OptionalLine = ""
    future_response: OptionalLine = ""
    # the change chooser's reasons it may voice
    resistance: list[BankId] = Field(default_factory=list, max_length=LIST_MAX)


    @model_validator(mode="after")
    def _placed_on_both_axes_or_neither(self) -> Stakeholder:
        """Given one axis only, the other is low (as it was before a stakeholder could be
        not placed yet)."""
        if (self.interest is None) != (self.influence is None):
            self.__dict__.update(interest=self.interest or "low", influence=self.influence or "low")
        return self


class StakeholderResult(Record):
    stakeholders: list[Stakeholder] = Field(default_factory=list, max_length=LIST_MAX)


# --- Exercise 4 and Tool 4: valuing staff, the value of social care ------------------------


class ValuingStaffResult(Record):
    capture: list[Line] = Field(default_factory=list, max_length=LIST_MAX)
    sharing: list[Line] = Field(default_factory=list, max_length=LIST_MAX)
    reward: list[Line] = Field(default_factory=list, max_length=LIST_MAX)
    value_statement: Text = ""


# --- the session -------------------------------------------------------------------------


class Session(Record):
    id: Id = Field(default_factory=new_id)
    schema_version: int = Field(default=SCHEMA_VERSION, ge=1)
    team: Name
    title: Name
    mode: Mode = "away-day"
    created_at: UtcTime = Field(default_factory=utc_now)
    updated_at: UtcTime = Field(default_factory=utc_now)
    participants: list[Participant] = Field(default_factory=list, max_length=PEOPLE_MAX)
    anonymous: bool = False  # nobody sees who gave which rating, on screen or in exports
    min_group: int = Field(default=3, ge=1, le=50)  # anonymous: hide an indicator rated by fewer
    join_code: JoinCode | None = None  # remote sessions: what participants type to join
    join_expires_at: UtcTime | None = None  # the join code stops working then
    joining_closed: bool = False  # the facilitator closed the session to joiners
    note: OptionalLine = ""  # a check-in's one line
    cynefin: CynefinResult = Field(default_factory=CynefinResult)
    change: ChangeResult = Field(default_factory=ChangeResult)
    resilience: ResilienceResult = Field(default_factory=ResilienceResult)
    good_job: GoodJobResult = Field(default_factory=GoodJobResult)
    actions: list[Action] = Field(default_factory=list, max_length=LIST_MAX)
    reviewed: list[ReviewDecision] = Field(default_factory=list, max_length=LIST_MAX)  # earlier actions decided here
    workbook: WorkbookResult = Field(default_factory=WorkbookResult)  # a person's own tool
    agenda: Agenda = Field(default_factory=Agenda)
    good_work: GoodWorkResult = Field(default_factory=GoodWorkResult)
    stakeholders: StakeholderResult = Field(default_factory=StakeholderResult)
    valuing_staff: ValuingStaffResult = Field(default_factory=ValuingStaffResult)
    shared: list[SharedWork] = Field(default_factory=list, max_length=LIST_MAX)  # results people chose to share
    # Remote sessions: the personal tool the facilitator asked everyone to do in their own
    # terminal (their answers stay there; only what each shares reaches the session).
    asked_tool: WorkbookTool | None = None

    @field_validator("participants")
    @classmethod
    def _people_once(cls, participants: list[Participant]) -> list[Participant]:
        ids = [person.id for person in participants]
        if len(set(ids)) != len(ids):
            raise ValueError("the same person id is listed twice")
        return participants

    @field_validator("resilience")
    @classmethod
    def _raters_take_part(cls, result: ResilienceResult, info: ValidationInfo) -> ResilienceResult:
        """Every rating is by someone in the session, the room, or (anonymous sessions) one
        of the keys anonymous answers are kept under."""
        people = info.data.get("participants")
        if people is None:  # participants did not validate: that error is reported already
            return result
        raters = {person.id for person in people}
        if info.data.get("anonymous"):
            raters |= set(result.anonymous_keys)
        for field in ("ratings", "revealed_ratings"):
            for number, rating in enumerate(getattr(result, field)):
                if rating.participant is not None and rating.participant not in raters:
                    raise ValueError(f"{field[:-1].replace('_', ' ')} {number} is by {rating.participant}, "
                                     "who is not in the session")
        return result

    @model_validator(mode="after")
    def _no_progress_beside_names(self) -> Session:
        """An anonymous session keeps nothing beside a name that could pick out its answers."""
        if self.anonymous and any(p.answered or p.good_work_answered for p in self.participants):
            self.participants = [p.model_copy(update={"answered": 0, "good_work_answered": 0})
                                 for p in self.participants]
        return self

    def touched(self) -> Session:
        """A copy stamped as changed now."""
        return self.model_copy(update={"updated_at": utc_now()})


ERRORS_SHOWN = 10  # a broken file may hold thousands of faults: the first few say enough


def describe_errors(error: Exception, prefix: str = "") -> str:
    """One line per pydantic error: `field.path: message`, for people to read."""
    from pydantic import ValidationError

    if not isinstance(error, ValidationError):
        return str(error)
    errors = error.errors(include_url=False)
    lines = []
    for item in errors[:ERRORS_SHOWN]:
        where = ".".join(str(part) for part in item["loc"]) or "(record)"
        uuid = item["type"] == "string_pattern_mismatch" and item.get("ctx", {}).get("pattern") == UUID4_PATTERN
        message = UUID4_FAULT if uuid else item["msg"].removeprefix("Value error, ")  # pydantic's words for ours
        lines.append(f"{prefix}{where}: {message}")
    if len(errors) > ERRORS_SHOWN:
        lines.append(f"{prefix}... and {len(errors) - ERRORS_SHOWN} more")
    return "\n".join(lines)
