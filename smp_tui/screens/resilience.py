"""Resilience: each person (or the room) rates the thirteen indicators; the results show
where the team agrees, where it does not, and what moved since last time."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import (
    Button,
    Checkbox,
    Footer,
    Header,
    Label,
    OptionList,
    Select,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)
from textual.widgets.option_list import Option

from smp_tui.banks import SCORES, ResilienceBank
from smp_tui.logic.resilience import Profile, clear_rating, profile, rating_of, set_rating, trend
from smp_tui.models import TEXT_MAX, IndicatorNotes, Session, show_join_code
from smp_tui.report import bar, hidden
from smp_tui.screens.exercise import ExerciseScreen
from smp_tui.widgets.text import labelled, literal

ROOM = "room"
DONT_KNOW = 0
CLEAR = -1


class RatingList(OptionList):
    """The indicators, grouped by attribute. A digit rates the highlighted one and moves on."""

    BINDINGS = [
        *(Binding(str(n), f"rate({n})", "Rate 1-5" if n == 1 else "", show=n == 1, id=f"rate.{n}") for n in SCORES),
        Binding("0,question_mark", f"rate({DONT_KNOW})", "Don't know", id="rate.dont_know"),
        Binding("backspace", f"rate({CLEAR})", "Clear", id="rate.clear"),
    ]

    class Rated(Message):
        def __init__(self, indicator: str, value: int) -> None:
            super().__init__()
            self.indicator = indicator
            self.value = value

    def fill(self, bank: ResilienceBank, result, rater: str | None) -> None:
        """One line per indicator, under its attribute, with `rater`'s rating."""
        self.clear_options()
        for attribute in bank.attributes:
            self.add_option(Option(Text(attribute.name, style="bold underline"), disabled=True))
            for indicator in bank.indicators:
                if indicator.attribute != attribute.id:
                    continue
                rating = rating_of(result, indicator.id, rater)
                if rating is None:
                    mark = Text("  ·  not rated", style="dim")
                elif rating.score is None:
                    mark = Text(f"  ?  {bank.scale.dont_know}")
                else:
                    mark = Text(f"  {rating.score}  {bank.scale.labels[rating.score]}", style="bold")
                self.add_option(Option(Text.assemble(f"{indicator.name:<26}", mark), id=indicator.id))

    def action_rate(self, value: int) -> None:
        option = self.highlighted_option
        if option is None or option.id is None:
            return
        self.post_message(self.Rated(option.id, value))
        self.action_cursor_down()


class RatingPanel(Vertical):
    """The indicators to rate, and what weak and strong look like for the highlighted one."""

    def compose(self) -> ComposeResult:
        yield RatingList(id="indicators")
        yield Static("", id="anchors", classes="guidance")

    def on_option_list_option_highlighted(self) -> None:
        self.show_anchors()

    def show_anchors(self) -> None:
        text = anchors_text(self.app.banks.resilience, self.query_one(RatingList))
        if text is not None:
            self.query_one("#anchors", Static).update(text)


