"""Command palette entries for the open session: any exercise, export, actions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from textual.command import Hit, Hits, Provider


class ListedCommands(Provider):
    """A provider whose commands are (name, help, callback) from `_commands`."""

    def _commands(self) -> Iterable[tuple[str, str, Callable[[], object]]]:
        raise NotImplementedError

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield Hit(1.0, name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            if (match := matcher.match(name)) > 0:
                yield Hit(match, matcher.highlight(name), callback, help=help_text)


class SessionCommands(ListedCommands):
    """While a session is open (its screen anywhere on the stack): go to any of its
    exercises, its actions, or export its summary."""

    def _commands(self) -> Iterable[tuple[str, str, Callable[[], object]]]:
        from smp_tui.screens.exercises import EXERCISES
        from smp_tui.screens.session import SessionScreen

        session_screen = next((s for s in reversed(self.app.screen_stack) if isinstance(s, SessionScreen)), None)
        if session_screen is None or session_screen.session is None:
            return
        title = session_screen.session.title
        for entry in EXERCISES:
            yield (f"Go to: {entry.title}", f"Open it in '{title}'", partial(session_screen.go_to, entry.id))
        yield ("Export the summary", f"Write '{title}' to a file: Markdown, HTML, JSON or CSV",
               partial(session_screen.go_to, "summary", lambda summary: summary.action_export()))
        yield ("New action", f"Add an action to '{title}'",
               partial(session_screen.go_to, "actions", lambda actions: actions.action_new_action()))
