"""The first screen: every session, newest first, and a way to start a new one."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from typing import TYPE_CHECKING

from smp_tui.messages import SessionSaved
from smp_tui.screens.base import SmpScreen
from smp_tui.widgets.text import literal

if TYPE_CHECKING:  # loaded after the first paint
    from smp_tui.models import Session
    from smp_tui.store import Survey


class HomeScreen(SmpScreen[None]):
    HELP_TITLE = "Sessions"
    HELP = (
        "Every session your teams have run, newest first. Each session keeps what the team "
        "said in each exercise, so you can come back to it, compare it with the next one, "
        "and send round a summary.\n\n"
        "Press n to start a session for a team. Choose a session and press Enter to open it. "
        "Press j to join a remote session someone else is running, with its join code. "
        "Press m for your own workbook, private to you."
    )
    BINDINGS = [
        Binding("n", "new_session", "New session", id="home.new"),
        Binding("j", "join", "Join", id="home.join"),
        Binding("m", "app.workbook", "My workbook", id="home.workbook"),
        Binding("enter", "open", "Open", id="home.open"),
        Binding("delete", "delete", "Delete", id="home.delete"),
        Binding("r", "refresh", "Refresh", id="home.refresh"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            "Sessions, newest first. n starts a new one; Enter opens the one chosen.",
            id="home-intro",
            classes="intro",
        )
        yield Static("", id="home-faults", classes="faults")
        yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield Static(
            "No sessions yet. Press n to start the first one for your team.",
            id="home-empty",
            classes="empty",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.teams: dict[str, list[str]] = {}  # known teams and their last people, from the store
        table = self.query_one(DataTable)
        table.add_column("Last change", key="updated", width=16)
        # Fixed columns and every column's padding take 47 cells; team and session share
        # the rest and wrap, so nothing is cut at 80 columns.
        free = max(20, self.app.size.width - 47)
        table.add_column("Team", key="team", width=free // 2)
        table.add_column("Session", key="title", width=free - free // 2)
        table.add_column("Mode", key="mode", width=9)
        table.add_column("People", key="people", width=6)
        self.query_one("#home-faults").display = False
        self.query_one("#home-empty").display = False
        self.call_after_refresh(self.action_refresh)  # paint first, then read the store

    def on_screen_resume(self) -> None:
        self.action_refresh()

    def on_session_saved(self, message: SessionSaved) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        self.fetch(lambda workspace: workspace.survey(), self._show, group="home.load")

    def _show(self, survey: Survey) -> None:
        from smp_tui.logic.sessions import last_people

        self.teams = last_people(survey.sessions)  # offered when starting a session
        table = self.query_one(DataTable)
        selected = self._selected_id()
        table.clear()
        shown = [s for s in survey.sessions if s.workbook.tool is None]  # workbooks: under My workbook
        for session in shown:
            table.add_row(
                session.updated_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                literal(session.team),
                literal(session.title),
                session.mode,
                str(len(session.participants)),
                key=session.id,
                height=None,  # long names wrap
            )
        faults = self.query_one("#home-faults", Static)
        faults.display = bool(survey.faults)
        if survey.faults:
            text = Text("Some sessions cannot be shown: a file of the store is damaged.\n", style="bold")
            for fault in survey.faults:
                text.append_text(literal(f"{fault.path}: {fault.fault}\n"))
            text.append("Nothing has been changed. Run `smp doctor` in a terminal to check and repair it.")
            faults.update(text)
        table.display = bool(shown)
        self.query_one("#home-empty").display = not shown and not survey.faults
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected))

    def _selected_id(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.app.open_session(event.row_key.value)

    def action_open(self) -> None:
        session_id = self._selected_id()
        if session_id is not None:
            self.app.open_session(session_id)

    def action_new_session(self) -> None:
        from smp_tui.screens.new_session import NewSessionScreen

        def created(session: Session | None) -> None:
            if session is not None:
                self.workspace.create(session, f"the new session {session.title!r}")
                self.app.open_session(session.id, session, review=True)

        self.app.push_screen(NewSessionScreen(self.teams), created)

    def action_join(self) -> None:
        from smp_tui.screens.participant import JoinScreen

        self.app.push_screen(JoinScreen())

    def action_delete(self) -> None:
        from smp_tui.screens.confirm import ConfirmScreen

        session_id = self._selected_id()
        if session_id is None:
            return
        table = self.query_one(DataTable)
        row = table.get_row(session_id)

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(session_id)

        self.app.push_screen(
            ConfirmScreen(f"Remove the session '{row[2]}' of {row[1]}? Everything it holds is removed."),
            answered,
        )

    def _delete(self, session_id: str) -> None:
        # The workspace first waits for queued changes: never remove a session mid-change.
        self.fetch(lambda workspace: workspace.delete(session_id), lambda _: self.action_refresh(),
                   group="home.delete")
