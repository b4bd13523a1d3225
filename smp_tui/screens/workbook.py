"""My workbook: a person's own tools (learning needs, influencing styles, instrument of
change, practice improvement plan) and their check-ins. Private to them; a result
reaches a team session only when they share it."""

from __future__ import annotations

from importlib import import_module
from typing import Final, Literal, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from smp_tui.widgets.footer import SteadyFooter
from smp_tui.logic import changes
from smp_tui.logic.sessions import open_actions_before
from smp_tui.logic.workbook import (
    TOOL_TITLES,
    new_checkin,
    new_plan,
    new_workbook_session,
    of_tool,
    personal_team,
    shareable,
    shared_work,
    status,
)
from smp_tui.messages import SessionSaved
from smp_tui.models import Session, WorkbookTool
from smp_tui.screens.base import SmpScreen
from smp_tui.widgets.text import labelled
from smp_tui.workspace import TeamSessions

SCREENS = {
    "learning_needs": "learning_needs:LearningNeedsScreen",
    "influencing": "influencing:InfluencingScreen",
    "instrument": "instrument:InstrumentScreen",
    "plan": "plan:PlanScreen",
}
CHECKINS: Final = "checkins"


class WorkbookScreen(SmpScreen[None]):
    HELP_TITLE = "My workbook"
    HELP = (
        "Your own tools from the workbook, kept in your own store like your check-ins and "
        "seen by nobody else. Enter opens the highlighted tool where you left it (or starts "
        "it); n starts it afresh, for example your learning needs again after the day, to "
        "see what moved. A new improvement plan starts from your lowest learning areas and "
        "first asks about your earlier plan's actions: done, carried forward or dropped.\n"
        "v shows the highlighted result on one page and exports it (Markdown, HTML, JSON or "
        "CSV); e writes the latest result of every tool to one file, for your supervision "
        "notes. s shares a result into a team session (your influencing totals, your learning "
        "needs scores without the comments, or your plan's goal and open actions); nothing "
        "is shared unless you do this."
    )
    BINDINGS = [
        Binding("enter", "open", "Open", id="workbook.open"),
        Binding("n", "start", "Afresh", id="workbook.start"),
        Binding("v", "view", "View", id="workbook.view"),
        Binding("s", "share", "Share", id="workbook.share"),
        Binding("e", "export", "Export all", id="workbook.export"),
        Binding("escape", "leave", "Back", id="workbook.leave"),
    ]

    def __init__(self, user: str) -> None:
        super().__init__()
        self.user = user
        self.sessions: list[Session] = []
        self.watched_team = personal_team(user)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(labelled(("My workbook: ", "bold"), self.user,
                              (". Private to you. Enter opens a tool; F1 explains.", "")), classes="intro")
        yield OptionList(id="tools")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.query_one("#tools", OptionList).focus()
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def on_session_saved(self, message: SessionSaved) -> None:
        self.load()

    def on_store_changed(self) -> None:
        self.load()

    def load(self) -> None:
        self.fetch(lambda workspace: workspace.sessions(personal_team(self.user)), self._show, group="workbook.load")

    def _show(self, found: TeamSessions) -> None:
        self.show_unread(found, "is not shown here")
        self.sessions = sessions = found.sessions
        tools = self.query_one("#tools", OptionList)
        highlighted = tools.highlighted
        tools.clear_options()
        banks = self.banks
        for tool, title in TOOL_TITLES.items():
            done = of_tool(sessions, tool)
            line = Text(f"{title}\n", style="bold")
            if done:
                latest = done[-1]
                line.append(f"  {latest.created_at.astimezone():%d %b %Y} · {status(latest, banks)}")
                if len(done) > 1:
                    line.append(f" · {len(done)} times", style="dim")
            else:
                line.append("  not started", style="dim")
            tools.add_option(Option(line, id=tool))
        checkins = [s for s in sessions if s.workbook.tool is None]
        line = Text("Check-ins\n", style="bold")
        line.append(f"  {len(checkins)}, last {checkins[0].created_at.astimezone():%d %b %Y}" if checkins
                    else "  none yet: Enter starts one", style="" if checkins else "dim")
        tools.add_option(Option(line, id=CHECKINS))
        tools.highlighted = highlighted if highlighted is not None else 0

    def _chosen(self) -> WorkbookTool | Literal["checkins"] | None:
        option = self.query_one("#tools", OptionList).highlighted_option
        # the options' ids are the tools of TOOL_TITLES and CHECKINS
        return cast("WorkbookTool | Literal['checkins'] | None", option.id) if option is not None else None

    def _latest(self, tool: str) -> Session | None:
        done = of_tool(self.sessions, tool)
        return done[-1] if done else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        tool = self._chosen()
        if tool == CHECKINS:
            self._checkin()
        elif tool is not None:
            latest = self._latest(tool)
            if latest is None:
                self.action_start()
            else:
                self._open(latest)

    def action_start(self) -> None:
        tool = self._chosen()
        if tool == CHECKINS:
            self._checkin()
            return
        if tool is None:
            return
        if tool != "plan":
            self._open(new_workbook_session(self.user, tool))
            return
        session = new_plan(self.user, self._latest("learning_needs"), self.banks.learning_needs)
        pending = open_actions_before(session, self.sessions)
        if not pending:
            self._open(session)
            return
        from smp_tui.screens.review import ReviewScreen

        self.workspace.create(session, "your new plan")
        self.app.push_screen(ReviewScreen(session, pending), lambda reviewed: self._open(reviewed or session))

    def _open(self, session: Session) -> None:
        tool = session.workbook.tool
        assert tool is not None, "only workbook sessions open here"
        module, name = SCREENS[tool].split(":")
        screen_class = getattr(import_module(f"smp_tui.screens.{module}"), name)
        self.app.push_screen(screen_class(session))

    def _checkin(self) -> None:
        from smp_tui.screens.checkin import CheckinScreen

        self.app.push_screen(CheckinScreen(new_checkin(self.user)))

    def action_view(self) -> None:
        tool = self._chosen()
        latest = self._latest(tool) if tool in TOOL_TITLES else None
        if latest is None:
            self.notify("Nothing to show yet: Enter starts this tool.")
            return
        from smp_tui.screens.summary import SummaryScreen

        self.app.push_screen(SummaryScreen(latest))

    def action_share(self) -> None:
        tool = self._chosen()
        latest = self._latest(tool) if tool in TOOL_TITLES else None
        if latest is None:
            self.notify("Nothing to share yet.", severity="warning")
            return
        reason = shareable(latest, self.banks)
        if reason is not None:
            self.notify(f"Cannot share this yet: {reason}.", severity="warning", markup=False)
            return
        self.fetch(lambda workspace: workspace.survey(),
                   lambda survey: self._choose_target(latest, [s for s in survey.sessions if s.mode != "check-in"]),
                   group="workbook.share")

    def _choose_target(self, session: Session, targets: list[Session]) -> None:
        from smp_tui.screens.checkin import ShareAsDialog, ShareDialog

        if not targets:
            self.notify("There is no team session in this store to share into.", severity="warning")
            return
        tool = TOOL_TITLES[session.workbook.tool or "plan"].lower()

        def chosen(target: Session | None) -> None:
            if target is None:
                return
            if target.anonymous:  # shared under no name at all
                shared(target, self.user)
            else:
                ShareAsDialog.ask(self, target, self.user, lambda _, name: shared(target, name))

        def shared(target: Session, name: str) -> None:
            work = shared_work(session, self.banks, person=name)
            self.workspace.update(target, changes.share_work(work), f"sharing into {target.title!r}")
            self.notify(f"Shared your {tool} into {target.title!r} ({target.team}).", markup=False)

        prompt = f"Share your {tool} into which session?"
        self.app.push_screen(ShareDialog(targets, prompt), chosen)

    def action_export(self) -> None:
        latest = [session for tool in TOOL_TITLES if (session := self._latest(tool)) is not None]
        if not latest:
            self.notify("Nothing to export yet: Enter starts a tool.", severity="warning")
            return
        from datetime import date

        from smp_tui.screens.summary import ExportDialog

        def chosen(target) -> None:
            if target is not None:
                self._write(*target)

        whole = f"smp-my-workbook-{date.today().isoformat()}.md"
        self.app.push_screen(ExportDialog(latest[-1], "Export the latest result of every tool", whole), chosen)

    def _write(self, fmt: str, path) -> None:
        from smp_tui.report import write_export
        from smp_tui.workbook_report import whole_workbook

        try:
            write_export(path, whole_workbook(self.sessions, self.banks, fmt))
        except OSError as error:
            self.notify(f"Could not write {path}: {error.strerror}. Nothing was written; choose another folder.",
                        severity="error", timeout=15, markup=False)
            return
        self.notify(f"Written to {path.resolve()}", title="Exported", timeout=15, markup=False)

    def action_leave(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:  # `smp me`: the workbook is the first screen
            self.app.exit()