class ResilienceScreen(ExerciseScreen):
    EXERCISE = "resilience"
    HELP_TITLE = "Resilience"
    HELP = (
        "Rate: choose whose ratings you are recording (a person, or one agreed rating for the "
        "room). Move through the thirteen indicators with the arrow keys and press 1 to 5 to "
        "rate each one (0 or ? for don't know, Backspace to clear); the cursor moves on by "
        "itself. The words for weak and strong are shown for the highlighted indicator. With "
        "the mouse, click an indicator, then a score button.\n"
        "Results: the mean, the range and how many gave each score, per indicator and per "
        "attribute, and the change since the team's last session. Indicators where people "
        "disagree most are listed first for discussion.\n"
        "Notes: what is working well, what worries you and what you are doing about it, for "
        "any indicator. A note marked private never appears in the summary or any export. "
        "Ctrl+N makes an action from the text you are in."
    )
    BINDINGS = [
        Binding("ctrl+r", "reveal", "Reveal", id="resilience.reveal"),
        Binding("f5", "show_tab('rate')", "Rate", id="resilience.rate", show=False),
        Binding("f6", "show_tab('results')", "Results", id="resilience.results", show=False),
        Binding("f7", "show_tab('notes')", "Notes", id="resilience.notes", show=False),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.previous: Session | None = None
        self.remote = session.mode == "remote"  # participants rate in their own terminals
        self.watched_team = session.team

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reveal":
            return self.remote
        return True

    @property
    def bank(self) -> ResilienceBank:
        return self.app.banks.resilience

    def compose(self) -> ComposeResult:
        bank = self.bank
        raters = [(literal(p.name), p.id) for p in self.session.participants] + [(literal("The room: one agreed rating"), ROOM)]
        yield Header()
        with TabbedContent(initial="rate"):
            with TabPane("Answers (F5)" if self.remote else "Rate (F5)", id="rate"), VerticalScroll():
                yield Static(bank.meta.intro, classes="intro", markup=False)
                yield Static("", id="answered", classes="verdict")
                with Horizontal(classes="rater-row"):
                    yield Label("Ratings of: ", classes="rater-label")
                    yield Select(raters, value=raters[0][1], allow_blank=False, id="rater")
                yield Static("", id="progress")
                yield RatingPanel()
                with Horizontal(classes="score-buttons"):
                    for score in SCORES:
                        yield Button(literal(f"{score} {bank.scale.labels[score]}"), id=f"score-{score}", compact=True)
                    yield Button(literal(f"? {bank.scale.dont_know}"), id="score-0", compact=True)
            with TabPane("Results (F6)", id="results"), VerticalScroll():
                yield Static("", id="results-table")
                yield Static("", id="disagreements", classes="verdict")
            with TabPane("Notes (F7)", id="notes"), VerticalScroll():
                yield Select([(literal(i.name), i.id) for i in bank.indicators], value=bank.indicators[0].id,
                             allow_blank=False, id="note-indicator")
                for field, prompt in (("working_well", bank.prompts.working_well),
                                      ("worries", bank.prompts.worries), ("addressing", bank.prompts.addressing)):
                    yield Label(literal(prompt))
                    yield TextArea(id=f"note-{field}", classes="note")
                yield Checkbox("Private: keep this note out of the summary and every export", id="note-private")
        yield Footer()

    def on_mount(self) -> None:
        self._fill_indicators()
        self.query_one(RatingPanel).show_anchors()
        self._show_results()
        self._load_note()
        self._show_answered()
        for selector in (".rater-row", "#progress", "#indicators", "#anchors", ".score-buttons"):
            self.query_one(selector).display = not self.remote
        if not self.remote:
            self.query_one(RatingList).focus()
        self.load_previous()

    # -- remote: who has answered, and the reveal --

    def _show_answered(self) -> None:
        panel = self.query_one("#answered", Static)
        panel.display = self.remote
        if not self.remote:
            return
        bank = self.bank
        code = show_join_code(self.session.join_code) if self.session.join_code else "(none)"
        text = labelled(("Join code: ", "bold"), (code, "bold reverse"),
                        f"   participants run: smp join {code}\n\n", ("Who has answered", "bold"),
                        " (not what: ratings stay private until you reveal them)\n")
        for person in self.session.participants:
            done = sum(1 for i in bank.indicators if rating_of(self.session.resilience, i.id, person.id))
            mark = "✔" if done == len(bank.indicators) else ("…" if done else "·")
            text.append(f" {mark} ")
            text.append_text(literal(person.name))
            text.append(f": {done} of {len(bank.indicators)}\n")
        if not self.session.participants:
            text.append(" Nobody has joined yet.\n", style="dim")
        state = "revealed to everyone" if self.session.resilience.revealed else "hidden"
        text.append(f"\nResults are {state}. Ctrl+R {'hides' if self.session.resilience.revealed else 'reveals'} them.",
                    style="bold")
        panel.update(text)

    def action_reveal(self) -> None:
        reveal = not self.session.resilience.revealed
        self.change("the reveal", lambda s: setattr(s.resilience, "revealed", reveal))
        self.notify("Results revealed to everyone." if reveal else "Results hidden again.")
        self._show_answered()
        self._show_results()

    def reloaded(self) -> None:
        self._fill_indicators()
        self._show_answered()
        self._show_results()

    @work(thread=True, exclusive=True, group="resilience.previous")
    def load_previous(self) -> None:
        from smp_tui.store import StoreError

        try:
            previous = self.app.store.previous(self.session)
        except StoreError:
            return  # the trend is left out; the home screen reports the fault
        self.app.call_from_thread(self._got_previous, previous)

    def _got_previous(self, previous: Session | None) -> None:
        self.previous = previous
        self._show_results()

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

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
        who = "the room" if rater is None else next((p.name for p in self.session.participants if p.id == rater), "?")
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
        self.change("the rating", rating_change(indicator, self._rater(), value))
        self._fill_indicators()
        self._show_results()

    # -- results --

    def _show_results(self) -> None:
        bank = self.bank
        if self.remote and not self.session.resilience.revealed:
            self.query_one("#results-table", Static).update(Text(
                "Results are hidden until you reveal them (Ctrl+R), so nobody is swayed by others' answers.",
                style="bold"))
            self.query_one("#disagreements", Static).update("")
            return
        now = profile(self.session.resilience, bank)
        before = profile(self.previous.resilience, bank) if self.previous is not None else None
        self.query_one("#results-table", Static).update(results_table(self.session, bank, now, before))
        self.query_one("#disagreements", Static).update(disagreements_text(self.session, bank, now))

    # -- notes --

    def _note_indicator(self) -> str:
        return str(self.query_one("#note-indicator", Select).value)

    def _load_note(self) -> None:
        note = self.session.resilience.notes.get(self._note_indicator(), IndicatorNotes())
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

        def apply(session: Session) -> None:
            note = session.resilience.notes.get(indicator, IndicatorNotes()).model_copy()
            setattr(note, field, value)
            session.resilience.notes[indicator] = note

        self.change("the note", apply)

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


def results_table(session: Session, bank: ResilienceBank, now: Profile, before: Profile | None) -> Table:
    """Per indicator and attribute: mean, range, distribution, counts, trend. In anonymous
    sessions an indicator rated by fewer than the session's minimum is hidden."""
    threshold = bank.scale.trend_threshold
    table = Table(expand=True, title="Results: 1 Weak … 5 Strong", title_justify="left")
    table.add_column("Indicator", ratio=3)
    table.add_column("Mean", justify="right")
    table.add_column("Range", justify="center")
    table.add_column("1·2·3·4·5", justify="center")
    table.add_column("Rated", justify="right")
    table.add_column("?", justify="right")
    table.add_column("Trend" if before else "Trend (no earlier session)", justify="center")
    arrows = {"up": "▲", "down": "▼", "same": "=", "new": "–"}

    def row(name: str, summary, previous, style: str = "") -> None:
        if hidden(session, summary):
            table.add_row(Text(name, style=style), Text("hidden", style="dim"),
                          "", "", str(summary.rated), str(summary.dont_know), "", style=style)
            table.caption = f"hidden: fewer than {session.min_group} people rated it (anonymous session)"
            return
        direction = trend(summary, previous, threshold)
        change = "" if direction.change is None else f" {direction.change:+.1f}"
        table.add_row(
            Text(name, style=style),
            "–" if summary.mean is None else f"{summary.mean:.1f}",
            "–" if summary.low is None else f"{summary.low}–{summary.high}",
            bar(summary), str(summary.rated), str(summary.dont_know),
            arrows[direction.direction] + change, style=style,
        )

    for attribute in bank.attributes:
        row(attribute.name, now.attributes[attribute.id], before.attributes[attribute.id] if before else None, "bold")
        for indicator in bank.indicators:
            if indicator.attribute == attribute.id:
                row(f"  {indicator.name}", now.indicators[indicator.id],
                    before.indicators[indicator.id] if before else None)
    row("Whole profile", now.overall, before.overall if before else None, "bold reverse")
    return table


def disagreements_text(session: Session, bank: ResilienceBank, now: Profile) -> Text:
    """The indicators people see most differently, widest spread first: discuss these first."""
    flagged = [i for i in now.disagreements(bank) if not hidden(session, now.indicators[i])]
    text = Text()
    if flagged:
        text.append("Discuss these first: people see them differently\n", style="bold")
        for indicator_id in flagged:
            summary = now.indicators[indicator_id]
            text.append(f" • {bank.indicator(indicator_id).name}: from {summary.low} to {summary.high} "
                        f"({summary.rated} ratings)\n")
    elif now.overall.rated:
        text.append("No big disagreements: ratings of each indicator are within "
                    f"{bank.scale.disagreement_spread - 1} point(s) of each other.")
    else:
        text.append("No ratings yet.", style="dim")
    return text


def anchors_text(bank: ResilienceBank, listing: RatingList) -> Text | None:
    """What weak and strong look like for the highlighted indicator."""
    option = listing.highlighted_option
    if option is None or option.id is None:
        return None
    indicator = bank.indicator(option.id)
    return Text.assemble((indicator.name, "bold"), f": {indicator.text}\n",
                         ("Weak (1): ", "bold"), indicator.weak, "\n", ("Strong (5): ", "bold"), indicator.strong)


def rating_change(indicator: str, rater: str | None, value: int):
    """The change a key on the rating list asks for: a score, don't know, or clear."""
    if value == CLEAR:
        return lambda session: clear_rating(session.resilience, indicator, rater)
    score = None if value == DONT_KNOW else value
    return lambda session: set_rating(session.resilience, indicator, rater, score)
