"""Recommend a point on the evolution - planned change - revolution continuum."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from smp_tui.banks import ChangeBank
from smp_tui.logic.scoring import Reason, Scored, score


@dataclass(frozen=True)
class Recommendation:
    mode: str | None  # None until at least one question is answered
    runner_up: str | None
    close_call: bool  # the runner-up is within the bank's margin: worth discussing both
    scored: Scored

    @property
    def reasons(self) -> tuple[Reason, ...]:
        return self.scored.reasons

    @property
    def confidence(self) -> float:
        return self.scored.confidence


def recommend_change(answers: Mapping[str, str], bank: ChangeBank) -> Recommendation:
    scored = score(bank.questions, [m.id for m in bank.modes], answers, bank.classifier.disorder_margin)
    if not scored.answered:
        return Recommendation(None, None, False, scored)
    return Recommendation(scored.ranking[0], scored.ranking[1], scored.split, scored)
