"""The participant's app: what `smp join` runs (over SSH, or served to a browser).

Confined by construction: it holds a ParticipantWorkspace and nothing else (no store, no
facilitator workspace), pushes only the participant's screens, offers in the command
palette only help, theme and quit, and refuses every other action — screenshots (which
would write files on the host), suspending, and any action it does not know."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from smp_tui.app import HIGH_CONTRAST, SafeTypingApp
from smp_tui.participant import ParticipantWorkspace

# Textual's own palette commands a participant may use; everything else is left out.
ALLOWED_SYSTEM_COMMANDS = {"Theme", "Quit", "Keys"}
# App-level actions a participant may trigger (by key, palette or link); all else refused.
ALLOWED_APP_ACTIONS = {
    "help", "quit", "toggle_contrast", "command_palette", "change_theme", "show_help_panel",
    "hide_help_panel", "focus_next", "focus_previous", "focus_in_turn", "bell", "help_quit", "dismiss",
}


class ParticipantApp(SafeTypingApp):
    CSS_PATH = "smp.tcss"
    TITLE = "smp"
    SUB_TITLE = "Joining a remote session"
    COMMANDS = App.COMMANDS  # Textual's system commands only, filtered by get_system_commands below
    BINDINGS = [
        Binding("f1", "help", "Help", id="participant.help"),
        # In F1's list of keys but not the footer: at 80 columns the footer has room for the
        # rating keys, the screen's own and Help (Esc Leave ends `smp join` as Quit does;
        # the help's last line names Ctrl+P, the palette, which has Contrast too).
        Binding("f2", "toggle_contrast", "Contrast", id="participant.contrast", show=False),
        Binding("ctrl+q", "quit", "Quit", id="participant.quit", priority=True, show=False),
    ]
    # how often the session's own file is checked (one stat) for others' saves: a reveal shows within it
    WATCH_SECONDS = 0.25

    def __init__(self, participant: ParticipantWorkspace, code: str = "", cursor_blink: bool = True) -> None:
        super().__init__()
        self.participant = participant
        self.code = code
        self.cursor_blink = cursor_blink
        self._signature: object = None
        self.clock = lambda: datetime.now(timezone.utc)  # tests pass a fake one

    def on_mount(self) -> None:
        from smp_tui.screens.participant import JoinScreen

        self.register_theme(HIGH_CONTRAST)
        self.set_interval(self.WATCH_SECONDS, self._watch)
        self.set_interval(self.COUNTDOWN_SECONDS, self.show_countdown)
        self.push_screen(JoinScreen(self.code))

    COUNTDOWN_SECONDS = 0.5

    def show_countdown(self) -> None:
        """The facilitator's agenda clock, worked out from the stored times (no bell here)."""
        from smp_tui.widgets.countdown import show_countdown

        if (screen := self.shown_screen) is not None:
            agenda = getattr(getattr(screen, "view", None), "agenda", None)
            show_countdown(screen, agenda, self.participant.countdown_warning_seconds, self.clock())

    def _watch(self) -> None:
        signature = self.participant.signature()
        if signature is not None and self._signature is not None and signature != self._signature:
            reload = getattr(self.shown_screen, "reload", None)
            if callable(reload):
                reload()
        self._signature = signature

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if not self.cursor_blink and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False

    # -- confinement --

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title in ALLOWED_SYSTEM_COMMANDS:
                yield command
        yield SystemCommand("Help for this screen", "What this screen is for and its keys", self.action_help)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action in ALLOWED_APP_ACTIONS

    async def run_action(self, action, default_namespace=None) -> bool:  # type: ignore[override]
        """Actions named in text (e.g. a link) run only if they are a participant's."""
        name = action if isinstance(action, str) else ""
        target = name.split(".", 1)[0] if "." in name else ""
        bare = name.split(".", 1)[-1].split("(", 1)[0]
        if target == "app" and bare not in ALLOWED_APP_ACTIONS:
            return False
        return await super().run_action(action, default_namespace)

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        self.bell()  # a participant writes no file on the host

    def deliver_screenshot(self, *args, **kwargs) -> None:
        self.bell()

    def save_screenshot(self, *args, **kwargs) -> str:
        raise PermissionError("a participant cannot save files on the host")

    def action_suspend_process(self) -> None:
        self.bell()

    # -- the participant's own actions --

    def action_help(self) -> None:
        from smp_tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen))

    def action_toggle_contrast(self) -> None:
        self.theme = "textual-dark" if self.theme == HIGH_CONTRAST.name else HIGH_CONTRAST.name
