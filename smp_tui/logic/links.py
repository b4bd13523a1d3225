"""Links between the exercises: the kind of action a decision context asks for, and the
areas the resilience ratings and the good-work survey propose for improvement."""

from __future__ import annotations

from dataclasses import dataclass

from smp_tui.banks import Banks, DomainAction
from smp_tui.logic import good_work, resilience
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
    first), leaving out results an anonymous session hides."""
    proposals: list[Proposal] = []
    threshold = banks.links.low_resilience_mean
    remote = session.mode == "remote"  # nothing is shown before the facilitator reveals it
    profile = resilience.profile(session.resilience, banks.resilience)
    low = [(i, s) for i, s in profile.indicators.items()
           if s.mean is not None and s.mean <= threshold and not (session.anonymous and s.rated < session.min_group)
           and not (remote and not session.resilience.revealed)]
    for indicator_id, summary in sorted(low, key=lambda pair: pair[1].mean):
        name = banks.resilience.indicator(indicator_id).name
        proposals.append(Proposal("resilience", name, f"resilience rated {summary.mean:.1f} of 5"))
    survey = good_work.results(session.good_work, banks.good_work)
    for heading_id in survey.no_heavy(banks.good_work):
        tally = survey.headings[heading_id]
        if good_work.hidden(session, tally) or (remote and not session.good_work.revealed):
            continue
        name = next(h.name for h in banks.good_work.headings if h.id == heading_id)
        proposals.append(Proposal("good_work", name, f"{tally.share('no'):.0%} of good-work answers were no"))
    return proposals
