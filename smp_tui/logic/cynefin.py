"""Place an activity in a Cynefin domain from the team's answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from smp_tui.banks import CynefinBank
from smp_tui.logic.scoring import Scored, score
from smp_tui.models import Activity

DISORDER = "disorder"
UNPLACED = "unplaced"  # no answer yet and not placed by hand: not in any domain
NOT_PLACED_YET = "not placed yet"


@dataclass(frozen=True)
class Placement:
    domain: str  # one of the bank's domain ids, or "disorder"
    scored: Scored

    @property
    def confidence(self) -> float:
        return self.scored.confidence

    @property
    def scores(self) -> dict[str, float]:
        return self.scored.scores


def classify(answers: Mapping[str, str], bank: CynefinBank) -> Placement:
    """The domain the answers point to, or disorder when they point more than one way
    (the two leading domains within the bank's margin) or nothing was answered."""
    scored = score(bank.questions, [d.id for d in bank.domains], answers, bank.classifier.disorder_margin)
    domain = DISORDER if scored.split or scored.leader is None else scored.leader
    return Placement(domain, scored)


def domain_of(activity: Activity, bank: CynefinBank) -> str:
    """Where the activity sits: the team's own placement wins over the classifier; an
    activity nobody has answered for or placed is UNPLACED (not in disorder)."""
    if activity.placed:
        return activity.placed
    placement = classify(activity.answers, bank)
    return UNPLACED if placement.scored.answered == 0 else placement.domain
