"""What every tool of the personal workbook shares: its own session (saved on opening),
a first tab to answer in and a Result tab that shows the same Markdown as its export."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding
from textual.widgets import Static, TabbedContent

from smp_tui.models import Session
from smp_tui.screens.exercise import ExerciseScreen
from smp_tui.workbook_report import workbook_markdown


class WorkbookToolScreen(ExerciseScreen):
    HELP_TITLE: ClassVar[str]  # each tool's screen names itself
    FIRST_TAB = "answer"
    # priority: a TextArea would take F6 for selecting a line. Not in the footer: the tabs
    # say "(F5)" and "(F6)", and the footer must fit 80 columns beside a list's own keys.
    BINDINGS = [
        Binding("f5", "show_tab('answer')", "Answer", id="workbook.answer", priority=True, show=False),
        Binding("f6", "show_tab('result')", "Result", id="workbook.result", priority=True, show=False),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.before: Session | None = None

    def on_mount(self) -> None:
        self.workspace.create(self.session, f"your {self.HELP_TITLE.lower()}")
        self.fill()
        # The same tool's earlier session, to show what moved.
        self.fetch(lambda workspace: workspace.previous(self.session), self._before_loaded, group="workbook.before")

    def fill(self) -> None:
        """Show the session's answers (and the result)."""

    def _before_loaded(self, before: Session | None) -> None:
        self.before = before
        self.show_result()

    def show_result(self) -> None:
        if self.query_one(TabbedContent).active != "result":
            return  # drawn when the tab is shown, not on every answer
        # Rich lays out the same Markdown the export writes (as the summary screen does).
        from rich.markdown import Markdown

        text = workbook_markdown(self.session, self.banks, self.before)
        self.query_one("#result-text", Static).update(Markdown(text, hyperlinks=False))

    def on_tabbed_content_tab_activated(self) -> None:
        self.show_result()

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        if tab == "result":
            self.show_result()
            self.query_one("#result-body").focus()  # else focus stays in the hidden tab, which shows it again
        self.first_focus(tab)

    def first_focus(self, tab: str) -> None:
        """Focus the first thing to answer on the tab."""
