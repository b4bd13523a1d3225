"""The personal check-in: one manager, a few minutes, the thirteen indicators with single
keys and one line; then their own trend over earlier check-ins."""

from __future__ import annotations

from collections.abc import Callable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from smp_tui.widgets.footer import SteadyFooter
from smp_tui.logic.resilience import history, sparkline
from smp_tui.logic.workbook import new_checkin, personal_team  # noqa: F401 (new_checkin: for callers)
from smp_tui.models import LINE_MAX, Session
from smp_tui.screens.exercise import ExerciseScreen
from smp_tui.logic import changes
from smp_tui.logic.privacy import same_name
from smp_tui.screens.base import HelpfulDialog, SmpScreen
from smp_tui.screens.confirm import ChoiceScreen, ConfirmScreen
from smp_tui.widgets.rating import RatingList, RatingPanel
from smp_tui.store import Survey
from smp_tui.widgets.text import labelled, literal
from smp_tui.widgets.fields import InOrderInput
from smp_tui.workspace import EarlierActions, TeamSessions
from smp_tui.logic.summary import counted


checkin_team = personal_team  # check-ins and the personal workbook live together


class CheckinScreen(ExerciseScreen):
    EXERCISE = "resilience"
    HELP_TITLE = "Check-in"
    HELP = (
        "Rate each indicator for your team as you see it today: 1 to 5 (0 or ? for don't "
        "know); the cursor moves on by itself. Add one line if you like, then Ctrl+S to "
        "finish and see how your ratings have moved since earlier check-ins. Your check-ins "
        "stay in your own store."
    )
    BINDINGS = [
        # The check-in is the first screen: leaving it means finishing it, never a blank screen.
        Binding("escape", "finish", "Finish", id="checkin.leave"),
        Binding("ctrl+s", "finish", "Finish", id="checkin.finish", show=False),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.person = session.participants[0].id
        self.stored = False  # stored on the first answer: one opened and left empty leaves nothing behind

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static("Check-in: rate your team today. 1-5 per line, then Ctrl+S.", classes="intro")
            yield RatingPanel(self.banks.resilience)
            yield InOrderInput(placeholder="One line about today (optional; Enter or Ctrl+S to finish)", id="line",
                        max_length=LINE_MAX)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self._fill()
        self.query_one(RatingList).focus()
        # The person's own open actions (from their improvement plans) come up first.
        self.fetch(lambda workspace: workspace.earlier_open_actions(self.session), self._review,
                   group="checkin.review")

    def _review(self, earlier: EarlierActions) -> None:
        self.show_unread(earlier, "is not in this review")
        pending = earlier.pending
        if not pending:
            return
        from smp_tui.screens.review import ReviewScreen

        if not self.stored:  # the review's decisions are kept in this check-in
            self.stored = True
            self.workspace.create(self.session, "the check-in")

        def reviewed(session: Session | None) -> None:
            if session is not None:
                self.session = session

        self.app.push_screen(ReviewScreen(self.session, pending), reviewed)

    def _fill(self) -> None:
        listing = self.query_one(RatingList)
        highlighted = listing.highlighted
        listing.fill(self.banks.resilience, self.session.resilience, self.person)
        listing.highlighted = highlighted if highlighted is not None else 1
        self.query_one(RatingPanel).show_anchors()

    def change(self, what, change) -> bool:
        if not self.stored and change(self.session) != self.session:
            self.stored = True
            self.workspace.create(self.session, "the check-in")  # queued before the change itself
        return super().change(what, change)

    def on_rating_list_rated(self, event: RatingList.Rated) -> None:
        self.change("the rating", changes.rate(event.indicator, self.person, event.value))
        self._fill()
        if event.indicator == self.banks.resilience.indicators[-1].id:
            self.query_one("#line", Input).focus()

    def on_input_submitted(self) -> None:
        self.action_finish()

    def action_finish(self) -> None:
        line = self.query_one("#line", Input).value
        if line.strip() != self.session.note:
            self.change("your line", changes.set_check_in_line(line))
        self.app.switch_screen(TrendScreen(self.session, saved=self.stored))


class TrendScreen(SmpScreen[None]):
    HELP_TITLE = "Your trend"
    HELP = (
        "Your ratings over your check-ins, oldest on the left, and what moved since last time. "
        "Check-ins are private to you; s shares this one's ratings into a team session, as "
        "your ratings there. q quits."
    )
    BINDINGS = [
        Binding("s", "share", "Share into a team session", id="trend.share"),
        Binding("q,escape", "leave", "Done", id="trend.quit")  # back to My workbook, or the end of smp checkin,
    ]

    def __init__(self, session: Session, saved: bool = True) -> None:
        super().__init__()
        self.session = session
        self.saved = saved  # False: nothing was answered, so this check-in was not kept

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            heading = ("Saved. Your trend over your check-ins:" if self.saved
                       else "Nothing answered, so nothing was saved. Your trend over earlier check-ins:")
            yield Static(heading, classes="section-title", id="heading")
            yield Static("Loading…", id="trend")
            yield Static("", id="moved", classes="verdict")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.load()

    def action_leave(self) -> None:
        if len(self.app.screen_stack) > 2:  # opened from My workbook: back to it
            self.app.pop_screen()
        else:
            self.app.exit()

    def load(self) -> None:
        self.fetch(lambda workspace: workspace.sessions(self.session.team), self._show,
                   lambda fault: self.query_one("#trend", Static).update(literal(str(fault))), group="trend.load")

    def _show(self, found: TeamSessions) -> None:
        self.show_unread(found, "is not in the trend")
        sessions = [s for s in found.sessions if s.workbook.tool is None]  # check-ins, not workbook tools
        bank = self.banks.resilience
        series = history(sessions, bank)
        table = Table(expand=True, show_edge=False)
        table.add_column("Indicator", ratio=3)
        table.add_column(counted(len(sessions), "check-in"), ratio=2)
        table.add_column("Now", justify="right")
        table.add_column("Before", justify="right")
        moved = Text()
        for attribute in bank.attributes:
            table.add_row(*self._row(attribute.name, series[attribute.id]), style="bold")
            for indicator in bank.indicators:
                if indicator.attribute == attribute.id:
                    values = series[indicator.id]
                    table.add_row(*self._row(f"  {indicator.name}", values))
                    if len(values) > 1 and values[-1] is not None and values[-2] is not None:
                        change = values[-1] - values[-2]
                        if change:
                            moved.append(f" {'▲' if change > 0 else '▼'} {indicator.name} {change:+.0f}\n")
        self.query_one("#trend", Static).update(table)
        if not self.saved:
            moved = Text("" if sessions else "You have no check-ins yet: rate at least one indicator to keep one.")
        elif len(sessions) < 2:
            moved = Text("This is your first check-in: next time you will see what moved.")
        elif not moved:
            moved = Text("Nothing moved since your last check-in.")
        else:
            moved = Text("Since last time:\n", style="bold") + moved
        self.query_one("#moved", Static).update(moved)

    @staticmethod
    def _row(name: str, values: list[float | None]) -> tuple[Text, str, str, str]:
        now = values[-1] if values else None
        before = values[-2] if len(values) > 1 else None
        return (literal(name), sparkline(values[-20:]), "–" if now is None else f"{now:.1f}",
                "–" if before is None else f"{before:.1f}")

    def action_share(self) -> None:
        if not self.saved:
            self.notify("Nothing to share: this check-in has no answers.", severity="warning")
            return
        self.fetch(lambda workspace: workspace.survey(), self._choose_target, group="trend.share")

    def _choose_target(self, survey: Survey) -> None:
        teams = [s for s in survey.sessions if s.mode != "check-in"]
        targets = [s for s in teams if not s.anonymous]  # a rating there must carry no name
        if not targets:
            self.notify("There is no team session in this store to share into" + (
                " (a check-in cannot go into an anonymous one: its ratings would carry your name)."
                if teams else "."), severity="warning")
            return

        def chosen(target: Session | None) -> None:
            if target is not None:
                ShareAsDialog.ask(self, target, self.session.participants[0].name,
                                  lambda person_id, name: checked(target, person_id, name))

        def checked(target: Session, person_id: str | None, name: str) -> None:
            """Ratings shared as someone who has rated replace theirs: only once asked."""
            theirs = {r.indicator for r in target.resilience.ratings if person_id and r.participant == person_id}
            mine = {r.indicator for r in self.session.resilience.ratings}
            if not theirs & mine:
                shared(target, person_id, name)
                return
            question = (f"{name} has already rated {counted(len(theirs), 'indicator')} in {target.title!r}. "
                        f"Your check-in's ratings replace theirs on {counted(len(theirs & mine), 'indicator')} "
                        "(any others of theirs stay). Share?")
            self.app.push_screen(ConfirmScreen(question, yes="Yes, replace them", no="No, share nothing"),
                                 lambda yes: shared(target, person_id, name) if yes else None)

        def shared(target: Session, person_id: str | None, name: str) -> None:
            change = changes.share_check_in(self.session, name, person_id)
            self.workspace.update(target, change, f"sharing into {target.title!r}")
            self.notify(f"Your ratings are now in {target.title!r} ({target.team}), as {name}'s.", markup=False)

        self.app.push_screen(ShareDialog(targets, "Share your ratings into which session?"), chosen)


class ShareDialog(HelpfulDialog[Session | None]):
    HELP_TITLE = "Share into a team session"
    HELP = "Choose the team session that should receive what you share, then Enter. Escape shares nothing."
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="share.cancel")]

    def __init__(self, targets: list[Session], prompt: str) -> None:
        super().__init__()
        self.targets = targets
        self.prompt = prompt

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(self.prompt, classes="dialog-title", markup=False)
            yield OptionList(*(Option(labelled((s.title, "bold"), " · ", s.team), id=s.id) for s in self.targets),
                             id="targets")
        yield SteadyFooter()

    def on_mount(self) -> None:
        targets = self.query_one("#targets", OptionList)
        targets.highlighted = 0
        targets.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(next(s for s in self.targets if s.id == event.option.id))


