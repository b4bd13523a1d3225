"""Tool 2, mapping stakeholders: where a stakeholder sits by interest and influence, and
moving it by keys."""

from __future__ import annotations

from smp_tui.banks import StakeholderBank, StakeholderQuadrant
from smp_tui.models import Stakeholder

# Arrow keys on the 2x2: interest runs across, influence up.
MOVES = {"left": ("interest", "low"), "right": ("interest", "high"),
         "down": ("influence", "low"), "up": ("influence", "high")}


def quadrant_of(stakeholder: Stakeholder, bank: StakeholderBank) -> StakeholderQuadrant:
    return bank.quadrant(stakeholder.interest, stakeholder.influence)


def moved(stakeholder: Stakeholder, direction: str) -> dict[str, str]:
    """The fields an arrow key changes: {"interest": "high"}, say."""
    field, level = MOVES[direction]
    return {field: level}


def placed_in(quadrant_id: str, bank: StakeholderBank) -> dict[str, str]:
    """The interest and influence of a quadrant chosen by its key."""
    quadrant = next(q for q in bank.quadrants if q.id == quadrant_id)
    return {"interest": quadrant.interest, "influence": quadrant.influence}


def by_quadrant(stakeholders: list[Stakeholder], bank: StakeholderBank) -> dict[str, list[Stakeholder]]:
    grouped: dict[str, list[Stakeholder]] = {q.id: [] for q in bank.quadrants}
    for stakeholder in stakeholders:
        grouped[quadrant_of(stakeholder, bank).id].append(stakeholder)
    return grouped
