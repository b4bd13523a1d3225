"""A fictional team with three sessions, for `smp demo` and for benchmarks.

Deterministic: the same seed gives the same sessions."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone

from smp_tui.banks import Banks
from smp_tui.logic.resilience import set_rating
from smp_tui.models import (
    Action,
    Activity,
    ChangeResult,
    CynefinResult,
    GoodJobResult,
    IndicatorNotes,
    Participant,
    ResilienceResult,
    Risk,
    Session,
    StageNotes,
    Ticked,
)
from smp_tui.store import Store

DEMO_TEAM = "Riverside Family Support (demo)"
PEOPLE = ["Amira Hassan", "Ben Clarke", "Chloe Davies", "Dev Patel", "Erin Walsh", "Femi Okafor"]
ACTIVITIES = [
    ("Allocating new referrals", {"right_answer_known": "yes", "expert_analysis": "not_needed",
                                  "cause_and_effect": "before_everyone"}),
    ("Court reports", {"right_answer_known": "experts", "expert_analysis": "yes",
                       "cause_and_effect": "before_experts"}),
    ("Working with families who disengage", {"right_answer_known": "no", "expert_analysis": "no",
                                             "cause_and_effect": "afterwards", "experts_disagree": "strongly"}),
    ("Out-of-hours emergency placement", {"expert_analysis": "no_time", "cause_and_effect": "not_at_all",
                                          "urgent": "yes"}),
    ("Recording practice", {"right_answer_known": "yes", "expert_analysis": "no"}),
]
WORKING_WELL = [
    "Supervision is regular and people say it helps them think.",
    "The duty rota holds up well even when we are short.",
    "Families tell us they know who their worker is.",
]
WORRIES = [
    "Two experienced workers leave next month and nobody shadows them yet.",
    "Partners only hear from us when something has gone wrong.",
    "Recording is weeks behind on some cases.",
]
ADDRESSING = [
    "We have started pairing newer staff with a senior on complex cases.",
    "A monthly call with each partner agency lead, good news included.",
    "Protected recording time on Friday afternoons.",
]
IDEAS = [
    "Ask families at closure what made a difference.",
    "Share one story of good practice at each team meeting.",
    "Look at re-referral rates every quarter.",
]


def make_session(banks: Banks, team: str, when: datetime, rng: random.Random, lean: float = 0.0,
                 title: str | None = None) -> Session:
    """A full session: six people, every exercise filled in, notes of a few lines.

    `lean` shifts the ratings up (positive) or down, so that sessions show a trend."""
    people = [Participant(name=name) for name in PEOPLE]
    resilience = ResilienceResult()
    for number, indicator in enumerate(banks.resilience.indicators):
        centre = 2.6 + lean + (number % 4) * 0.4
        wide = number in (1, 6, 11)  # where this team disagrees
        for person in people:
            if rng.random() < 0.06:
                score = None
            else:
                jitter = rng.choice([-2, -1, 1, 2]) if wide else rng.choice([-1, 0, 0, 1])
                score = max(1, min(5, round(centre + jitter)))
            set_rating(resilience, indicator.id, person.id, score)
        if number % 3 == 0:
            resilience.notes[indicator.id] = IndicatorNotes(
                working_well=rng.choice(WORKING_WELL), worries=rng.choice(WORRIES),
                addressing=rng.choice(ADDRESSING), private=number == 9)
    cynefin = CynefinResult(activities=[
        Activity(name=name, answers=answers, methods=["Agreed checklist", "Peer discussion in team meeting"],
                 risks=[Risk(what="Key person off sick", correction="Named deputy and shared notes")])
        for name, answers in ACTIVITIES
    ])
    cynefin.activities[4].placed = "complicated"
    cynefin.activities[4].placed_reason = "New case system: nobody knows the right way yet"
    change = ChangeResult(
        description="Moving from two locality teams to one front door for all referrals.",
        drivers=["environment", "membership"], kinds=["goals", "demand"],
        answers={"urgency": "timetable", "ownership": "fully", "entrenched": "settled", "goal_clarity": "clear",
                 "disruption": "very_little", "push": "leadership"},
        chosen_mode="planned", conditions=["involved", "information", "purpose_known"],
        resistance=[Ticked(id="job_security", mitigation="Confirm in writing that no posts are cut"),
                    Ticked(id="overloaded", mitigation="Pause the audit programme for two months")],
        pitfalls=[Ticked(id="too_short", mitigation="Go live in two phases")],
        lewin={"unfreeze": "Share the referral data and families' feedback at the team day.",
               "change": "Pilot the front door for six weeks with volunteers from both teams.",
               "refreeze": "Write the new process into the handbook and review at three months."},
    )
    good_job = GoodJobResult(
        stages={stage.id: StageNotes(happening=[rng.choice(WORKING_WELL)], could_do=[rng.choice(IDEAS)])
                for stage in banks.good_job.stages},
        measures={"effort_quantity": ["Assessments completed each month"],
                  "effort_quality": ["Families who say they were listened to"],
                  "effect_quantity": ["Children who stayed at home safely"],
                  "effect_quality": ["Share of plans whose outcomes were met at review"]},
    )
    actions = [
        Action(text="Shadowing plan for the two leavers", owner=PEOPLE[0], due=when.date() + timedelta(days=30),
               exercise="resilience"),
        Action(text="Ring each partner agency lead for a quarterly catch-up", owner=PEOPLE[3],
               due=when.date() + timedelta(days=45), exercise="resilience"),
        Action(text="Draft the front-door pilot plan", owner=PEOPLE[1], due=when.date() + timedelta(days=21),
               exercise="change", status="done"),
    ]
    return Session(team=team, title=title or f"{when:%B %Y} away-day", created_at=when, updated_at=when,
                   participants=people, cynefin=cynefin, change=change, resilience=resilience,
                   good_job=good_job, actions=actions)


def seed(store: Store, banks: Banks, seed_value: int = 7, start: datetime | None = None) -> list[Session]:
    """One fictional team's three sessions, six months apart, improving over time."""
    rng = random.Random(seed_value)
    start = start or datetime(date.today().year - 1, 3, 14, 9, 30, tzinfo=timezone.utc)
    sessions = []
    for number, lean in enumerate((-0.6, -0.2, 0.3)):
        session = make_session(banks, DEMO_TEAM, start + timedelta(days=182 * number), rng, lean)
        if number < 2:  # earlier sessions' actions were reviewed at the next one
            session.actions[0].status = "carried"
        if number == 0:
            session.actions[1].status = "done"
        store.save(session)
        sessions.append(session)
    return sessions


