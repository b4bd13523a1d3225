"""Resilience: each person (or the room) rates the thirteen indicators; the results show
where the team agrees, where it does not, and what moved since last time."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    Button,
    Checkbox,
    Header,
    Label,
    Select,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)

from smp_tui.widgets.footer import SteadyFooter
from smp_tui.banks import SCORES, ResilienceBank
from smp_tui.logic.privacy import rater_choices
from smp_tui.logic.resilience import rating_of
from smp_tui.logic.summary import resilience_view
from smp_tui.models import TEXT_MAX, IndicatorNotes, Session, show_join_code
from smp_tui.widgets.results import answered_text, results_table, splits_text
from smp_tui.logic import changes
from smp_tui.screens.exercise import ExerciseScreen
from smp_tui.widgets.fields import InOrderTextArea, Tick
from smp_tui.widgets.rating import RatingList, RatingPanel
from smp_tui.widgets.text import labelled, literal

ROOM = "room"


class ResilienceScreen(ExerciseScreen):
    EXERCISE = "resilience"
    HELP_TITLE = "Resilience"
    HELP = (
        "Each person rates how their team stands on the indicators of a resilient organisation; "
        "the results show where you agree, where you differ and what moved.\n\n"
        "Rate: choose whose ratings you are recording (a person, or one agreed rating for the "
        "room). Move through the thirteen indicators with the arrow keys and press 1 to 5 to "
        "rate each one (0 or ? for don't know, Backspace to clear); the cursor moves on by "
        "itself, and Backspace straight after a rating takes it back. The words for weak and "
        "strong are shown for the highlighted indicator. With "
        "the mouse, click an indicator, then a score button.\n"
        "Results: the mean, the range and how many gave each score, per indicator and per "
        "attribute, and the change since the team's last session. Indicators where people "
        "disagree most are listed first for discussion.\n"
        "Notes: what is working well, what worries you and what you are doing about it, for "
        "any indicator. A note marked private never appears in the summary or any export, and on an "
        "away-day it stays hidden on screen until its author shows it (Ctrl+U). "
        "Ctrl+N makes an action from the text you are in."
    )
    BINDINGS = [
        Binding("ctrl+r", "reveal", "Reveal", id="resilience.reveal"),
        Binding("ctrl+o", "new_round", "New round", id="resilience.new_round"),
        Binding("ctrl+u", "show_private", "Show/hide private note", id="resilience.show_private", show=False),
        Binding("ctrl+j", "toggle_joining", "Joining", id="resilience.joining", show=False),
        Binding("ctrl+x", "remove_person", "Remove person", id="resilience.remove_person", show=False),
        Binding("f5", "show_tab('rate')", "Rate", id="resilience.rate", show=False),
        Binding("f6", "show_tab('results')", "Results", id="resilience.results", show=False),
        Binding("f7", "show_tab('notes')", "Notes", id="resilience.notes", show=False),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.previous: Session | None = None
        self.remote = session.mode == "remote"  # participants rate in their own terminals
        self.watched_team = session.team
        self._shown_private: set[str] = set()  # private notes their author chose to show

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("reveal", "new_round", "toggle_joining", "remove_person"):
            return self.remote
        return True

    @property
    def bank(self) -> ResilienceBank:
        return self.banks.resilience

    def compose(self) -> ComposeResult:
        bank = self.bank
        raters = [(literal(label), key) for label, key in rater_choices(self.session)]
        raters.append((literal("The room: one agreed rating"), ROOM))
        yield Header()
        with TabbedContent(initial="rate"):
            # At 80x24 all a rater needs is in view at once: whose ratings, the list (it
            # scrolls by itself), the words for weak and strong, and the score buttons.
            with TabPane("Answers (F5)" if self.remote else "Rate (F5)", id="rate"), Vertical(id="rate-pane"):
                yield VerticalScroll(Static("", id="answered", classes="verdict"), id="answered-scroll",
                                     can_focus=False)
                with Horizontal(classes="rater-row"):
                    yield Label("Ratings of:", classes="rater-label")
                    yield Select(raters, value=raters[0][1], allow_blank=False, id="rater", compact=True)
                    yield Static("", id="progress")
                yield RatingPanel(bank)
                with Horizontal(classes="score-buttons"):
                    for score in SCORES:
                        yield Button(literal(f"{score} {bank.scale.labels[score]}"), id=f"score-{score}", compact=True)
                    yield Button(literal(f"? {bank.scale.dont_know}"), id="score-0", compact=True)
            with TabPane("Results (F6)", id="results"), VerticalScroll():
                yield Static("", id="results-table")
                yield Static("", id="disagreements", classes="verdict")
            with TabPane("Notes (F7)", id="notes"), VerticalScroll(can_focus=False):
                yield Select([(literal(i.name), i.id) for i in bank.indicators], value=bank.indicators[0].id,
                             allow_blank=False, id="note-indicator")
                yield Static("", id="note-masked", classes="verdict")
                with Vertical(id="note-fields"):
                    for field, prompt in (("working_well", bank.prompts.working_well),
                                          ("worries", bank.prompts.worries), ("addressing", bank.prompts.addressing)):
                        yield Label(literal(prompt))
                        yield InOrderTextArea(id=f"note-{field}", classes="note")
                yield Tick("Private: keep this note out of the summary and every export", id="note-private")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self._fill_indicators()
        self.query_one(RatingPanel).show_anchors()
        self._show_results()
        self._load_note()
        self._show_answered()
        for selector in (".rater-row", "#progress", "#indicators", "#anchors", ".score-buttons"):
            self.query_one(selector).display = not self.remote
        self.query_one("#answered-scroll").display = self.remote
        if not self.remote:
            self.query_one(RatingList).focus()
        self.load_previous()

    # -- remote: who has answered, and the reveal --

    def _show_answered(self) -> None:
        panel = self.query_one("#answered", Static)
        panel.display = self.remote
        if not self.remote:
            return
        session, result = self.session, self.session.resilience
        code = show_join_code(session.join_code) if session.join_code else "(none)"
        text = labelled(("Join code: ", "bold"), (code, "bold reverse"), f"   participants run: smp join {code}\n")
        if session.joining_closed:
            text.append("Joining is closed to new people; those who joined can come back with their rejoin "
                        "code (Ctrl+J opens it again).\n", style="bold")
        elif session.join_expires_at is not None:
            text.append(f"The code works until {session.join_expires_at.astimezone():%d %b %H:%M} "
                        "(Ctrl+J closes joining now).\n")
        text.append(f"\nRound {result.round}: who has answered", style="bold")
        text.append(" (not what)\n" if result.revealed else
                    " (not what: answers stay private until you reveal the round)\n")
        text.append_text(answered_text(resilience_view(session, self.bank)))
        if result.revealed:
            text.append("\nThis round is revealed: everyone sees its results. Joining and answering are "
                        "closed; Ctrl+O opens a new round (results hidden again).", style="bold")
        else:
            text.append("\nResults are hidden. Ctrl+R reveals this round to everyone.", style="bold")
        text.append("\nCtrl+X takes a person out of the session.", style="dim")
        panel.update(text)

    def action_reveal(self) -> None:
        if self.session.resilience.revealed:
            self.notify("This round is already revealed. Ctrl+O opens a new round.")
            return
        from smp_tui.models import utc_now

        self.change("the reveal", changes.reveal_round(utc_now()))
        self.notify("Round revealed to everyone: its results are fixed as they are now.")
        self._show_answered()
        self._show_results()

    def action_new_round(self) -> None:
        if not self.session.resilience.revealed:
            self.notify("This round is still open: reveal it first (Ctrl+R).")
            return
        self.change("the new round", changes.open_new_round())
        self.notify("New round open: results are hidden until you reveal it; people can change their answers.")
        self._show_answered()
        self._show_results()

    def action_toggle_joining(self) -> None:
        closed = not self.session.joining_closed
        self.change("joining", changes.set_joining_closed(closed))
        if not closed and self.session.join_expires_at is not None:
            from datetime import timedelta

            from smp_tui.models import JOIN_HOURS_DEFAULT, utc_now

            if self.session.join_expires_at < utc_now():
                expiry = utc_now() + timedelta(hours=JOIN_HOURS_DEFAULT)
                self.change("the join code's time", changes.set_join_expiry(expiry))
        self.notify("Joining is closed." if closed else "Joining is open again.")
        self._show_answered()

    def action_remove_person(self) -> None:
        from smp_tui.screens.confirm import ChoiceScreen

        people = [(p.name, p.id) for p in self.session.participants]
        if not people:
            self.notify("Nobody has joined.")
            return
        anonymous = self.session.anonymous

        def chosen(person_id: str | None) -> None:
            if person_id:
                name = next((n for n, i in people if i == person_id), "?")
                self.change(f"removing {name!r}", changes.remove_participant(person_id))
                self.notify(f"{name} is out of the session." + (
                    " Their answers cannot be told apart from others' (anonymous session): only they can "
                    "withdraw them, with their rejoin code." if anonymous else " Their answers are removed."),
                    markup=False)
                self._show_answered()
                self._show_results()

        self.app.push_screen(ChoiceScreen("Take which person out of the session?", people), chosen)

    def reloaded(self) -> None:
        self._fill_indicators()
        self._show_answered()
        self._show_results()

    def load_previous(self) -> None:
        # Without it the trend is left out; the list of sessions names a damaged file.
        self.fetch(lambda workspace: workspace.previous(self.session), self._got_previous,
                   fault=lambda fault: None, group="resilience.previous")

    def _got_previous(self, previous: Session | None) -> None:
        self.previous = previous
        self._show_results()

    def action_show_tab(self, tab: str) -> None:
        tabs = self.query_one(TabbedContent)
        from_rating = tabs.active == "rate" and not self.remote
        tabs.active = tab
        if tab == "notes":
            self._open_notes(follow_the_rating=from_rating)
        elif tab == "rate" and not self.remote:
            self.query_one(RatingList).focus()

    # -- rating --

    def _rater(self) -> str | None:
        value = self.query_one("#rater", Select).value
        return None if value == ROOM else str(value)

    def _fill_indicators(self) -> None:
        bank = self.bank
        rater = self._rater()
        listing = self.query_one(RatingList)
        highlighted = listing.highlighted
        listing.fill(bank, self.session.resilience, rater)
        listing.highlighted = highlighted if highlighted is not None else 1
        done = sum(1 for i in bank.indicators if rating_of(self.session.resilience, i.id, rater) is not None)
        who = "the room" if rater is None else next((n for n, key in rater_choices(self.session) if key == rater), "?")
        progress = Text.assemble((f"{done} of {len(bank.indicators)}", "bold"), " rated for ")
        progress.append(who)
        self.query_one("#progress", Static).update(progress)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "rater":
            self._fill_indicators()
        elif event.select.id == "note-indicator":
            self._load_note()

    def on_rating_list_rated(self, event: RatingList.Rated) -> None:
        self._rate(event.indicator, event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id and event.button.id.startswith("score-"):
            option = self.query_one(RatingList).highlighted_option
            if option is None or option.id is None:
                self.notify("Click an indicator first, then its score.", severity="warning")
                return
            self._rate(option.id, int(event.button.id[6:]))

    def _rate(self, indicator: str, value: int) -> None:
        self.change("the rating", changes.rate(indicator, self._rater(), value))
        self._fill_indicators()
        self._show_results()

    # -- results --

    def _show_results(self) -> None:
        view = resilience_view(self.session, self.bank, self.previous)
        if not view.shown:
            self.query_one("#results-table", Static).update(Text(
                "Results are hidden until you reveal this round (Ctrl+R), so nobody is swayed by "
                "others' answers.", style="bold"))
            self.query_one("#disagreements", Static).update("")
            return
        self.query_one("#results-table", Static).update(results_table(view))
        self.query_one("#disagreements", Static).update(splits_text(view))

    # -- notes --

    def _open_notes(self, follow_the_rating: bool) -> None:
        """F7 from the ratings opens the note of the indicator being rated, with the keys in
        its first box: words typed at once are that note's (they went to the dropdown, and
        the note shown was the first indicator's, whichever was being rated)."""
        if follow_the_rating:
            option = self.query_one(RatingList).highlighted_option
            if option is not None and option.id is not None and option.id != self._note_indicator():
                select = self.query_one("#note-indicator", Select)
                with select.prevent(Select.Changed):
                    select.value = option.id
                self._load_note()
        if self.masked(self._note_indicator()):
            self.call_after_refresh(self.query_one("#note-indicator").focus)
            return
        area = self.query_one("#note-working_well", TextArea)
        area.move_cursor(area.document.end)  # words typed go on from what is written, not before it
        self.call_after_refresh(area.focus)

    def _note_indicator(self) -> str:
        return str(self.query_one("#note-indicator", Select).value)

    def masked(self, indicator: str) -> bool:
        """On an away-day's projector a private note stays hidden until its author shows it."""
        note = self.session.resilience.notes.get(indicator)
        return (self.session.mode == "away-day" and note is not None and note.private
                and indicator not in self._shown_private)

    def action_show_private(self) -> None:
        indicator = self._note_indicator()
        self.flush()
        if indicator in self._shown_private:
            self._shown_private.discard(indicator)
        elif self.session.resilience.notes.get(indicator, IndicatorNotes()).private:
            self._shown_private.add(indicator)
        self._load_note()

    def _load_note(self) -> None:
        indicator = self._note_indicator()
        hide = self.masked(indicator)
        self.query_one("#note-fields").display = not hide
        self.query_one("#note-masked").display = hide
        if hide:
            self.query_one("#note-masked", Static).update(
                "This note is private, so it is hidden on screen. Its author can show it with Ctrl+U "
                "(and hide it again the same way). It never appears in the summary or any export.")
        note = self.session.resilience.notes.get(indicator, IndicatorNotes())
        for field in ("working_well", "worries", "addressing"):
            area = self.query_one(f"#note-{field}", TextArea)
            with area.prevent(TextArea.Changed):
                area.text = getattr(note, field)
        with self.query_one("#note-private", Checkbox).prevent(Checkbox.Changed):
            self.query_one("#note-private", Checkbox).value = note.private

    def _save_note(self, indicator: str, field: str, value) -> None:
        if isinstance(value, str) and len(value) > TEXT_MAX:
            self.notify(f"That note is too long to save ({len(value)} characters; at most {TEXT_MAX}). "
                        "Shorten it; nothing is lost from the screen.", severity="error", timeout=10)
            return

        self.change("the note", changes.set_note(indicator, field, value))

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        area = event.text_area
        if area.id and area.id.startswith("note-"):
            indicator, field, value = self._note_indicator(), area.id[5:], area.text
            self.later(f"{indicator}:{field}", lambda: self._save_note(indicator, field, value))

    def on_descendant_blur(self, event) -> None:
        area = event.widget
        if isinstance(area, TextArea) and area.id and area.id.startswith("note-"):
            indicator, field, value = self._note_indicator(), area.id[5:], area.text
            self.now(f"{indicator}:{field}", lambda: self._save_note(indicator, field, value))

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        if event.checkbox.id == "note-private":
            self._save_note(self._note_indicator(), "private", event.value)
