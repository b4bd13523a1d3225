"""Content banks: every sentence a person reads about a framework, loaded from banks/*.toml
and validated by pydantic. No Textual here."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from smp_tui.models import INDICATORS_MAX, CleanText, describe_errors

SENTENCE_MAX = 600

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,64}$")]
# Bank text is shown as written: control characters become visible placeholders.
Sentence = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=SENTENCE_MAX), CleanText]
OptionalSentence = Annotated[str, StringConstraints(strip_whitespace=True, max_length=SENTENCE_MAX), CleanText]
Sentences = Annotated[list[Sentence], Field(min_length=1)]


class BankError(Exception):
    """A bank that cannot be used: names the file, the key and the problem."""


class Content(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _unique(items: list[Any], where: str = "") -> list[Any]:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise ValueError(f"duplicate id {item.id!r}" + (f" in {where}" if where else ""))
        seen.add(item.id)
    return items


# On a list field, so that a duplicate is reported under that list's key.
UniqueIds = AfterValidator(_unique)


class Meta(Content):
    id: Id
    title: Sentence
    source: Sentence
    intro: Sentence


class Classifier(Content):
    disorder_margin: float = Field(ge=0, le=1)
    # How to read the confidence figure (logic/scoring.py computes it); shown in help.
    confidence_rule: Sentence | None = None


class Answer(Content):
    id: Id
    label: Sentence
    weights: dict[Id, float] = Field(min_length=1)

    @model_validator(mode="after")
    def _weights_not_negative(self) -> Answer:
        for option, weight in self.weights.items():
            if weight < 0:
                raise ValueError(f"weight for {option!r} is negative ({weight})")
        return self


class Question(Content):
    id: Id
    text: Sentence
    answers: Annotated[list[Answer], Field(min_length=2), UniqueIds]

    def answer(self, answer_id: str) -> Answer | None:
        return next((a for a in self.answers if a.id == answer_id), None)


def _check_weights(questions: list[Question], options: set[str], what: str) -> list[Question]:
    for question in questions:
        for answer in question.answers:
            unknown = set(answer.weights) - options
            if unknown:
                raise ValueError(
                    f"question {question.id!r}, answer {answer.id!r}: weight for unknown {what} "
                    f"{sorted(unknown)[0]!r} (known: {', '.join(sorted(options))})"
                )
    return questions


# --- cynefin ----------------------------------------------------------------------------

DOMAIN_IDS = ("simple", "complicated", "complex", "chaotic")


class Domain(Content):
    id: Id
    name: Sentence
    also_called: OptionalSentence = ""
    approach: Sentence
    summary: Sentence
    characteristics: Sentences
    leader_job: Sentences
    danger_signals: Sentences
    responses: Sentences


class Disorder(Content):
    id: Id
    name: Sentence
    also_called: OptionalSentence = ""
    summary: Sentence
    advice: Sentences


class CynefinBank(Content):
    meta: Meta
    classifier: Classifier
    domains: Annotated[list[Domain], Field(min_length=4, max_length=4), UniqueIds]
    disorder: Disorder
    questions: Annotated[list[Question], Field(min_length=1), UniqueIds]

    @field_validator("domains")
    @classmethod
    def _the_four_domains(cls, domains: list[Domain]) -> list[Domain]:
        ids = {domain.id for domain in domains}
        if ids != set(DOMAIN_IDS):
            raise ValueError(f"domains must be exactly {', '.join(DOMAIN_IDS)}; found {', '.join(sorted(ids))}")
        return domains

    @field_validator("questions")
    @classmethod
    def _weights_for_domains(cls, questions: list[Question], info: ValidationInfo) -> list[Question]:
        if "domains" not in info.data:
            return questions  # the domains' own error is reported
        return _check_weights(questions, {domain.id for domain in info.data["domains"]}, "domain")

    def domain(self, domain_id: str) -> Domain:
        return next(d for d in self.domains if d.id == domain_id)


# --- change -----------------------------------------------------------------------------


class Named(Content):
    name: Sentence
    text: Sentence


class Mode(Content):
    id: Id
    name: Sentence
    summary: Sentence
    benefits: Annotated[list[Named], Field(min_length=1)]
    challenges: Annotated[list[Named], Field(min_length=1)]


class Item(Content):
    id: Id
    name: OptionalSentence = ""
    text: Sentence
    hint: OptionalSentence = ""
    prompt: OptionalSentence = ""


Items = Annotated[list[Item], Field(min_length=1), UniqueIds]


class ChangeBank(Content):
    meta: Meta
    classifier: Classifier
    modes: Annotated[list[Mode], Field(min_length=2), UniqueIds]
    driver_families: Items
    kinds: Items
    conditions: Items
    resistance: Items
    pitfalls: Items
    lewin: Items
    questions: Annotated[list[Question], Field(min_length=1), UniqueIds]

    @field_validator("questions")
    @classmethod
    def _weights_for_modes(cls, questions: list[Question], info: ValidationInfo) -> list[Question]:
        if "modes" not in info.data:
            return questions  # the modes' own error is reported
        return _check_weights(questions, {mode.id for mode in info.data["modes"]}, "mode")

    def mode(self, mode_id: str) -> Mode:
        return next(m for m in self.modes if m.id == mode_id)


# --- resilience --------------------------------------------------------------------------

SCORES = (1, 2, 3, 4, 5)


class Scale(Content):
    labels: dict[int, Sentence]
    dont_know: Sentence
    disagreement_spread: int = Field(ge=1)
    disagreements_shown: int = Field(default=5, ge=1, le=50)
    trend_threshold: float = Field(ge=0)

    @model_validator(mode="after")
    def _five_points(self) -> Scale:
        if tuple(sorted(self.labels)) != SCORES:
            raise ValueError(f"labels must name the points 1 to 5; found {sorted(self.labels)}")
        return self


class Prompts(Content):
    working_well: Sentence
    worries: Sentence
    addressing: Sentence


class Attribute(Content):
    id: Id
    name: Sentence
    text: Sentence


class Indicator(Content):
    id: Id
    attribute: Id
    name: Sentence
    text: Sentence
    weak: Sentence
    strong: Sentence


class ResilienceBank(Content):
    meta: Meta
    scale: Scale
    prompts: Prompts
    attributes: Annotated[list[Attribute], Field(min_length=1), UniqueIds]
    indicators: Annotated[list[Indicator], Field(min_length=1, max_length=INDICATORS_MAX), UniqueIds]

    @field_validator("indicators")
    @classmethod
    def _known_attributes(cls, indicators: list[Indicator], info: ValidationInfo) -> list[Indicator]:
        if "attributes" not in info.data:
            return indicators  # the attributes' own error is reported
        known = {a.id for a in info.data["attributes"]}
        for indicator in indicators:
            if indicator.attribute not in known:
                raise ValueError(f"indicator {indicator.id!r} names unknown attribute {indicator.attribute!r}")
        return indicators

    def indicator(self, indicator_id: str) -> Indicator:
        return next(i for i in self.indicators if i.id == indicator_id)

    def attribute(self, attribute_id: str) -> Attribute:
        return next(a for a in self.attributes if a.id == attribute_id)


# --- good job ----------------------------------------------------------------------------


class Stage(Content):
    id: Id
    name: Sentence
    question: Sentence
    happening: Sentence
    could_do: Sentence


class Quadrant(Content):
    id: Id
    name: Sentence
    axes: Sentence
    example: Sentence


class GoodJobBank(Content):
    meta: Meta
    stages: Annotated[list[Stage], Field(min_length=2), UniqueIds]
    quadrants: Annotated[list[Quadrant], Field(min_length=4, max_length=4), UniqueIds]


# --- the personal workbook ------------------------------------------------------------------


class Group(Content):
    id: Id
    name: Sentence


class Theme(Content):
    id: Id
    name: Sentence
    text: Sentence


class Statement(Content):
    id: Id
    group: Id
    theme: Id
    text: Sentence


class NeedsScale(Content):
    labels: dict[int, Sentence]
    comment_prompt: Sentence
    lowest: int = Field(ge=1)

    @model_validator(mode="after")
    def _five_points(self) -> NeedsScale:
        if tuple(sorted(self.labels)) != SCORES:
            raise ValueError(f"labels must name the points 1 to 5; found {sorted(self.labels)}")
        return self


class LearningNeedsBank(Content):
    meta: Meta
    scale: NeedsScale
    groups: Annotated[list[Group], Field(min_length=1), UniqueIds]
    themes: Annotated[list[Theme], Field(min_length=1), UniqueIds]
    statements: Annotated[list[Statement], Field(min_length=1), UniqueIds]

    @model_validator(mode="after")
    def _consistent(self) -> LearningNeedsBank:
        groups, themes = {g.id for g in self.groups}, {t.id for t in self.themes}
        for statement in self.statements:
            if statement.group not in groups:
                raise ValueError(f"statement {statement.id!r} names unknown group {statement.group!r}")
            if statement.theme not in themes:
                raise ValueError(f"statement {statement.id!r} names unknown theme {statement.theme!r}")
        return self

    def statement(self, statement_id: str) -> Statement:
        return next(s for s in self.statements if s.id == statement_id)

    def theme(self, theme_id: str) -> Theme:
        return next(t for t in self.themes if t.id == theme_id)


INFLUENCE_POINTS = (0, 1, 2, 3, 4)


class InfluenceKey(Content):
    origin: Sentence


class InfluenceScale(Content):
    labels: dict[int, Sentence]

    @model_validator(mode="after")
    def _five_points(self) -> InfluenceScale:
        if tuple(sorted(self.labels)) != INFLUENCE_POINTS:
            raise ValueError(f"labels must name the points 0 to 4; found {sorted(self.labels)}")
        return self


class InfluenceAdvice(Content):
    mixing: Sentence


class Style(Content):
    id: Id
    name: Sentence
    column: Sentence
    summary: Sentence
    behaviours: Sentences
    time_share: Sentence
    keys: Sentence
    when: Sentences


class Band(Content):
    id: Id
    min: int = Field(ge=0)
    max: int = Field(ge=0)
    name: Sentence
    text: Sentence


class InfluenceStatement(Content):
    number: int = Field(ge=1)
    style: Id
    text: Sentence


class InfluencingBank(Content):
    meta: Meta
    key: InfluenceKey
    scale: InfluenceScale
    styles: Annotated[list[Style], Field(min_length=2), UniqueIds]
    advice: InfluenceAdvice
    bands: Annotated[list[Band], Field(min_length=1), UniqueIds]
    statements: Annotated[list[InfluenceStatement], Field(min_length=2)]

    @model_validator(mode="after")
    def _consistent(self) -> InfluencingBank:
        numbers = [s.number for s in self.statements]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"statements must be numbered 1 to {len(numbers)} in order; found {numbers}")
        styles = {s.id for s in self.styles}
        for statement in self.statements:
            if statement.style not in styles:
                raise ValueError(f"statement {statement.number} names unknown style {statement.style!r} "
                                 f"(known: {', '.join(sorted(styles))})")
        counts = {style: sum(1 for s in self.statements if s.style == style) for style in sorted(styles)}
        if len(set(counts.values())) != 1:
            raise ValueError(f"every style needs as many statements as the others; found {counts}")
        top = max(INFLUENCE_POINTS) * next(iter(counts.values()))
        expected = 0
        for band in sorted(self.bands, key=lambda b: b.min):
            if band.min != expected or band.max < band.min:
                raise ValueError(f"bands must cover every total from 0 to {top} once, in order; "
                                 f"band {band.id!r} ({band.min}-{band.max}) should start at {expected}")
            expected = band.max + 1
        if expected != top + 1:
            raise ValueError(f"bands must reach the highest total {top}; they stop at {expected - 1}")
        return self

    def style(self, style_id: str) -> Style:
        return next(s for s in self.styles if s.id == style_id)

    def statements_of(self, style_id: str) -> list[InfluenceStatement]:
        return [s for s in self.statements if s.style == style_id]


class InstrumentBank(Content):
    meta: Meta
    strengths: Items
    difficulties: Items
    questions: Items

    @model_validator(mode="after")
    def _consistent(self) -> InstrumentBank:
        _unique([*self.strengths, *self.difficulties], "strengths and difficulties")
        return self


class PlanPrompts(Content):
    areas: Sentence
    learned: Sentence
    goal: Sentence
    why: Sentence
    action: Sentence
    barriers: Sentence
    support: Sentence
    target: Sentence
    stop: Sentence
    start: Sentence
    differently: Sentence
    review: Sentence
    no_date: Sentence


class Criterion(Content):
    id: Id
    letter: Annotated[str, StringConstraints(pattern=r"^[A-Z]$")]
    name: Sentence
    prompt: Sentence


TIME_BOUND = "time_bound"  # the criterion a target meets only with a date


class ImprovementPlanBank(Content):
    meta: Meta
    prompts: PlanPrompts
    smarter: Annotated[list[Criterion], Field(min_length=1), UniqueIds]

    @model_validator(mode="after")
    def _consistent(self) -> ImprovementPlanBank:
        if TIME_BOUND not in {c.id for c in self.smarter}:
            raise ValueError(f"smarter must include the criterion {TIME_BOUND!r} (a target needs a date)")
        return self


# --- the away-day agenda -----------------------------------------------------------------

ClockTime = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]


class AgendaEntry(Content):
    name: Sentence
    minutes: int = Field(ge=1, le=600)
    exercise: Id | None = None  # an exercise of the session hub that "next" opens
    about: Sentence


class AgendaBank(Content):
    meta: Meta
    start: ClockTime
    warning_seconds: int = Field(ge=0, le=3600)
    extend_minutes: int = Field(ge=1, le=120)
    items: Annotated[list[AgendaEntry], Field(min_length=1)]


# --- Tool 1: what is good work? ------------------------------------------------------------


class GoodWorkStatement(Content):
    id: Id
    text: Sentence


class Heading(Content):
    id: Id
    name: Sentence
    statements: Annotated[list[GoodWorkStatement], Field(min_length=1)]


class YesNoLabels(Content):
    yes: Sentence
    no: Sentence
    not_sure: Sentence


class GoodWorkBank(Content):
    meta: Meta
    no_heavy_share: float = Field(gt=0, le=1)
    answers: YesNoLabels
    headings: Annotated[list[Heading], Field(min_length=1), UniqueIds]

    @model_validator(mode="after")
    def _consistent(self) -> GoodWorkBank:
        _unique([s for h in self.headings for s in h.statements], "statements")
        return self

    def statement(self, statement_id: str) -> GoodWorkStatement:
        return next(s for h in self.headings for s in h.statements if s.id == statement_id)


# --- Tool 2: mapping stakeholders ----------------------------------------------------------

LEVELS = ("low", "high")


class StakeholderQuadrant(Content):
    id: Id
    interest: Annotated[str, StringConstraints(pattern=r"^(low|high)$")]
    influence: Annotated[str, StringConstraints(pattern=r"^(low|high)$")]
    name: Sentence
    approach: Sentence


class StepTwo(Content):
    intro: Sentence
    current_demands: Sentence
    current_response: Sentence
    future_demands: Sentence
    future_response: Sentence


class StakeholderBank(Content):
    meta: Meta
    centre: Sentence
    quadrants: Annotated[list[StakeholderQuadrant], Field(min_length=4, max_length=4), UniqueIds]
    step_two: StepTwo

    @model_validator(mode="after")
    def _consistent(self) -> StakeholderBank:
        places = {(q.interest, q.influence) for q in self.quadrants}
        if len(places) != 4:
            raise ValueError("quadrants must cover each pair of low/high interest and low/high influence once")
        return self

    def quadrant(self, interest: str, influence: str) -> StakeholderQuadrant:
        return next(q for q in self.quadrants if q.interest == interest and q.influence == influence)


# --- Exercise 4 and Tool 4: valuing staff, the value of social care ------------------------


class ValuingLists(Content):
    capture: Sentence
    sharing: Sentence
    reward: Sentence


class ValueOfCare(Content):
    title: Sentence
    definition: Sentences
    definition_source: Sentence
    question: Sentence


class ValuingStaffBank(Content):
    meta: Meta
    capture_target: int = Field(ge=1, le=50)
    lists: ValuingLists
    value: ValueOfCare


# --- links between the exercises ------------------------------------------------------------


class DomainAction(Content):
    domain: Id
    kind: Sentence
    prompt: Sentence


class LinksBank(Content):
    meta: Meta
    low_resilience_mean: float = Field(ge=1, le=5)
    domain_actions: Annotated[list[DomainAction], Field(min_length=4, max_length=4)]

    @model_validator(mode="after")
    def _consistent(self) -> LinksBank:
        domains = {d.domain for d in self.domain_actions}
        if domains != set(DOMAIN_IDS):
            raise ValueError(f"domain_actions must name exactly {', '.join(DOMAIN_IDS)}; found {', '.join(sorted(domains))}")
        return self

    def action_for(self, domain_id: str) -> DomainAction | None:
        return next((d for d in self.domain_actions if d.domain == domain_id), None)


# --- loading ------------------------------------------------------------------------------

BANK_FILES: dict[str, type[Content]] = {
    "cynefin": CynefinBank,
    "change": ChangeBank,
    "resilience": ResilienceBank,
    "good_job": GoodJobBank,
    "learning_needs": LearningNeedsBank,
    "influencing": InfluencingBank,
    "instrument": InstrumentBank,
    "improvement_plan": ImprovementPlanBank,
    "agenda": AgendaBank,
    "good_work": GoodWorkBank,
    "stakeholders": StakeholderBank,
    "valuing_staff": ValuingStaffBank,
    "links": LinksBank,
}


class Banks(Content):
    folder: Path
    cynefin: CynefinBank
    change: ChangeBank
    resilience: ResilienceBank
    good_job: GoodJobBank
    learning_needs: LearningNeedsBank
    influencing: InfluencingBank
    instrument: InstrumentBank
    improvement_plan: ImprovementPlanBank
    agenda: AgendaBank
    good_work: GoodWorkBank
    stakeholders: StakeholderBank
    valuing_staff: ValuingStaffBank
    links: LinksBank


def shipped_folder() -> Path:
    """The banks inside the installed wheel, or banks/ beside the package in a checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "_banks"
    return packaged if packaged.is_dir() else here.parent / "banks"


def load_bank(path: Path, schema: type[Content]) -> Content:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BankError(f"{path}: bank file is missing") from None
    except OSError as error:
        raise BankError(f"{path}: cannot read the bank ({error.strerror})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise BankError(f"{path}: not UTF-8 text (bad byte at {error.start})") from None
    except tomllib.TOMLDecodeError as error:
        raise BankError(f"{path}: not valid TOML ({error})") from None
    except RecursionError:
        raise BankError(f"{path}: not a bank: its tables or lists are nested too deeply") from None
    try:
        return schema.model_validate(data)
    except ValidationError as error:
        raise BankError(f"{path}: the bank does not fit its schema:\n{describe_errors(error, '  ')}") from None


def load_banks(folder: Path | str | None = None) -> Banks:
    """Load and validate every bank from `folder` (default: the shipped banks).

    Raises BankError naming the file, the key and the problem."""
    folder = Path(folder) if folder is not None else shipped_folder()
    if not folder.is_dir():
        raise BankError(f"{folder}: banks folder not found")
    loaded = {name: load_bank(folder / f"{name}.toml", schema) for name, schema in BANK_FILES.items()}
    return Banks(folder=folder, **loaded)