def seed_workbook(store: Store, banks: Banks, user: str, start: datetime | None = None) -> list[Session]:
    """A fictional personal workbook for `user` (what `m` shows in the demo): learning
    needs before and after the day, the influencing questionnaire, and a plan from the
    lowest areas with one action carried from an earlier plan."""
    from smp_tui.logic import changes
    from smp_tui.logic.workbook import new_plan, new_workbook_session
    from smp_tui.models import InfluencingResult, NeedScore

    start = start or datetime(date.today().year - 1, 3, 1, 9, 0, tzinfo=timezone.utc)
    before_day = {"uncertainty": 3, "beyond_simple_fixes": 2, "reflective_culture": 3, "clear_expectations": 4,
                  "quality_assurance": 2, "no_kneejerk": 1, "ask_why": 2, "no_blame": 3, "learn_from_events": 3,
                  "conflicting_roles": 4, "explain_offer": 3}
    after_day = dict(before_day, no_kneejerk=3, ask_why=3, quality_assurance=3, reflective_culture=4)
    sessions = []
    for number, scores in enumerate((before_day, after_day)):
        needs = new_workbook_session(user, "learning_needs", start + timedelta(days=14 * number))
        needs.created_at = start + timedelta(days=14 * number)
        needs.workbook.learning_needs.scores = {k: NeedScore(score=v) for k, v in scores.items()}
        sessions.append(needs)
    sessions[0].workbook.learning_needs.scores["no_kneejerk"] = NeedScore(
        score=1, comment="I tend to fix things fast when senior managers ask")
    influencing = new_workbook_session(user, "influencing", start + timedelta(days=14))
    influencing.created_at = start + timedelta(days=14)
    influencing.workbook.influencing = InfluencingResult(
        answers={n: (3 if n % 2 else 2) + (1 if n % 5 == 0 else 0) for n in range(1, 37)})
    sessions.append(influencing)
    plan = new_plan(user, sessions[1], banks.learning_needs, start + timedelta(days=15))
    plan.created_at = start + timedelta(days=15)
    plan.workbook.plan.goal = "Team meetings where we ask why before we change a process"
    plan.workbook.plan.why = "Two rushed changes last year had to be undone"
    plan = changes.set_plan_rows(plan, [
        ("Add 'why are we doing this?' to the team meeting agenda", "Meetings overrun", "Chair rota",
         f"From {(start + timedelta(days=30)).date().isoformat()}"),
        ("Review one process with the team each month", "Time", "Service manager", "Every month"),
    ], user)(plan)
    plan = changes.tick_smarter(plan.actions[0].id, ["specific", "measurable", "achievable", "realistic",
                                                     "time_bound", "ethical", "reviewed"])(plan)
    plan.workbook.plan.stop = ["Answering every email the same day"]
    sessions.append(plan)
    for session in sessions:
        store.save(session)
    return sessions
