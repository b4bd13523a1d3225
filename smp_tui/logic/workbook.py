"""The personal workbook: scoring and results of a person's own tools, pure functions.

Learning needs (Exercise 1), influencing styles (Tool 3), instrument of change (Tool 5)
and the practice improvement plan (Exercise 5). Each is kept as a session of the
person's own team, like a check-in, and reaches a team session only when shared."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from smp_tui.banks import (
    INFLUENCE_POINTS,
    TIME_BOUND,
    Band,
    Banks,
    Criterion,
    ImprovementPlanBank,
    InfluencingBank,
    InstrumentBank,
    LearningNeedsBank,
    Statement,
    Style,
    Theme,
)
from smp_tui.logic.summary import counted
from smp_tui.models import (
    InfluencingResult,
    InstrumentResult,
    LearningNeedsResult,
    Participant,
    PlanResult,
    PlanTarget,
    Session,
    SharedWork,
    WorkbookResult,
    WorkbookTool,
)

TOOL_TITLES: dict[WorkbookTool, str] = {
    "learning_needs": "Learning needs analysis",
    "influencing": "Influencing styles",
    "instrument": "Instrument of change",
    "plan": "Practice improvement plan",
}


# The tools a facilitator may ask everyone in a remote session to do in their own terminal:
# answered with single keys, and with a result that can be shared.
ASKABLE_TOOLS: tuple[WorkbookTool, ...] = ("influencing", "learning_needs")


def personal_team(user: str) -> str:
    """The team a person's own sessions (check-ins and workbook) are kept under."""
    return f"Check-ins: {user}"


def new_checkin(user: str, now: datetime | None = None) -> Session:
    now = now or datetime.now()
    return Session(team=personal_team(user), title=f"Check-in {now:%d %b %Y %H:%M}", mode="check-in",
                   participants=[Participant(name=user)])


def new_workbook_session(user: str, tool: WorkbookTool, now: datetime | None = None) -> Session:
    now = (now or datetime.now()).astimezone()  # named by the local time, as the lists show it
    return Session(team=personal_team(user), title=f"{TOOL_TITLES[tool]} {now:%d %b %Y %H:%M}", mode="check-in",
                   participants=[Participant(name=user)], workbook=WorkbookResult(tool=tool))


def of_tool(sessions: Iterable[Session], tool: str) -> list[Session]:
    """A person's sessions of one tool, oldest first."""
    return sorted((s for s in sessions if s.workbook.tool == tool), key=lambda s: s.created_at)


# --- Exercise 1: learning needs -----------------------------------------------------------


@dataclass(frozen=True)
class ThemeResult:
    theme: Theme
    scores: tuple[tuple[Statement, int | None], ...]  # the theme's statements, bank order

    @property
    def answered(self) -> int:
        return sum(1 for _, score in self.scores if score is not None)

    @property
    def mean(self) -> float | None:
        given = [score for _, score in self.scores if score is not None]
        return round(sum(given) / len(given), 2) if given else None


def score_of(result: LearningNeedsResult, statement_id: str) -> int | None:
    entry = result.scores.get(statement_id)
    return entry.score if entry is not None else None


def by_theme(result: LearningNeedsResult, bank: LearningNeedsBank) -> list[ThemeResult]:
    return [ThemeResult(theme, tuple((s, score_of(result, s.id)) for s in bank.statements if s.theme == theme.id))
            for theme in bank.themes]


def lowest_areas(result: LearningNeedsResult, bank: LearningNeedsBank) -> list[Statement]:
    """The lowest-scored statements (at most the bank's `lowest`), lowest first; equal
    scores keep bank order. Unscored statements are never named."""
    scored = [(score_of(result, s.id), n, s) for n, s in enumerate(bank.statements)]
    ranked = sorted((score, n, s) for score, n, s in scored if score is not None)
    return [s for _, _, s in ranked[:bank.scale.lowest]]


def lowest_themes(result: LearningNeedsResult, bank: LearningNeedsBank) -> list[Theme]:
    """The themes with the lowest mean score (several when they tie)."""
    means = [(t.mean, t.theme) for t in by_theme(result, bank) if t.mean is not None]
    if not means:
        return []
    bottom = min(mean for mean, _ in means)
    return [theme for mean, theme in means if mean == bottom]


@dataclass(frozen=True)
class NeedChange:
    statement: Statement
    before: int | None
    now: int | None

    @property
    def delta(self) -> int | None:
        return None if self.before is None or self.now is None else self.now - self.before


