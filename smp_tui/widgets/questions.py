"""A bank's questions, one choice list each, with "not sure" as the first choice."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from smp_tui.banks import Question
from smp_tui.widgets.choices import ChoiceList

NOT_SURE = "not_sure"
NOT_SURE_LABEL = "Not sure / not answered"


class QuestionSet(Vertical):
    """Posts Answered when a person picks an answer (None for "not sure")."""

    class Answered(Message):
        def __init__(self, question_id: str, answer_id: str | None) -> None:
            super().__init__()
            self.question_id = question_id
            self.answer_id = answer_id

    def __init__(self, questions: Sequence[Question], answers: Mapping[str, str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.questions = list(questions)
        self.answers = dict(answers)

    def compose(self) -> ComposeResult:
        for number, question in enumerate(self.questions, start=1):
            yield Static(f"{number}. {question.text}", classes="question", markup=False)
            choices = [(NOT_SURE, NOT_SURE_LABEL)] + [(a.id, a.label) for a in question.answers]
            yield ChoiceList(choices, [self.answers.get(question.id, NOT_SURE)], multiple=False,
                             id=f"q-{question.id}", classes="answers")

    def on_choice_list_changed(self, event: ChoiceList.Changed) -> None:
        event.stop()
        question_id = (event.choice_list.id or "")[2:]
        answer_id = None if event.chosen == [NOT_SURE] else event.chosen[0]
        if answer_id is None:
            self.answers.pop(question_id, None)
        else:
            self.answers[question_id] = answer_id
        self.post_message(self.Answered(question_id, answer_id))
