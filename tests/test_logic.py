"""Classifier and change recommender: the rule lives in the bank's weights."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from smp_tui.logic.change import recommend_change
from smp_tui.logic.cynefin import DISORDER, classify


def _answer_sets(bank):
    choices = [[None] + [a.id for a in q.answers] for q in bank.questions]
    for combo in itertools.product(*choices):
        yield {q.id: a for q, a in zip(bank.questions, combo) if a is not None}


def test_every_cynefin_answer_set_gives_exactly_one_placement(banks):
    domains = {d.id for d in banks.cynefin.domains} | {DISORDER}
    count = 0
    for answers in _answer_sets(banks.cynefin):
        placement = classify(answers, banks.cynefin)
        assert placement.domain in domains
        assert 0.0 <= placement.confidence <= 1.0
        count += 1
    assert count == 4 * 5 * 5 * 5 * 4 * 4


def test_every_change_answer_set_gives_one_recommendation(banks):
    modes = {m.id for m in banks.change.modes}
    for answers in _answer_sets(banks.change):
        rec = recommend_change(answers, banks.change)
        if answers:
            assert rec.mode in modes and rec.runner_up in modes and rec.mode != rec.runner_up
            assert len(rec.reasons) == len(answers)
        else:
            assert rec.mode is None and rec.confidence == 0


def test_clear_answers_place_clearly(banks):
    simple = {q.id: q.answers[0].id for q in banks.cynefin.questions}
    placement = classify(simple, banks.cynefin)
    assert placement.domain == "simple" and placement.confidence > 0.6
    chaotic = {"expert_analysis": "no_time", "cause_and_effect": "not_at_all", "urgent": "yes"}
    assert classify(chaotic, banks.cynefin).domain == "chaotic"


def test_conflicting_answers_land_in_disorder(banks):
    conflicting = {"right_answer_known": "yes", "expert_analysis": "no"}  # simple 3 vs complex 3
    placement = classify(conflicting, banks.cynefin)
    assert placement.domain == DISORDER
    assert placement.scores["simple"] == placement.scores["complex"] == 3
    assert classify({}, banks.cynefin).domain == DISORDER


def test_unanswered_questions_lower_confidence(banks):
    one = classify({"right_answer_known": "yes"}, banks.cynefin)
    three = classify({"right_answer_known": "yes", "expert_analysis": "not_needed",
                      "cause_and_effect": "before_everyone"}, banks.cynefin)
    assert one.domain == three.domain == "simple"
    assert one.confidence < three.confidence


def test_a_bank_with_other_weights_gives_other_results(banks):
    answers = {"right_answer_known": "yes"}
    assert classify(answers, banks.cynefin).domain == "simple"
    question = banks.cynefin.questions[0]
    answer = question.answers[0].model_copy(update={"weights": {"chaotic": 3.0}})
    changed_q = question.model_copy(update={"answers": [answer, *question.answers[1:]]})
    changed = banks.cynefin.model_copy(update={"questions": [changed_q, *banks.cynefin.questions[1:]]})
    assert classify(answers, changed).domain == "chaotic"
    stricter = banks.cynefin.model_copy(update={"classifier": banks.cynefin.classifier.model_copy(
        update={"disorder_margin": 0.7})})
    leaning = {"right_answer_known": "yes", "urgent": "no"}  # simple 4, complicated 1: a 0.6 lead
    assert classify(leaning, banks.cynefin).domain == "simple"
    assert classify(leaning, stricter).domain == DISORDER


def test_recommendation_gives_reasons_and_runner_up(banks):
    answers = {"urgency": "now", "disruption": "a_lot", "ownership": "fully"}
    rec = recommend_change(answers, banks.change)
    assert rec.mode == "revolution"
    assert rec.runner_up in {"evolution", "planned"}
    assert {r.question_id for r in rec.reasons} == set(answers)
    pushes = {r.question_id: r.weights for r in rec.reasons}
    assert pushes["urgency"] == {"revolution": 3.0}


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_adding_an_answer_towards_the_leader_keeps_it(banks, data):
    bank = banks.cynefin
    answers = {q.id: data.draw(st.sampled_from([a.id for a in q.answers])) for q in bank.questions[:3]}
    before = classify(answers, bank)
    if before.domain == DISORDER:
        return
    for question in bank.questions[3:]:
        best = max(question.answers, key=lambda a: a.weights.get(before.domain, 0) - sum(
            w for k, w in a.weights.items() if k != before.domain))
        if best.weights.get(before.domain, 0) > 0 and len(best.weights) == 1:
            after = classify({**answers, question.id: best.id}, bank)
            assert after.domain == before.domain
            assert after.confidence >= before.confidence
