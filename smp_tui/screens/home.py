"""The first screen: every session, newest first, and a way to start a new one.

Built for a store of years: the list comes from the store's team indexes (light entries,
not whole sessions), is filtered in memory as a person types, and shows one page of rows
at a time, so ten thousand sessions cost no more to show than a hundred."""

from __future__ import annotations

import getpass
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.widgets import Header, Static

from smp_tui.widgets.footer import SteadyFooter

from typing import TYPE_CHECKING, cast

from smp_tui.messages import SessionSaved
from smp_tui.screens.base import SmpScreen
from smp_tui.widgets.text import literal

if TYPE_CHECKING:  # loaded after the first paint: the list cannot show before the store is read
    from textual.widgets import DataTable, Input, Select

    from smp_tui.models import Session
    from smp_tui.store import Listed, Listing
    from smp_tui.workspace import Fault, Workspace

PAGE_ROWS = 100  # rows in the table at once; [ and ] turn the page
YOUR_CHECKINS = "checkins"


@dataclass(frozen=True, slots=True)
class _Row:
    entry: Listed
    search: str  # team and title, casefolded: what the search box matches


def checkin_team_of_user() -> str | None:
    """The team name under which this user's personal check-ins are kept."""
    from smp_tui.logic.workbook import personal_team

    try:
        return personal_team(getpass.getuser())
    except Exception:  # no user name to be had: no check-ins are theirs
        return None


def shown_time(entry: Listed) -> str:
    try:
        return entry.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")
    except (OverflowError, ValueError, OSError):  # a date at the edge of what clocks hold
        return entry.updated_at.strftime("%Y-%m-%d %H:%M UTC")


