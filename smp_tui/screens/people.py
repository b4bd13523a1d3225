"""Who takes part in a session met in a room, after it has started: add someone who
arrives late, put a misspelt name right, take out someone added by mistake."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from smp_tui.logic import changes
from smp_tui.logic.changes import Change
from smp_tui.messages import SessionSaved
from smp_tui.models import NAME_MAX, Participant, Session
from smp_tui.screens.base import HelpfulDialog
from smp_tui.widgets.fields import FormInput, ListBesideBox
from smp_tui.widgets.footer import SteadyFooter
from smp_tui.widgets.text import literal

ADD_PROMPT = "Add a person: type their name, Enter"


class NameBox(FormInput):
    """Enter adds the name typed (or saves the name put right); Up goes to the list."""

    BINDINGS = [Binding("up", "to_list", "To the list", id="people.to_list", show=False)]

    def action_to_list(self) -> None:
        self.screen.set_focus(self.screen.query_one("#people"))

    def entered(self) -> None:
        screen = self.screen
        assert isinstance(screen, PeopleScreen)
        screen.name_entered(self.value)


class PeopleScreen(HelpfulDialog[None]):
    HELP_TITLE = "People"
    HELP = (
        "The people taking part in this session: their ratings and answers are kept under "
        "them. Type a name in the box and press Enter to add someone who arrives late. On "
        "the list, Enter puts the highlighted name in the box to put it right (Enter saves "
        "it; Escape leaves it as it was); their ratings and answers stay theirs. Delete "
        "takes the highlighted person out, with their ratings and answers, after asking (not "
        "in an anonymous session, where ratings cannot be told apart). The actions a person "
        "owns follow a new name. Two names that differ only in capitals, spacing or "
        "invisible characters are one person. Escape closes."
    )
    BINDINGS = [
        Binding("escape", "close", "Done", id="people.close"),
        Binding("delete", "remove", "Remove", id="people.remove"),
    ]

    def __init__(self, session: Session, apply: Callable[[Change, str], Session]) -> None:
        """`apply` makes a change (saved by the screen that opened this) and returns the session as changed."""
        super().__init__()
        self.session = session
        self.apply = apply
        self.renaming: Participant | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="people-dialog"):
            yield Static(Text.assemble("People of ", literal(self.session.title, "bold")), classes="dialog-title")
            yield ListBesideBox(id="people", box=lambda _: self.query_one("#new-person", Input))
            yield NameBox(placeholder=ADD_PROMPT, id="new-person", max_length=NAME_MAX)
            yield Static("", id="people-status")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self._show()
        self.query_one("#new-person").focus()
        self._say("Up goes to the list: Enter there puts a name right, Delete takes the person out.")

    def _show(self, highlight: int | None = None) -> None:
        people = self.query_one("#people", OptionList)
        previous = people.highlighted
        people.clear_options()
        people.add_options([Option(literal(p.name), id=p.id) for p in self.session.participants])
        people.display = bool(self.session.participants)
        if self.session.participants:
            chosen = highlight if highlight is not None else previous or 0
            people.highlighted = max(0, min(chosen, people.option_count - 1))

    def _say(self, text: str, warning: bool = False) -> None:
        self.query_one("#people-status", Static).update(literal(text, "bold" if warning else ""))  # names in it

    def name_entered(self, typed: str) -> None:
        box = self.query_one("#new-person", Input)
        renaming = self.renaming
        fault = changes.name_fault(self.session, typed, renaming.id if renaming else None)
        if fault:
            self._say(fault, warning=True)
            return
        name = Participant(name=typed).name
        if renaming is not None:
            self._stop_renaming()
            if not any(p.id == renaming.id for p in self.session.participants):
                self._say(f"{renaming.name} is no longer in the session: nothing was renamed.", warning=True)
            elif name == renaming.name:
                self._say("The name is left as it was.")
            else:
                self.session = self.apply(changes.rename_participant(renaming.id, name),
                                          f"the name of {renaming.name!r}")
                self._say(f"{renaming.name} is now {name}.")
        else:
            self.session = self.apply(changes.add_participant(Participant(name=name)), f"adding {name!r}")
            self._say(f"{name} has joined the session.")
            box.value = ""
        self._show(highlight=len(self.session.participants) - 1 if renaming is None else None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        person = next((p for p in self.session.participants if p.id == event.option.id), None)
        if person is None:
            return
        self.renaming = person
        box = self.query_one("#new-person", Input)
        box.placeholder = f"New name for {person.name}: Enter saves, Escape leaves it"
        box.value = person.name
        box.focus()
        self._say(f"Put {person.name}'s name right, then Enter (Escape: leave it as it is).")

    def _stop_renaming(self) -> None:
        self.renaming = None
        box = self.query_one("#new-person", Input)
        box.placeholder = ADD_PROMPT
        box.value = ""

    def action_close(self) -> None:
        if self.renaming is not None:
            self._stop_renaming()
            self._say("The name is left as it was.")
            return
        self.dismiss(None)

    def action_remove(self) -> None:
        from smp_tui.screens.confirm import ConfirmScreen

        people = self.query_one("#people", OptionList)
        if not people.has_focus or people.highlighted is None or not self.session.participants:
            return
        if self.session.anonymous:  # ratings are by rater, not by name: nothing of theirs can be found
            self._say("In an anonymous session nobody can be taken out: their ratings cannot be told apart "
                      "from the others'. Put the name right instead if it is wrong.", warning=True)
            return
        person = self.session.participants[people.highlighted]
        index = people.highlighted

        def answered(yes: bool | None) -> None:
            if yes:
                if self.renaming is not None and self.renaming.id == person.id:
                    self._stop_renaming()
                self.session = self.apply(changes.remove_participant(person.id), f"removing {person.name!r}")
                self._say(f"{person.name} is out of the session, with their ratings and answers.")
                self._show(highlight=index)

        self.app.push_screen(ConfirmScreen(
            f"Take {person.name} out of this session? Their ratings and answers go with them.",
            yes="Yes, take them out", no="No, keep them"), answered)

    def on_session_saved(self, message: SessionSaved) -> None:
        """The session as stored: with what another process changed meanwhile."""
        if message.session.id == self.session.id:
            self.session = message.session
            self._show()
