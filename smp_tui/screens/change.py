"""The change chooser: evolution, planned change or revolution; what helps change
succeed, why people resist, and Lewin's unfreeze - change - refreeze plan."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Header, Input, Static, TextArea

from smp_tui.widgets.footer import SteadyFooter
from smp_tui.logic import changes
from smp_tui.logic.change import Recommendation, recommend_change
from smp_tui.models import LINE_MAX, TEXT_MAX
from smp_tui.screens.exercise import ExerciseScreen
from smp_tui.widgets.choices import ChoiceList
from smp_tui.widgets.questions import QuestionSet
from smp_tui.widgets.ticks import TickList
from smp_tui.widgets.fields import InOrderInput, InOrderTextArea

UNDECIDED = "undecided"


class ChangeScreen(ExerciseScreen):
    EXERCISE = "change"
    HELP_TITLE = "Change chooser"
    HELP = (
        "Describe the change the team faces and what drives it. Answer the questions: smp "
        "recommends a point between evolution and revolution and shows which answers "
        "pushed which way. Compare the benefits and challenges of all three, then choose; "
        "if you choose differently from the recommendation, say why.\n"
        "Tick the conditions for success you already have, and the reasons for resistance "
        "and pitfalls that apply, each with a line on how you will meet it. Finish with "
        "the unfreeze - change - refreeze plan.\n\n"
        "Space ticks a box; Tab moves on. Ctrl+N makes an action from the field you are "
        "in. Everything is saved as you go."
    )

    def help_more(self) -> str:
        return self.banks.change.classifier.confidence_rule or ""

    def compose(self) -> ComposeResult:
        bank = self.banks.change
        result = self.session.change
        yield Header()
        with VerticalScroll(id="change-body", classes="columns", can_focus=False):
            with Vertical(classes="column"):
                yield Static(bank.meta.intro, classes="intro", markup=False)
                yield Static("The change we face", classes="section-title")
                yield InOrderTextArea(result.description, id="description",
                                      placeholder="Describe the change in a few lines")
                yield Static("What drives it?", classes="section-title")
                yield ChoiceList([(f.id, f"{f.name}: {f.text}") for f in bank.driver_families], result.drivers,
                                 multiple=True, id="drivers")
                yield Static("What kind of change is it?", classes="section-title")
                yield ChoiceList([(k.id, f"{k.name}: {k.text}") for k in bank.kinds], result.kinds,
                                 multiple=True, id="kinds")
                yield Static("Questions about the change", classes="section-title")
                yield QuestionSet(bank.questions, result.answers, id="questions")
                yield Static("", id="recommendation", classes="verdict")
            with Vertical(classes="column"):
                yield Static("Evolution, planned change, revolution", classes="section-title")
                yield Static("", id="continuum")
                yield Static("Our choice", classes="section-title")
                yield ChoiceList([(UNDECIDED, "Not decided yet")] + [(m.id, m.name) for m in bank.modes],
                                 [result.chosen_mode or UNDECIDED], multiple=False, id="chosen")
                yield InOrderInput(
                    result.choice_reason,
                    placeholder="Why choose this rather than the recommendation? (Enter to save)",
                    id="choice-reason",
                    max_length=LINE_MAX,
                )
                yield Static("Conditions for success already in place", classes="section-title")
                yield ChoiceList([(c.id, c.text) for c in bank.conditions], result.conditions,
                                 multiple=True, id="conditions")
                yield Static("Reasons people may resist (Lippitt et al.): tick those that apply",
                             classes="section-title")
                yield TickList(bank.resistance, result.resistance, id="resistance")
                yield Static("Pitfalls (Beckhard and Harris): tick those that apply", classes="section-title")
                yield TickList(bank.pitfalls, result.pitfalls, id="pitfalls")
                yield Static("Making it stick: Lewin's three steps", classes="section-title")
                for step in bank.lewin:
                    yield Static(Text.assemble((step.name, "bold"), ": ", step.text), classes="lewin-step")
                    yield InOrderTextArea(result.lewin.get(step.id, ""), id=f"lewin-{step.id}", placeholder=step.prompt,
                                   classes="lewin")
                yield Static(f"Source: {bank.meta.source}", classes="source", markup=False)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self._show_recommendation()

    # -- recommendation --

    def _recommendation(self) -> Recommendation:
        return recommend_change(self.session.change.answers, self.banks.change)

    def _show_recommendation(self) -> None:
        bank = self.banks.change
        rec = self._recommendation()
        text = Text()
        if rec.mode is None or rec.runner_up is None:  # both are known once anything is answered
            text.append("Answer the questions to see which kind of change fits.", style="dim")
        else:
            text.append("Recommended: ", style="bold")
            text.append(bank.mode(rec.mode).name, style="bold reverse")
            text.append(f"   confidence {rec.confidence:.0%}, "
                        f"{rec.scored.answered} of {rec.scored.asked} questions answered\n")
            if rec.close_call:
                text.append(f"A close call with {bank.mode(rec.runner_up).name}: discuss both.\n", style="italic")
            else:
                text.append(f"Next best: {bank.mode(rec.runner_up).name}.\n")
            text.append("Why:\n", style="bold")
            for reason in rec.reasons:
                towards = ", ".join(f"{bank.mode(m).name} +{w:g}" for m, w in reason.weights.items())
                text.append(f" • {reason.answer} → {towards}\n")
        self.query_one("#recommendation", Static).update(text)
        self.query_one("#continuum", Static).update(self._continuum(rec))
        chosen = self.session.change.chosen_mode
        self.query_one("#choice-reason", Input).display = chosen is not None and chosen != rec.mode

    def _continuum(self, rec: Recommendation) -> Table:
        bank = self.banks.change
        table = Table(expand=True, show_lines=True)
        table.add_column("")
        chosen = self.session.change.chosen_mode
        for mode in bank.modes:
            marks = []
            if mode.id == rec.mode:
                marks.append("recommended")
            if mode.id == chosen:
                marks.append("chosen")
            header = Text(mode.name, style="bold reverse" if marks else "bold")
            if marks:
                header.append(f"\n({', '.join(marks)})", style="italic")
            table.add_column(header, ratio=1)
        table.add_row(Text("", style="bold"), *(Text(m.summary) for m in bank.modes))
        table.add_row(Text("Benefits", style="bold"), *(
            Text("\n".join(f"{b.name}: {b.text}" for b in m.benefits)) for m in bank.modes))
        table.add_row(Text("Challenges", style="bold"), *(
            Text("\n".join(f"{c.name}: {c.text}" for c in m.challenges)) for m in bank.modes))
        return table

    # -- saving what was changed --

    def _set(self, what: str, **fields) -> None:
        self.change(what, changes.set_change_fields(**fields))

    def on_question_set_answered(self, event: QuestionSet.Answered) -> None:
        self.change("the answer", changes.answer_change(event.question_id, event.answer_id))
        self._show_recommendation()

    def on_choice_list_changed(self, event: ChoiceList.Changed) -> None:
        names = {"drivers": "the drivers", "kinds": "the kinds of change", "conditions": "the conditions"}
        field = event.choice_list.id
        if field in names:
            self._set(names[field], **{field: event.chosen})
        elif field == "chosen":
            self._choose(None if event.chosen == [UNDECIDED] else event.chosen[0])

    def _choose(self, chosen: str | None) -> None:
        rec = self._recommendation()
        reason = self.query_one("#choice-reason", Input)
        self._set("the choice", chosen_mode=chosen, choice_reason=reason.value if chosen != rec.mode else "")
        self._show_recommendation()
        if chosen is not None and chosen != rec.mode and not reason.value.strip():
            self.notify("You chose differently from the recommendation: say why in a line below.")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "choice-reason":
            self._set("the reason for the choice", choice_reason=event.value)
            self.notify("Reason saved.")

    def on_input_blurred(self, event: Input.Blurred) -> None:
        if event.input.id == "choice-reason" and event.value.strip() != self.session.change.choice_reason:
            self._set("the reason for the choice", choice_reason=event.value)

    def on_tick_list_changed(self, event: TickList.Changed) -> None:
        field = event.tick_list.id
        if field is None:  # every tick list here has an id: the field it edits
            return
        what = "the reasons for resistance" if field == "resistance" else "the pitfalls"
        self._set(what, **{field: event.ticked})

    def _text_saver(self, area: TextArea):
        value = area.text
        if len(value) > TEXT_MAX:
            self.notify(f"That text is too long to save ({len(value)} characters; at most {TEXT_MAX}). "
                        "Shorten it; nothing is lost from the screen.", severity="error", timeout=10)
            return lambda: None
        if area.id == "description":
            return lambda: self._set("the description", description=value)
        step = (area.id or "")[6:]

        def save() -> None:
            lewin = dict(self.session.change.lewin)
            lewin[step] = value
            self._set("the Lewin plan", lewin=lewin)

        return save

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.later(event.text_area.id or "", self._text_saver(event.text_area))

    def on_descendant_blur(self, event) -> None:
        widget = event.widget
        if isinstance(widget, TextArea):
            self.now(widget.id or "", self._text_saver(widget))
