"""Start a session: team, title, how it is run, and who takes part."""

from __future__ import annotations

from typing import cast

from pydantic import ValidationError
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.suggester import SuggestFromList
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from smp_tui.widgets.footer import SteadyFooter
from smp_tui.logic.sessions import close_team
from smp_tui.logic.privacy import name_key
from smp_tui.models import NAME_MAX, Mode, Participant, Session, describe_errors, new_join_code
from smp_tui.widgets.fields import FormInput, InOrderTextArea, ListBesideBox, Tick
from smp_tui.widgets.text import literal
from smp_tui.screens.base import HelpfulDialog

MODE_CHOICES = [
    ("Away-day: together in a room, at a projector", "away-day"),
    ("Remote: each person in their own terminal", "remote"),
    ("Check-in: one manager alone, a few minutes", "check-in"),
]


class KnownTeams(ListBesideBox):
    """The teams run before, under the team box: reached with Down from the box, not with
    Tab, so Tab goes from the team straight on to the title (typing a title on this list
    put it into the team box)."""

    reached = False  # focus came by Down from the box (Tab passes the list by)

    def allow_focus(self) -> bool:
        return self.reached

    def _on_blur(self, event: events.Blur) -> None:
        self.reached = False


class TeamBox(FormInput):
    """The team box: Down goes to the teams run before, in the order of the keys."""

    async def _on_key(self, event: events.Key) -> None:
        known = self.screen.query(KnownTeams)
        if event.key == "down" and known and self.screen.focused is self:
            event.stop()
            event.prevent_default()
            known.first().reached = True
            self.screen.set_focus(known.first())


