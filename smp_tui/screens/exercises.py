"""The exercises and tools of a session, and the screen class each opens (imported when
first opened, so the list of sessions paints before any exercise screen loads)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from smp_tui.banks import Banks
    from smp_tui.models import Session
    from smp_tui.screens.exercise import ExerciseScreen


@dataclass(frozen=True)
class ExerciseEntry:
    id: str
    title: str
    about: str  # may name {indicators} and {statements}: counts come from the banks
    screen: Callable[[], type[ExerciseScreen]]

    def describe(self, banks: Banks) -> str:
        statements = sum(len(h.statements) for h in banks.good_work.headings)
        return self.about.format(indicators=len(banks.resilience.indicators), statements=statements)


def _cynefin() -> type[ExerciseScreen]:
    from smp_tui.screens.activity_map import ActivityMapScreen

    return ActivityMapScreen

def _change() -> type[ExerciseScreen]:
    from smp_tui.screens.change import ChangeScreen

    return ChangeScreen

def _resilience() -> type[ExerciseScreen]:
    from smp_tui.screens.resilience import ResilienceScreen

    return ResilienceScreen

def _good_job() -> type[ExerciseScreen]:
    from smp_tui.screens.good_job import GoodJobScreen

    return GoodJobScreen

def _actions() -> type[ExerciseScreen]:
    from smp_tui.screens.actions import ActionsScreen

    return ActionsScreen

def _summary() -> type[ExerciseScreen]:
    from smp_tui.screens.summary import SummaryScreen

    return SummaryScreen

def _agenda() -> type[ExerciseScreen]:
    from smp_tui.screens.agenda import AgendaScreen

    return AgendaScreen

def _good_work() -> type[ExerciseScreen]:
    from smp_tui.screens.good_work import GoodWorkScreen

    return GoodWorkScreen

def _stakeholders() -> type[ExerciseScreen]:
    from smp_tui.screens.stakeholders import StakeholdersScreen

    return StakeholdersScreen

def _valuing_staff() -> type[ExerciseScreen]:
    from smp_tui.screens.valuing_staff import ValuingStaffScreen

    return ValuingStaffScreen


EXERCISES: list[ExerciseEntry] = [
    ExerciseEntry(
        "cynefin",
        "Decision context: the activity map",
        "Place each team activity in simple, complicated, complex or chaotic, and see what it asks of you.",
        _cynefin,
    ),
    ExerciseEntry(
        "change",
        "Change chooser",
        "Evolution, planned change or revolution: what fits, what helps it succeed, who may resist.",
        _change,
    ),
    ExerciseEntry(
        "resilience",
        "Resilience",
        "Everyone rates the {indicators} indicators; see where you agree, where you differ, and what moved.",
        _resilience,
    ),
    ExerciseEntry(
        "good_job",
        "How do we know we are doing a good job?",
        "Go round the cycle: what already happens at each stage, and what else you could do.",
        _good_job,
    ),
    ExerciseEntry(
        "actions",
        "Actions",
        "Everything the team agreed to do: who, by when, and whether it is done.",
        _actions,
    ),
    ExerciseEntry(
        "summary",
        "Summary and export",
        "The whole session on one page, to show on the projector and send round.",
        _summary,
    ),
    ExerciseEntry(
        "agenda",
        "The day's agenda and clock",
        "Plan the away-day item by item and run it with a countdown everyone can see.",
        _agenda,
    ),
    ExerciseEntry(
        "good_work",
        "Tool 1: what is good work?",
        "Everyone answers {statements} questions about the workplace; see where the 'no' answers gather.",
        _good_work,
    ),
    ExerciseEntry(
        "stakeholders",
        "Tool 2: mapping stakeholders",
        "Who has a stake in the service, how interested and how influential, and what they ask of you.",
        _stakeholders,
    ),
    ExerciseEntry(
        "valuing_staff",
        "Exercise 4: valuing staff, and the value of social care",
        "How you spot, share and reward good work, and how you would explain what the service is worth.",
        _valuing_staff,
    ),
]


def exercise_screen(exercise_id: str, session: Session) -> ExerciseScreen:
    """The screen of an exercise of the list above, for a session."""
    entry = next(e for e in EXERCISES if e.id == exercise_id)
    return entry.screen()(session)