def needs_change(now: LearningNeedsResult, before: LearningNeedsResult, bank: LearningNeedsBank) -> list[NeedChange]:
    """Per statement, the earlier score and the score now."""
    return [NeedChange(s, score_of(before, s.id), score_of(now, s.id)) for s in bank.statements]


# --- Tool 3: influencing styles -----------------------------------------------------------


def band_of(total: int, bank: InfluencingBank) -> Band:
    for band in bank.bands:
        if band.min <= total <= band.max:
            return band
    raise ValueError(f"total {total} is outside every band")


@dataclass(frozen=True)
class StyleTotal:
    style: Style
    answered: int
    asked: int
    total: int | None  # None until every statement of the style is answered
    band: Band | None

    @property
    def left(self) -> int:
        return self.asked - self.answered

    @property
    def highest(self) -> int:
        return max(INFLUENCE_POINTS) * self.asked


def style_totals(result: InfluencingResult, bank: InfluencingBank) -> list[StyleTotal]:
    """Each style's total and band, scored straight; withheld while any of its
    statements is unanswered, since a part-total would fall in the wrong band."""
    totals = []
    for style in bank.styles:
        numbers = [s.number for s in bank.statements_of(style.id)]
        given = [result.answers[n] for n in numbers if n in result.answers]
        complete = len(given) == len(numbers)
        total = sum(given) if complete else None
        totals.append(StyleTotal(style, len(given), len(numbers), total,
                                 band_of(total, bank) if total is not None else None))
    return totals


def next_unanswered(result: InfluencingResult, bank: InfluencingBank, after: int = 0) -> int | None:
    """The first unanswered statement after `after`, wrapping round; None when all are."""
    numbers = [s.number for s in bank.statements]
    for number in numbers[after:] + numbers[:after]:
        if number not in result.answers:
            return number
    return None


# --- Tool 5: instrument of change ---------------------------------------------------------


@dataclass(frozen=True)
class InstrumentCounts:
    strengths_yes: int
    strengths: int
    difficulties_yes: int
    difficulties: int
    unanswered: int
    reflections: int  # questions with something written
    questions: int


def instrument_counts(result: InstrumentResult, bank: InstrumentBank) -> InstrumentCounts:
    strengths = [result.answers.get(i.id) for i in bank.strengths]
    difficulties = [result.answers.get(i.id) for i in bank.difficulties]
    return InstrumentCounts(
        strengths_yes=sum(1 for a in strengths if a), strengths=len(strengths),
        difficulties_yes=sum(1 for a in difficulties if a), difficulties=len(difficulties),
        unanswered=sum(1 for a in strengths + difficulties if a is None),
        reflections=sum(1 for q in bank.questions if result.reflections.get(q.id, "").strip()),
        questions=len(bank.questions),
    )


# --- Exercise 5: practice improvement plan ------------------------------------------------

_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_UK = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_DAY_FIRST = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")


def find_date(text: str) -> date | None:
    """The first real date in a target: 2026-03-31 or 31/03/2026 (day first)."""
    found: list[tuple[int, date]] = []
    for match in _ISO.finditer(text):
        year, month, day = (int(g) for g in match.groups())
        found.extend(_dated(match.start(), year, month, day))
    for match in _UK.finditer(text):
        day, month, year = (int(g) for g in match.groups())
        found.extend(_dated(match.start(), year, month, day))
    return min(found)[1] if found else None


def read_date(text: str) -> date | None:
    """A date typed on its own, year first (2027-01-31) or day first as written in the UK
    (31/01/2027, 31-01-2027, 31.01.2027); None if it is neither or not in the calendar."""
    text = text.strip()
    if iso := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in iso.groups())
    elif uk := _DAY_FIRST.fullmatch(text):
        day, month, year = int(uk[1]), int(uk[3]), int(uk[4])
    else:
        return None
    found = _dated(0, year, month, day)
    return found[0][1] if found else None


def looks_like_a_date(text: str) -> bool:
    """Written as a date, whether or not the calendar has it (31/02/2027 does)."""
    return bool(_ISO.fullmatch(text.strip()) or _DAY_FIRST.fullmatch(text.strip()))


def _dated(position: int, year: int, month: int, day: int) -> list[tuple[int, date]]:
    try:
        return [(position, date(year, month, day))]
    except ValueError:
        return []


@dataclass(frozen=True)
class Check:
    criterion: Criterion
    met: bool
    note: str = ""  # why it is not met, when the reason is not just "not ticked"


