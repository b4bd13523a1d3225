"""One activity of the map: where it sits, what that asks of a leader, how we will
handle it (step 2) and what could go wrong (step 3)."""

from __future__ import annotations

from typing import cast

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Header, Input, Select, Static

from smp_tui.widgets.footer import SteadyFooter
from smp_tui.logic import changes
from smp_tui.logic.cynefin import DISORDER, NOT_PLACED_YET, UNPLACED, Placement, classify, domain_of
from smp_tui.logic.links import action_for_domain
from smp_tui.models import LINE_MAX, Activity, Risk, Session
from smp_tui.screens.exercise import ExerciseScreen
from smp_tui.widgets.lines import LineList
from smp_tui.widgets.questions import QuestionSet
from smp_tui.widgets.text import literal
from smp_tui.widgets.fields import InOrderInput

FOLLOW = "follow"


class ActivityScreen(ExerciseScreen):
    EXERCISE = "cynefin"
    HELP_TITLE = "One activity"
    HELP = (
        "1. Answer the questions as a team; smp shows which domain the answers point to, "
        "and how sure it is. If the answers point more than one way, the activity is in "
        "disorder: talk about why. You can also place it yourself; if that differs from "
        "the answers, say why in one line.\n"
        "2. Read what the domain asks of a leader, its danger signals and how to respond.\n"
        "3. Note the actions and methods you will use (several are fine, from simple to "
        "complex), and what could go wrong with how you would put it right.\n\n"
        "In a list: Delete removes a line, Ctrl+Up/Down moves it, Ctrl+T makes it an action. "
        "Ctrl+N adds any action. Escape goes back to the map. Everything is saved as you go."
    )

    def __init__(self, session: Session, activity_id: str) -> None:
        super().__init__(session)
        self.activity_id = activity_id

    @property
    def activity(self) -> Activity:
        return next(a for a in self.session.cynefin.activities if a.id == self.activity_id)

    def help_more(self) -> str:
        return self.banks.cynefin.classifier.confidence_rule or ""

    def compose(self) -> ComposeResult:
        bank = self.banks.cynefin
        activity = self.activity
        choices = [(literal("Follow the answers to the questions"), FOLLOW)]
        choices += [(literal(f"{d.name}{f' ({d.also_called})' if d.also_called else ''}"), d.id) for d in bank.domains]
        choices.append((literal(f"{bank.disorder.name} ({bank.disorder.also_called})"), DISORDER))
        yield Header()
        with VerticalScroll(id="activity-body", classes="columns", can_focus=False):
            with Vertical(classes="column"):
                yield Static("Activity", classes="section-title")
                yield InOrderInput(activity.name, id="activity-name", max_length=LINE_MAX)
                yield Static("Step 1: where does it sit? Answer as a team", classes="section-title")
                yield QuestionSet(bank.questions, activity.answers, id="questions")
                yield Static("", id="verdict", classes="verdict")
                yield Static("Or place it yourself", classes="section-title")
                yield Select(choices, value=activity.placed or FOLLOW, allow_blank=False, id="placed")
                yield InOrderInput(
                    activity.placed_reason,
                    placeholder="Why do you place it here, against the answers? (Enter to save)",
                    id="placed-reason",
                    max_length=LINE_MAX,
                )
            with Vertical(classes="column"):
                yield Static("", id="guidance", classes="guidance")
                yield Static("Step 2: actions and methods, from simple to complex", classes="section-title")
                yield LineList([(m,) for m in activity.methods], ["Add an action or method, then Enter"],
                               id="methods")
                yield Static("Step 3: what could go wrong, and how would we correct it?", classes="section-title")
                yield LineList(
                    [(r.what, r.correction) for r in activity.risks],
                    ["What could go wrong? (Enter to go on)", "How would we correct it? (Enter to add)"],
                    id="risks",
                )
        yield SteadyFooter()

    def on_mount(self) -> None:
        self._show_placement()

    # -- placement --

    def _placement(self) -> Placement:
        return classify(self.activity.answers, self.banks.cynefin)

    def _show_placement(self) -> None:
        placement = self._placement()
        activity = self.activity
        verdict = Text()
        if placement.scored.answered == 0:
            verdict.append("Answer the questions to see where the activity sits.", style="dim")
        else:
            verdict.append("The answers point to: ", style="bold")
            verdict.append(self._domain_name(placement.domain), style="bold reverse")
            verdict.append(f"   confidence {placement.confidence:.0%}, "
                           f"{placement.scored.answered} of {placement.scored.asked} questions answered\n")
            verdict.append("Scores: " + ", ".join(
                f"{self._domain_name(d)} {placement.scores[d]:g}" for d in placement.scores))
        self.query_one("#verdict", Static).update(verdict)
        reason = self.query_one("#placed-reason", Input)
        chosen = self.query_one("#placed", Select).value
        reason.display = chosen != FOLLOW and chosen != placement.domain
        domain_id = domain_of(activity, self.banks.cynefin)
        guidance = Text(f"This activity is {NOT_PLACED_YET}.", style="bold") if domain_id == UNPLACED else \
            self._guidance(domain_id, by_hand=activity.placed is not None)
        self.query_one("#guidance", Static).update(guidance)

    def _domain_name(self, domain_id: str) -> str:
        bank = self.banks.cynefin
        return bank.disorder.name if domain_id == DISORDER else bank.domain(domain_id).name

    def _guidance(self, domain_id: str, by_hand: bool) -> Text:
        bank = self.banks.cynefin
        text = Text()
        how = "placed by the team" if by_hand else "from the answers"
        if domain_id == DISORDER:
            disorder = bank.disorder
            text.append(f"{disorder.name} ({disorder.also_called}), {how}\n", style="bold")
            text.append(disorder.summary + "\n\n")
            text.append("What to do\n", style="bold underline")
            for line in disorder.advice:
                text.append(f" • {line}\n")
            return text
        domain = bank.domain(domain_id)
        also = f" ({domain.also_called})" if domain.also_called else ""
        text.append(f"{domain.name}{also}: {domain.approach}, {how}\n", style="bold")
        text.append(domain.summary + "\n")
        proposed = action_for_domain(domain_id, self.banks)
        if proposed is not None:
            text.append("\nThe kind of action to write: ", style="bold")
            text.append(f"{proposed.kind}. {proposed.prompt}\n")
        for title, lines in (
            ("What it is like", domain.characteristics),
            ("The leader's job", domain.leader_job),
            ("Danger signals", domain.danger_signals),
            ("Responding to the danger signals", domain.responses),
        ):
            text.append(f"\n{title}\n", style="bold underline")
            for line in lines:
                text.append(f" • {line}\n")
        return text

    def on_question_set_answered(self, event: QuestionSet.Answered) -> None:
        self.change("the answer", changes.answer_activity(self.activity_id, event.question_id, event.answer_id))
        self._show_placement()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id != "placed":
            return
        chosen = cast(str, event.value)  # a domain's id or FOLLOW: the list has no blank
        placement = self._placement()
        if chosen == FOLLOW:
            self._save_placement(None, "")
        elif chosen == placement.domain:
            self._save_placement(chosen, "")
        else:
            reason = self.query_one("#placed-reason", Input)
            if reason.value.strip():
                self._save_placement(chosen, reason.value)
            else:
                self.notify("Say in one line why you place it here; it is saved when you press Enter.")
        self._show_placement()
        if chosen not in (FOLLOW, placement.domain):
            self.query_one("#placed-reason", Input).focus()

    def _save_placement(self, domain_id: str | None, reason: str) -> None:
        self.change("the placement", changes.place_activity(self.activity_id, domain_id, reason))

    # -- text fields --

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "activity-name":
            self._save_name(event.input)
        elif event.input.id == "placed-reason":
            chosen = cast(str, self.query_one("#placed", Select).value)  # the list has no blank
            if not event.value.strip():
                self.notify("The reason cannot be empty when you place it against the answers.",
                            severity="warning")
                return
            self._save_placement(chosen, event.value)
            self.notify("Placement saved with your reason.")
            self._show_placement()

    def on_input_blurred(self, event: Input.Blurred) -> None:
        if event.input.id == "activity-name":
            self._save_name(event.input)
        elif event.input.id == "placed-reason":
            self._keep_typed_placement()

    def flush(self) -> None:
        """Leaving: a place chosen by hand with its reason typed is kept without Enter."""
        super().flush()
        if not self._keep_typed_placement() and self._placed_without_reason():
            self.notify("Not placed by hand: a place the answers do not point to needs a reason (type it and "
                        "press Enter).", severity="warning")

    def _chosen_by_hand(self) -> str | None:
        """The place chosen in the list when it is not the answers' own, else None."""
        chosen = cast(str, self.query_one("#placed", Select).value)  # the list has no blank
        return None if chosen in (FOLLOW, self._placement().domain) else chosen

    def _placed_without_reason(self) -> bool:
        return self._chosen_by_hand() is not None and not self.query_one("#placed-reason", Input).value.strip()

    def _keep_typed_placement(self) -> bool:
        """Save the place chosen by hand and its typed reason if they are not saved yet."""
        chosen, reason = self._chosen_by_hand(), self.query_one("#placed-reason", Input).value
        if chosen is None or not reason.strip():
            return False
        if (self.activity.placed, self.activity.placed_reason) != (chosen, reason.strip()):
            self._save_placement(chosen, reason)
        return True

    def _save_name(self, field: Input) -> None:
        name = field.value.strip()
        if name == self.activity.name:
            return
        if not name:
            self.notify("An activity needs a name; the old one is kept.", severity="warning")
            field.value = self.activity.name
            return
        self.change("the activity's name", changes.rename_activity(self.activity_id, name))

    def on_line_list_changed(self, event: LineList.Changed) -> None:
        if event.line_list.id == "methods":
            methods = [entry[0] for entry in event.entries]
            self.change("the actions and methods", changes.set_methods(self.activity_id, methods))
        elif event.line_list.id == "risks":
            risks = [Risk(what=what, correction=fix) for what, fix in event.entries]
            self.change("what could go wrong", changes.set_risks(self.activity_id, risks))

    def on_line_list_to_action(self, event: LineList.ToAction) -> None:
        self.new_action(f"{self.activity.name}: {event.line}")
