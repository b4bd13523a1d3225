"""Links between the exercises: the kind of action a decision context asks for, and the
areas the resilience ratings and the good-work survey propose for improvement."""

from __future__ import annotations

from dataclasses import dataclass

from smp_tui.banks import Banks, DomainAction
from smp_tui.logic import good_work
from smp_tui.logic.summary import resilience_view
from smp_tui.models import Session


def action_for_domain(domain_id: str, banks: Banks) -> DomainAction | None:
    """Clear: a procedure; complicated: an expert review; complex: a safe-to-fail trial;
    chaotic: act now, review after. None for disorder (place the activity first)."""
    return banks.links.action_for(domain_id)


@dataclass(frozen=True)
class Proposal:
    source: str  # "resilience" or "good_work"
    name: str
    why: str


def improvement_areas(session: Session, banks: Banks) -> list[Proposal]:
    """Low resilience indicators (lowest first) and "no"-heavy good-work headings (heaviest
    first), leaving out what a remote round has not revealed and what an anonymous
    session hides."""
    proposals: list[Proposal] = []
    threshold = banks.links.low_resilience_mean
    view = resilience_view(session, banks.resilience)  # the privacy rules apply here
    low = []
    for row in view.rows if view.shown else []:
        if row.level != "indicator" or row.hidden:
            continue
        if row.people.mean is not None and row.people.mean <= threshold:
            low.append((row.people.mean, row.name, f"resilience rated {row.people.mean:.1f} of 5"))
        elif isinstance(row.room, int) and row.room <= threshold:
            low.append((float(row.room), row.name, f"the room rated its resilience {row.room} of 5"))
    for _, name, why in sorted(low, key=lambda item: item[0]):
        proposals.append(Proposal("resilience", name, why))
    bank = banks.good_work
    found = good_work.survey(session, bank)  # people's shares and the room's answers, apart
    for heading_id in found.people.no_heavy(bank):  # heaviest first
        tally = found.people.headings[heading_id]
        name = next(h.name for h in bank.headings if h.id == heading_id)
        proposals.append(Proposal("good_work", name, f"{tally.share('no'):.0%} of people's good-work answers were no"))
    proposed = {p.name for p in proposals if p.source == "good_work"}
    for heading in bank.headings:
        room = found.room_heading(bank, heading.id)
        if heading.name not in proposed and room.answered and room.share("no") >= bank.no_heavy_share:
            proposals.append(Proposal("good_work", heading.name,
                                      f"the room agreed no to {room.counts['no']} of {room.answered} statements"))
    return proposals