class ShareAsDialog(ChoiceScreen):
    """Which of the chosen session's people is sharing. Their login name is often none of
    the names the team typed ("jsmith" for "Jo Smith"): shared under it, their ratings
    counted as a second person's beside their own."""

    HELP_TITLE = "Share as which person"
    HELP = (
        "The session lists its people by the names the team gave them, which may not be your "
        "login name. Choose yourself, so that what you share counts as yours and not as "
        "another person's; if you are not on the list, the last line shares under your login "
        "name (ratings shared that way add you to the session's people). Escape shares nothing."
    )

    @classmethod
    def ask(cls, screen: Screen, target: Session, login: str, share: Callable[[str | None, str], None]) -> None:
        """Ask which of `target`'s people is sharing (if it lists anyone), then
        share(their id, their name); share(None, login) for someone not on the list."""
        if not target.participants:
            share(None, login)
            return
        people = {p.id: p.name for p in target.participants}
        matching = next((n for n, name in enumerate(people.values()) if same_name(name, login)), None)
        choices: list[tuple[str | Text, str]] = [(name, person_id) for person_id, name in people.items()]
        if matching is None:
            choices.append((Text.assemble("Not on the list: share as ", literal(login, "bold")), ""))

        def chosen(person_id: str | None) -> None:
            if person_id is not None:
                share(person_id or None, people.get(person_id, login))

        screen.app.push_screen(cls(
            Text.assemble("Which person of ", literal(target.title, "bold"), " are you?"), choices,
            highlighted=matching or 0), chosen)