def smarter_check(target: PlanTarget, bank: ImprovementPlanBank) -> list[Check]:
    """One check per SMARTER criterion, in bank order: met when the person ticked it;
    time-bound also needs a date in the target, and says so when there is none."""
    checks = []
    for criterion in bank.smarter:
        ticked = criterion.id in target.smarter
        if criterion.id == TIME_BOUND and find_date(target.target) is None:
            checks.append(Check(criterion, False, bank.prompts.no_date))
        else:
            checks.append(Check(criterion, ticked))
    return checks


def missing(checks: Sequence[Check]) -> list[Check]:
    return [c for c in checks if not c.met]


PlanRow = tuple[str, str, str, str]  # action, barriers, support, when (the target)


def plan_rows(session: Session) -> list[PlanRow]:
    """The plan's table as the screen lists it: one row per action of the session."""
    targets = session.workbook.plan.targets
    rows = []
    for action in session.actions:
        target = targets.get(action.id, PlanTarget())
        rows.append((action.text, target.barriers, target.support, target.target))
    return rows


def proposed_areas(needs: Session | None, bank: LearningNeedsBank) -> list[str]:
    """The areas a new plan starts from: the lowest of the latest learning needs."""
    if needs is None:
        return []
    return [s.id for s in lowest_areas(needs.workbook.learning_needs, bank)]


def new_plan(user: str, needs: Session | None, bank: LearningNeedsBank, now: datetime | None = None) -> Session:
    session = new_workbook_session(user, "plan", now)
    session.workbook.plan = PlanResult(areas=proposed_areas(needs, bank))
    return session


def status(session: Session, banks) -> str:
    """One line saying where a tool stands, for the list of a person's tools."""
    workbook = session.workbook
    if workbook.tool == "learning_needs":
        bank = banks.learning_needs
        answered = sum(1 for s in bank.statements if score_of(workbook.learning_needs, s.id) is not None)
        themes = ", ".join(t.name for t in lowest_themes(workbook.learning_needs, bank))
        return f"{answered} of {len(bank.statements)} scored" + (f"; lowest: {themes}" if themes else "")
    if workbook.tool == "influencing":
        return " · ".join(
            f"{t.style.name} {t.total} {t.band.name}" if t.band is not None else f"{t.style.name}: {t.left} left"
            for t in style_totals(workbook.influencing, banks.influencing))
    if workbook.tool == "instrument":
        counts = instrument_counts(workbook.instrument, banks.instrument)
        return (f"{counts.strengths_yes} of {counts.strengths} strengths, {counts.difficulties_yes} of "
                f"{counts.difficulties} difficulties true of you")
    open_actions = sum(1 for a in session.actions if a.status == "open")
    goal = "" if workbook.plan.goal else "; no goal yet"
    return f"{counted(len(session.actions), 'action')}, {open_actions} open{goal}"


# --- sharing into a team session ----------------------------------------------------------


def shareable(session: Session, banks: Banks) -> str | None:
    """Why this result cannot be shared yet, or None when it can."""
    tool = session.workbook.tool
    if tool == "influencing":
        waiting = [t for t in style_totals(session.workbook.influencing, banks.influencing) if t.total is None]
        if waiting:
            return "; ".join(f"{t.style.name}: {counted(t.left, 'statement')} left" for t in waiting)
        return None
    if tool == "learning_needs":
        bank = banks.learning_needs
        left = sum(1 for s in bank.statements if score_of(session.workbook.learning_needs, s.id) is None)
        return f"{counted(left, 'area')} left to score" if left else None
    if tool == "plan":
        return None if session.actions or session.workbook.plan.goal else "the plan has no goal or actions yet"
    return "only influencing totals, learning needs scores and a plan's goal and actions can be shared"


def shared_work(session: Session, banks: Banks, person: str | None = None) -> SharedWork:
    """What sharing this result copies: influencing totals, learning needs scores (not the
    comments), or a plan's goal and actions; under `person`, the name the team knows its
    author by (by default the name the result was kept under)."""
    if person is None:
        person = session.participants[0].name if session.participants else session.team
    work = SharedWork(source=session.id, person=person, tool=session.workbook.tool or "plan")
    if session.workbook.tool == "influencing":
        work.totals = {t.style.id: t.total for t in style_totals(session.workbook.influencing, banks.influencing)
                       if t.total is not None}
    elif session.workbook.tool == "learning_needs":
        scores = {s.id: score_of(session.workbook.learning_needs, s.id) for s in banks.learning_needs.statements}
        work.totals = {statement: score for statement, score in scores.items() if score is not None}
    else:
        work.goal = session.workbook.plan.goal
        work.actions = [a.model_copy(update={"owner": a.owner or person}) for a in session.actions
                        if a.status in ("open", "carried")]
    return work
