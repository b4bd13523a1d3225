"""What every screen of the facilitator's app shares: one typed way to the workspace, and
one way to read from it in the background and show the result or the fault."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from textual.binding import Binding
from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from smp_tui.banks import Banks
    from smp_tui.models import Session
    from smp_tui.workspace import Fault, PartlyRead, Workspace

T = TypeVar("T")
R = TypeVar("R")


class HasWorkspace(Protocol):
    """What screens use of the facilitator's app (SmpApp), beyond Textual's App."""

    workspace: Workspace
    clock: Callable[[], datetime]

    def open_session(self, session_id: str, session: Session | None = None, review: bool = False) -> None: ...

    def action_home(self) -> None: ...


class HelpfulDialog(ModalScreen[R]):
    """A dialog with its own help: F1 shows its HELP, as on every screen (the app's F1 is
    not among the keys of a dialog, which answers only to its own and priority keys)."""

    HELP_TITLE = ""
    HELP = ""
    BINDINGS = [Binding("f1", "app.help", "Help", id="dialog.help")]


class SmpScreen(Screen[R]):
    @property
    def smp_app(self) -> HasWorkspace:
        """The facilitator's app: every SmpScreen is shown by it (the participant's app has none)."""
        return cast(HasWorkspace, self.app)

    @property
    def workspace(self) -> Workspace:
        return self.smp_app.workspace

    @property
    def banks(self) -> Banks:
        return self.workspace.banks

    def fetch(self, read: Callable[[Workspace], T | Fault], show: Callable[[T], Any],
              fault: Callable[[Fault], Any] | None = None, group: str = "fetch") -> None:
        """Read in a worker thread, then `show` the result on the UI thread; a fault is
        shown by `fault` (default: a notification naming the file). Never ends the app."""
        from smp_tui.workspace import Fault

        def work() -> None:
            try:
                found = read(self.workspace)
            except Exception as error:  # the store or banks could not open: the app says why
                found = Fault(str(error))
            if isinstance(found, Fault):
                self.app.call_from_thread(fault or self.show_fault, found)
            else:
                self.app.call_from_thread(show, found)

        self.run_worker(work, thread=True, exclusive=True, group=group, exit_on_error=False)

    def show_unread(self, found: PartlyRead, left_out: str) -> None:
        """Name the files a read passed over, if any; `left_out` says where their content is missing."""
        notice = found.unread_notice(left_out)
        if notice:
            self.notify(notice, title="A file cannot be read", severity="warning", timeout=20, markup=False)

    def show_fault(self, fault: Fault) -> None:
        self.notify(f"{fault}\nNothing has been changed. `smp doctor` checks the store.",
                    title="Could not read the store", severity="error", timeout=15, markup=False)