class HomeScreen(SmpScreen[None]):
    HELP_TITLE = "Sessions"
    HELP = (
        "Every session your teams have run, newest first. Each session keeps what the team "
        "said in each exercise, so you can come back to it, compare it with the next one, "
        "and send round a summary.\n\n"
        "Press n to start a session for a team. Choose a session and press Enter to open it. "
        "Press j to join a remote session someone else is running, with its join code. "
        "Press m for your own workbook, private to you.\n\n"
        "Press / to search: type part of a team's name or a session's title and the list "
        "keeps only those that match; Enter or Down goes back to the list. Choose a team "
        "(or your own check-ins, which are kept apart from team sessions) in the box beside "
        "it. A long list is shown a page at a time: ] for the next page, [ for the one before."
    )
    BINDINGS = [
        Binding("n", "new_session", "New session", id="home.new"),
        Binding("j", "join", "Join", id="home.join"),
        Binding("m", "app.workbook", "My workbook", id="home.workbook"),
        Binding("enter", "open", "Open", id="home.open"),
        Binding("delete", "delete", "Delete", id="home.delete"),
        # in the intro line, F1 help and the palette; the footer must fit 80 columns
        Binding("slash", "search", "Search", id="home.search", show=False),
        Binding("r", "refresh", "Refresh", id="home.refresh", show=False),
        Binding("right_square_bracket", "page(1)", "Next page", id="home.next_page", show=False),
        Binding("left_square_bracket", "page(-1)", "Previous page", id="home.previous_page", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.teams: dict[str, list[str]] = {}  # known teams and their last people, offered for a new session
        self._rows: list[_Row] = []  # every session listed, newest first
        self._matching: list[_Row] = []  # those the search and the team choice keep
        self._page = 0
        self._loaded = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            "Sessions, newest first. n starts one; Enter opens the one chosen; / searches.",
            id="home-intro",
            classes="intro",
        )
        yield Static("", id="home-faults", classes="faults")
        yield Vertical(id="home-body")  # the list's widgets, mounted after the first paint
        yield Static("", id="home-empty", classes="empty")
        yield SteadyFooter()

    def on_mount(self) -> None:
        for quiet in ("#home-faults", "#home-empty"):
            self.query_one(quiet).display = False
        self.call_after_refresh(self._build_list)  # paint first, then the list, then read the store

    async def _build_list(self) -> None:
        from textual.widgets import DataTable, Select

        from smp_tui.widgets.fields import InOrderInput

        filters = Horizontal(InOrderInput(placeholder="Search team or title", id="home-search"),
                             Select([], prompt="All teams", id="home-team", allow_blank=True), id="home-filters")
        table: DataTable[str | Text] = DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        page = Static("", id="home-page")
        filters.display = page.display = False
        filters.disabled = True  # hidden and not focusable: closing a dialog gave it the keys
        await self.query_one("#home-body").mount_all([filters, table, page])
        table.add_column("Last change", key="updated", width=16)
        # Fixed columns and every column's padding take 47 cells; team and session share
        # the rest and wrap, so nothing is cut at 80 columns.
        free = max(20, self.app.size.width - 47)
        table.add_column("Team", key="team", width=free // 2)
        table.add_column("Session", key="title", width=free - free // 2)
        table.add_column("Mode", key="mode", width=9)
        table.add_column("People", key="people", width=6)
        table.focus()
        self.action_refresh()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open", "delete"):  # nothing listed yet: not offered (the footer showed them)
            return bool(self._matching)
        return True

    def on_screen_resume(self) -> None:
        if self._loaded:  # back from another screen (the first time is on_mount's)
            self.action_refresh()

    def on_session_saved(self, message: SessionSaved) -> None:
        self.action_refresh()

    # -- reading the store (off the UI thread) --

    def action_refresh(self) -> None:
        self.fetch(_read_list, self._show, group="home.load")

    def _show(self, found: tuple[Listing, list[_Row]]) -> None:
        try:
            self._show_listing(*found)
        except NoMatches:  # the screen was closed while the list was read (quitting)
            return
        self.fetch(lambda workspace: _last_people(workspace, self._rows), self._got_teams, group="home.teams")

    def _got_teams(self, teams: dict[str, list[str]]) -> None:
        self.teams = teams

    def _show_listing(self, listing: Listing, rows: list[_Row]) -> None:
        self._rows = rows
        self._loaded = True
        self._show_teams()
        faults = self.query_one("#home-faults", Static)
        faults.display = bool(listing.faults)
        if listing.faults:
            text = Text("Some sessions cannot be shown: a file of the store is damaged.\n", style="bold")
            for fault in listing.faults:
                text.append(literal(f"{fault.path}: {fault.fault}\n"))
            text.append("Nothing has been changed. Run `smp doctor` in a terminal to check and repair it.")
            faults.update(text)
        filters = self.query_one("#home-filters")
        filters.display, filters.disabled = bool(rows), not rows
        self._filter(keep_page=True)

    def _show_teams(self) -> None:
        teams = sorted({row.entry.team for row in self._rows if row.entry.mode != "check-in"}, key=str.casefold)
        options: list[tuple[Text, str]] = []
        if any(row.entry.mode == "check-in" for row in self._rows):
            options.append((Text("Your check-ins"), YOUR_CHECKINS))
        options += [(literal(team), team) for team in teams]
        from textual.widgets import Select

        select = self.query_one("#home-team", Select)
        chosen = select.value
        with select.prevent(Select.Changed):
            select.set_options(options)
            if chosen in {value for _, value in options}:
                select.value = chosen

    # -- searching, choosing a team, turning pages --

    def on_input_changed(self, event: Input.Changed) -> None:
        self._filter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#sessions").focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        self._filter()

    def on_key(self, event) -> None:
        if event.key in ("down", "escape") and self.focused is not None and self.focused.id == "home-search":
            self.query_one("#sessions").focus()
            event.stop()

    def action_search(self) -> None:
        if self._loaded and not self._rows:
            self.notify("There are no sessions to search yet: n starts one.")
        elif self._loaded:
            self.query_one("#home-filters").display = True
            self.query_one("#home-search").focus()

    def action_page(self, step: int) -> None:
        pages = max(1, -(-len(self._matching) // PAGE_ROWS))
        page = min(max(self._page + step, 0), pages - 1)
        if page != self._page:
            self._page = page
            self._fill_page()

    def _filter(self, keep_page: bool = False) -> None:
        from textual.widgets import Input, Select

        words = self.query_one("#home-search", Input).value.casefold().split()
        team = self.query_one("#home-team", Select).value
        mine = team == YOUR_CHECKINS
        self._matching = [
            row for row in self._rows
            if (row.entry.mode == "check-in") == mine
            and (mine or team is Select.NULL or row.entry.team == team)
            and all(word in row.search for word in words)
        ]
        if not keep_page:
            self._page = 0
        self._page = min(self._page, max(0, (len(self._matching) - 1) // PAGE_ROWS))
        self._fill_page()

    def _fill_page(self) -> None:
        self.refresh_bindings()  # Open and Delete are offered only with a session listed
        table = self._table()
        selected = self._selected_id()
        start = self._page * PAGE_ROWS
        page = self._matching[start:start + PAGE_ROWS]
        table.clear()
        for row in page:
            entry = row.entry
            table.add_row(shown_time(entry), literal(entry.team), literal(entry.title), entry.mode,
                          str(entry.people), key=entry.id, height=None)  # long names wrap
        table.display = bool(page)
        status = self.query_one("#home-page", Static)
        total = len(self._matching)
        status.display = total > PAGE_ROWS
        if total > PAGE_ROWS:
            status.update(f"Showing {start + 1:,}–{start + len(page):,} of {total:,} sessions. "
                          "] next page, [ previous page.")
        empty = self.query_one("#home-empty", Static)
        empty.display = self._loaded and not page
        if not self._rows:
            empty.update("No sessions yet. Press n to start the first one for your team.")
        else:
            empty.update("No session matches. Change the search (/) or the team chosen.")
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected))

    def _table(self) -> DataTable[str | Text]:
        return cast("DataTable[str | Text]", self.query_one("#sessions"))  # mounted by _build_list

    def _selected_id(self) -> str | None:
        if not self._loaded:
            return None
        table = self._table()
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    # -- opening, starting, joining, removing --

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:  # every row is added with its session's id
            self.smp_app.open_session(event.row_key.value)

    def action_open(self) -> None:
        session_id = self._selected_id()
        if session_id is not None:
            self.smp_app.open_session(session_id)

    def action_new_session(self) -> None:
        from smp_tui.screens.new_session import NewSessionScreen

        def created(session: Session | None) -> None:
            if session is not None:
                self.workspace.create(session, f"the new session {session.title!r}")
                self.smp_app.open_session(session.id, session, review=True)

        self.app.push_screen(NewSessionScreen(self.teams), created)

    def action_join(self) -> None:
        from smp_tui.screens.participant import JoinScreen

        self.app.push_screen(JoinScreen())

    def action_delete(self) -> None:
        from smp_tui.screens.confirm import ConfirmScreen

        session_id = self._selected_id()
        if session_id is None:
            return
        row = self._table().get_row(session_id)

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


def _read_list(workspace: Workspace) -> tuple[Listing, list[_Row]] | Fault:
    """In a worker: the light list of sessions, and the rows the home screen may show
    (workbooks are under My workbook; of check-ins, only this user's)."""
    from smp_tui.workspace import Fault

    listing = workspace.listing()
    if isinstance(listing, Fault):
        return listing
    mine = checkin_team_of_user()
    rows = [_Row(entry, f"{entry.team}\n{entry.title}".casefold()) for entry in listing.entries
            if entry.tool is None and (entry.mode != "check-in" or entry.team == mine)]
    return listing, rows


def _last_people(workspace: Workspace, rows: list[_Row]) -> dict[str, list[str]]:
    """In a worker, after the list shows: each team's people at its latest session,
    reading one session per team (see logic/sessions.last_people)."""
    from smp_tui.logic.sessions import last_people
    from smp_tui.workspace import Fault

    latest: dict[str, Listed] = {}
    for row in rows:  # the same choice last_people makes, made on the light entries
        entry, known = row.entry, latest.get(row.entry.team)
        if known is None or (known.mode == "check-in" and entry.mode != "check-in") or \
                (entry.mode != "check-in" and known.mode != "check-in" and entry.created_at > known.created_at):
            latest[entry.team] = entry
    loaded = [workspace.load(entry.id) for entry in latest.values()]
    return last_people(session for session in loaded if not isinstance(session, Fault))
