"""Tool 2, mapping stakeholders: where a stakeholder sits by interest and influence, and
moving it by keys."""

from __future__ import annotations

from smp_tui.banks import StakeholderBank, StakeholderQuadrant
from smp_tui.logic.cynefin import NOT_PLACED_YET as NOT_PLACED_YET  # one wording for both boards
from smp_tui.models import Stakeholder

# Arrow keys on the 2x2: interest runs across, influence up.
MOVES = {"left": ("interest", "low"), "right": ("interest", "high"),
         "down": ("influence", "low"), "up": ("influence", "high")}


def quadrant_of(stakeholder: Stakeholder, bank: StakeholderBank) -> StakeholderQuadrant | None:
    """Its quadrant, or None while the team has not placed it."""
    if stakeholder.interest is None or stakeholder.influence is None:
        return None
    return bank.quadrant(stakeholder.interest, stakeholder.influence)


def moved(stakeholder: Stakeholder, direction: str) -> dict[str, str]:
    """Its place after an arrow key: one not placed yet starts from low interest and low
    influence, so Right puts it at high interest and low influence."""
    field, level = MOVES[direction]
    return {"interest": stakeholder.interest or "low", "influence": stakeholder.influence or "low", field: level}


def placed_in(quadrant_id: str, bank: StakeholderBank) -> dict[str, str]:
    """The interest and influence of a quadrant chosen by its key."""
    quadrant = next(q for q in bank.quadrants if q.id == quadrant_id)
    return {"interest": quadrant.interest, "influence": quadrant.influence}


def by_quadrant(stakeholders: list[Stakeholder], bank: StakeholderBank) -> dict[str, list[Stakeholder]]:
    """Each quadrant's stakeholders, in list order (those not placed yet are in none: see not_placed)."""
    grouped: dict[str, list[Stakeholder]] = {q.id: [] for q in bank.quadrants}
    for stakeholder in stakeholders:
        quadrant = quadrant_of(stakeholder, bank)
        if quadrant is not None:
            grouped[quadrant.id].append(stakeholder)
    return grouped


def not_placed(stakeholders: list[Stakeholder]) -> list[Stakeholder]:
    return [s for s in stakeholders if s.interest is None]
