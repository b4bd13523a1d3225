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


# -- confidence means the same in both choosers (logic/scoring.py) --

def _towards(bank, option):
    """For each question, every answer that points to `option` (weighs it most)."""
    from smp_tui.logic.scoring import points_to

    return {q.id: [a.id for a in q.answers if option in points_to(a.weights)] for q in bank.questions}


@settings(max_examples=150, deadline=None)
@given(data=st.data(), which=st.sampled_from(["cynefin", "change"]))
def test_every_answer_one_way_reads_at_least_90_percent(banks, data, which):
    bank = getattr(banks, which)
    options = [d.id for d in (bank.domains if which == "cynefin" else bank.modes)]
    option = data.draw(st.sampled_from(options))
    towards = _towards(bank, option)
    if not all(towards.values()):
        return  # some question has no answer for this option: it cannot be answered all one way
    answers = {qid: data.draw(st.sampled_from(ids)) for qid, ids in towards.items()}
    result = classify(answers, bank) if which == "cynefin" else recommend_change(answers, bank)
    assert result.confidence >= 0.9
    assert (result.domain if which == "cynefin" else result.mode) == option


def test_the_real_banks_can_be_answered_all_one_way(banks):
    """The walk-through: every answer towards one option reads 90% or more in both choosers."""
    for bank, options, decide in ((banks.cynefin, [d.id for d in banks.cynefin.domains], classify),
                                  (banks.change, [m.id for m in banks.change.modes], recommend_change)):
        for option in options:
            answers = {qid: ids[0] for qid, ids in _towards(bank, option).items() if ids}
            assert len(answers) == len(bank.questions), f"{option}: some question has no answer for it"
            assert decide(answers, bank).confidence >= 0.9, option


@settings(max_examples=300, deadline=None)
@given(data=st.data(), which=st.sampled_from(["cynefin", "change"]))
def test_split_answers_read_low_and_the_rule_is_for_minus_against(banks, data, which):
    from smp_tui.logic.scoring import TOSS_UP, points_to

    bank = getattr(banks, which)
    answers = {}
    for q in bank.questions:
        choice = data.draw(st.sampled_from([None] + [a.id for a in q.answers]))
        if choice is not None:
            answers[q.id] = choice
    result = classify(answers, bank) if which == "cynefin" else recommend_change(answers, bank)
    scored = result.scored
    if scored.leader is None:
        assert result.confidence == 0
        return
    agree = sum(1 for r in scored.reasons if scored.leader in points_to(r.weights))
    against = scored.answered - agree
    assert result.confidence == round(max(0.0, (agree - against) / scored.asked), 4) or \
        (scored.split and result.confidence == TOSS_UP)
    if scored.split:
        assert result.confidence <= TOSS_UP
    if agree <= against:
        assert result.confidence == 0


def test_answers_split_evenly_read_zero(banks):
    answers = {"right_answer_known": "yes", "expert_analysis": "no", "cause_and_effect": "before_everyone",
               "experts_disagree": "strongly"}
    placement = classify(answers, banks.cynefin)
    assert placement.confidence == 0.0