class NewSessionScreen(HelpfulDialog[Session | None]):
    AUTO_FOCUS = ""  # none: on_mount focuses the first field without scrolling the title away
    HELP_TITLE = "New session"
    HELP = (
        "Name the team and the session, say how it is run, and list who takes part, one "
        "name per line. A team you have run before can be picked from the list under the team "
        "box (Down, then Enter) or typed (→ completes it); its people from last time are "
        "proposed, and you can change them. A name that differs from a known team only in "
        "capitals or spaces asks which you meant, so a team's sessions stay together. In a "
        "remote session people add themselves when they join.\n"
        "Anonymous: no screen or export, yours included, ties a rating to a name. The smallest "
        "group (3 unless you change it) is how many people must have rated an indicator "
        "before its results show, so that one person's rating cannot be read off the "
        "results. Names differing only in capitals are one person.\n"
        "Ctrl+S or the Start button "
        "creates the session; Escape goes back without creating anything."
    )
    BINDINGS = [
        Binding("ctrl+s", "create", "Start session", id="new.create"),
        Binding("escape", "cancel", "Cancel", id="new.cancel"),
    ]

    def __init__(self, teams: dict[str, list[str]] | None = None) -> None:
        """`teams`: each known team and the people of its last session."""
        super().__init__()
        self.teams = teams or {}
        self.proposed = ""  # the people last filled in for a team, replaced if left as they are

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="new-session", classes="dialog", can_focus=False):
            yield Static("Start a new session", classes="dialog-title")
            yield Label("Team")
            yield TeamBox(placeholder="e.g. Northside children's team", id="team", max_length=NAME_MAX,
                          suggester=SuggestFromList(self.teams, case_sensitive=False), then="#title")
            if self.teams:
                yield Label("…or pick a team you have run before (Down, then Enter):")
                yield KnownTeams(*(Option(literal(team), id=f"team-{n}") for n, team in enumerate(self.teams)),
                                 box=lambda teams: teams.screen.query_one("#team", Input), id="known-teams")
            yield Label("Session title")
            yield FormInput(placeholder="e.g. Spring away-day", id="title", max_length=NAME_MAX)
            yield Label("How is it run?")
            yield Select(MODE_CHOICES, value="away-day", allow_blank=False, id="mode")
            # Both fit the dialog at 80 columns (a tick box's label and a Label never wrap).
            yield Tick("Anonymous: nobody, you included, sees who gave which rating", value=False, id="anonymous")
            yield Label("Smallest group: results hidden until this many have rated")
            yield FormInput("3", id="min-group", max_length=2, restrict=r"[0-9]*", select_on_focus=True)
            yield Label("Who takes part? One name per line (optional)")
            yield InOrderTextArea(id="participants", soft_wrap=False)
            yield Static("", id="new-errors", classes="errors", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Start session (Ctrl+S)", id="create", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.query_one("#team", Input).focus(scroll_visible=False)  # keep the title and label in view

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        team = list(self.teams)[event.option_index]
        self.query_one("#team", Input).value = team
        self.query_one("#title", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "team" and event.value in self.teams:
            self._propose(event.value)

    def _propose(self, team: str) -> None:
        """Fill in the team's people from last time, unless someone typed others."""
        people = self.query_one("#participants", TextArea)
        if people.text.strip() in ("", self.proposed.strip()):
            self.proposed = "\n".join(self.teams[team])
            people.text = self.proposed

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "mode":  # remote sessions are anonymous unless the facilitator says not
            self.query_one("#anonymous", Checkbox).value = event.value == "remote"

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create":
            self.action_create()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_create(self) -> None:
        team_box = self.query_one("#team", Input)
        meant = close_team(team_box.value, self.teams)
        if meant is None:
            self._create()
            return
        from smp_tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                had_people = bool(self.query_one("#participants", TextArea).text.strip())
                team_box.value = meant  # proposes its people if none were typed
                if not had_people:
                    self.query_one("#new-errors", Static).update(
                        f"Team set to {meant!r}; its people from last time are filled in. "
                        "Check them and press Ctrl+S to start.")
                    self.query_one("#participants", TextArea).focus()
                    return
            self._create()

        self.app.push_screen(ConfirmScreen(
            f"Did you mean the team {meant!r}? You typed {team_box.value!r}; a different name starts "
            "a new team, without its earlier actions and trend.",
            yes=f"Yes, use {meant!r}", no="No, a new team", danger=False), answered)

    def _create(self) -> None:
        names = [line.strip() for line in self.query_one("#participants", TextArea).text.splitlines()]
        # "Ann Smith" twice, or once as "ann smith": one person (two would split her ratings).
        first_spelling: dict[str, str] = {}
        for name in names:
            if name_key(name):
                first_spelling.setdefault(name_key(name), name)
        unique = list(first_spelling.values())
        mode = cast(Mode, self.query_one("#mode", Select).value)  # one of MODE_CHOICES: the list has no blank
        min_group = self.query_one("#min-group", Input).value.strip()
        if not min_group.isdigit() or not 1 <= int(min_group) <= 50:
            self._refuse(f"Please fix this first:\n- The smallest group must be a whole number from 1 to 50, "
                         f"not {min_group!r}.")
            return
        try:
            session = Session(
                team=self.query_one("#team", Input).value,
                title=self.query_one("#title", Input).value,
                mode=mode,
                participants=[Participant(name=name) for name in unique],
                anonymous=self.query_one("#anonymous", Checkbox).value,
                min_group=int(min_group),
                join_code=new_join_code() if mode == "remote" else None,
            )
        except ValidationError as error:
            self._refuse("Please fix this first:\n" + _friendly(error))
            return
        self.dismiss(session)

    def _refuse(self, text: str) -> None:
        """Say what to fix under the form and, as the form is taller than a small window, in
        a notice that is always in view."""
        errors = self.query_one("#new-errors", Static)
        errors.update(text)
        errors.scroll_visible(animate=False)
        self.notify(text, title="The session is not started yet", severity="warning", markup=False)


FIELD_NAMES = {"team": "Team", "title": "Session title", "name": "A participant's name", "mode": "Mode"}


def _friendly(error: ValidationError) -> str:
    lines = []
    for item in error.errors(include_url=False):
        field = FIELD_NAMES.get(str(item["loc"][-1]) if item["loc"] else "", "A field")
        if item["type"] == "string_too_short":
            lines.append(f"- {field} cannot be empty.")
        elif item["type"] == "string_too_long":
            lines.append(f"- {field} is too long (at most {item['ctx']['max_length']} characters).")
        else:
            lines.append(f"- {field}: {item['msg']}")
    return "\n".join(lines) or describe_errors(error)
