"""The whole session on one page, for the projector, and its export to a file."""

from __future__ import annotations

import re
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Header, Input, Label, Select, Static

from smp_tui.widgets.footer import SteadyFooter
from smp_tui.models import Session
from smp_tui.report import FORMATS, export, write_export
from smp_tui.screens.exercise import ExerciseScreen
from smp_tui.widgets.fields import InOrderInput
from smp_tui.screens.base import HelpfulDialog

FORMAT_NAMES = {
    "md": "Markdown: pastes into notes and board papers",
    "html": "HTML: one printable page, opens in any browser",
    "json": "JSON: for `smp import` on another machine",
    "csv": "CSV: one row per rating, for a spreadsheet",
}


class SummaryScreen(ExerciseScreen):
    EXERCISE = "session"
    HELP_TITLE = "Summary"
    HELP = (
        "Everything this session produced, on one page: the activity board, the change "
        "chosen and its open risks, the resilience profile with its spread and trend, the "
        "good-job cycle and the actions. Notes marked private are left out. Press e to "
        "write it to a file (Markdown, HTML, JSON or CSV); smp says where it went."
    )
    BINDINGS = [
        Binding("e", "export", "Export", id="summary.export"),
        Binding("r", "refresh", "Refresh", id="summary.refresh"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.previous: Session | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="summary-body"):
            yield Static("Loading the summary…", id="summary")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.query_one("#summary-body").focus()
        self.action_refresh()

    def action_refresh(self) -> None:
        self.fetch(lambda workspace: workspace.with_previous(self.session.id), self._show, group="summary.load")

    def _show(self, found: tuple[Session, Session | None]) -> None:
        self.session, self.previous = found
        # Rich lays the same Markdown `smp export` writes out at once and wraps it at any
        # width (Textual's Markdown widget took seconds to lay out a full session).
        from rich.markdown import Markdown

        text = export(self.session, self.banks, "md", self.previous)
        self.query_one("#summary", Static).update(Markdown(text, hyperlinks=False))

    def action_export(self) -> None:
        def chosen(target: tuple[str, Path] | None) -> None:
            if target is not None:
                self._write(*target)

        self.app.push_screen(ExportDialog(self.session), chosen)

    def _write(self, fmt: str, path: Path) -> None:
        try:
            write_export(path, export(self.session, self.banks, fmt, self.previous))
        except OSError as error:
            self.notify(f"Could not write {path}: {error.strerror}. Nothing was written; "
                        "choose another folder.", severity="error", timeout=15, markup=False)
            return
        self.notify(f"Written to {path.resolve()}", title="Exported", timeout=15, markup=False)


def export_folder() -> Path:
    """The user's documents folder if it exists, else their home: never wherever smp
    happened to be started."""
    from platformdirs import user_documents_dir

    documents = Path(user_documents_dir())
    return documents if documents.is_dir() else Path.home()


def default_path(session: Session, fmt: str) -> Path:
    slug = re.sub(r"[^a-z0-9]+", "-", session.team.lower()).strip("-") or "session"
    return export_folder() / f"smp-{slug}-{session.created_at.date().isoformat()}.{fmt}"


class ExportDialog(HelpfulDialog[tuple[str, Path] | None]):
    AUTO_FOCUS = ""  # none: on_mount focuses the first field without scrolling the title away
    HELP_TITLE = "Export"
    HELP = "Choose a format and where to write the file, then press Ctrl+S (or Enter in the file box)."
    BINDINGS = [
        Binding("ctrl+s", "write", "Write file", id="export.write"),
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
    ]

    def __init__(self, session: Session, title: str = "Export the summary", file_name: str | None = None) -> None:
        """`file_name`: the file proposed, in the export folder (default: one named after the
        session's team and date)."""
        super().__init__()
        self.session = session
        self.heading = title
        self.path = export_folder() / file_name if file_name else default_path(session, "md")

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", can_focus=False):
            yield Static(self.heading, classes="dialog-title", markup=False)
            yield Label("Format")
            yield Select([(FORMAT_NAMES[f], f) for f in FORMATS], value="md", allow_blank=False, id="format")
            yield Label("File")
            yield InOrderInput(str(self.path), id="path")
            yield Static("", id="export-errors", classes="errors", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Write file (Ctrl+S)", id="write", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")
        yield SteadyFooter()

    def on_mount(self) -> None:
        path = self.query_one("#path", Input)
        path.focus(scroll_visible=False)
        path.cursor_position = len(path.value)

    def on_select_changed(self, event: Select.Changed) -> None:
        path = self.query_one("#path", Input)
        path.value = str(Path(path.value).with_suffix(f".{event.value}"))

    def on_input_submitted(self) -> None:
        self.action_write()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_write() if event.button.id == "write" else self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_write(self) -> None:
        raw = self.query_one("#path", Input).value.strip()
        errors = self.query_one("#export-errors", Static)
        if not raw:
            errors.update("Say where to write the file.")
            return
        path = Path(raw).expanduser()
        if path.is_dir():
            errors.update(f"{path} is a folder; add a file name.")
            return
        if not path.parent.is_dir():
            errors.update(f"The folder {path.parent} does not exist.")
            return
        chosen = (str(self.query_one("#format", Select).value), path)
        if not path.exists():
            self.dismiss(chosen)
            return
        from smp_tui.screens.confirm import ConfirmScreen

        def answered(replace: bool | None) -> None:
            if replace:
                self.dismiss(chosen)
            else:
                errors.update(f"{path.name} was left as it is. Change the file name, or write again to replace it.")
                self.query_one("#path", Input).focus()

        self.app.push_screen(ConfirmScreen(f"{path} already exists. Replace it with this summary?",
                                           yes="Yes, replace it", no="No, keep it"), answered)
