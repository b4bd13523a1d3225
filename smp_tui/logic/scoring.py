"""Weighted answers -> a leading option, a confidence, and the reasons.

One rule for every chooser in smp: each answer adds its bank weights to the options;
the leader is the option with the largest share. When the two leading shares are within
the bank's margin, the answers point more than one way (`split`).

Confidence means the same in every chooser: how many of the questions agree on the
leader. An answer points to the options it weighs most; each answer pointing to the
leader counts for it, each pointing elsewhere counts against it, and unanswered
questions count for nothing, so confidence = (for - against) / questions asked. Every
question answered towards the leader reads 100%; answers split between two options
read near 0%. When the two leading options are within the margin the result is a
toss-up and confidence is at most TOSS_UP. The banks say this in their own words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from smp_tui.banks import Question


TOSS_UP = 0.5  # the most confidence a split result can have


@dataclass(frozen=True)
class Reason:
    question_id: str
    answer_id: str
    question: str
    answer: str
    weights: Mapping[str, float]


@dataclass(frozen=True)
class Scored:
    scores: dict[str, float]  # option -> summed weight, every option present
    shares: dict[str, float]  # option -> share of the total (0 when nothing answered)
    ranking: tuple[str, ...]  # options, highest score first; bank order breaks ties
    leader: str | None  # None when nothing answered or the top options tie
    runner_up: str | None
    split: bool  # the leading options are within the margin of each other
    confidence: float  # 0..1
    answered: int
    asked: int
    reasons: tuple[Reason, ...]


def score(
    questions: Sequence[Question], options: Sequence[str], answers: Mapping[str, str], margin: float
) -> Scored:
    scores = {option: 0.0 for option in options}
    reasons = []
    for question in questions:
        answer = question.answer(answers.get(question.id, ""))
        if answer is None:
            continue  # unanswered, or an answer the bank no longer has
        for option, weight in answer.weights.items():
            scores[option] += weight
        reasons.append(Reason(question.id, answer.id, question.text, answer.label, dict(answer.weights)))
    total = sum(scores.values())
    shares = {option: (value / total if total else 0.0) for option, value in scores.items()}
    # Bank order breaks exact ties, so every answer set has exactly one ranking.
    ranked = sorted(options, key=lambda option: -scores[option])
    top, second = ranked[0], ranked[1]
    lead = shares[top] - shares[second]
    answered = len(reasons)
    leader = top if total > 0 and lead > 0 else None
    split = leader is None or lead < margin
    confidence = 0.0
    if leader is not None:
        agreeing = sum(1 for reason in reasons if leader in points_to(reason.weights))
        confidence = max(0.0, (2 * agreeing - answered) / len(questions))
        if split:
            confidence = min(confidence, TOSS_UP)
    return Scored(
        scores=scores,
        shares=shares,
        ranking=tuple(ranked),
        leader=leader,
        runner_up=second if leader else None,
        split=split,
        confidence=round(confidence, 4),
        answered=answered,
        asked=len(questions),
        reasons=tuple(reasons),
    )


def points_to(weights: Mapping[str, float]) -> set[str]:
    """The options an answer weighs most (several when they tie)."""
    top = max(weights.values(), default=0.0)
    return {option for option, weight in weights.items() if weight == top and top > 0}
