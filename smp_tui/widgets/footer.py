"""A Footer that rebuilds its keys only when the keys it shows change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class SteadyFooter(Footer):
    """Textual's Footer rebuilds all its keys (new widgets, styled anew) every time the
    focused widget changes, often twice for one change of focus. On a reveal fifty
    participants' processes do that at once on a shared host: this one rebuilds only when
    the keys shown (key, action, description, enabled, tooltip) are not those it shows."""

    def __init__(self, *args, **kwargs) -> None:
        # Compact, as FooterKey is by default: otherwise every key, as it is mounted, is
        # switched out of compact and styled again (a quarter of an app start's CPU).
        # smp.tcss draws the compact footer as it always looked.
        kwargs.setdefault("compact", True)
        super().__init__(*args, **kwargs)
        self._composed_keys: tuple[object, ...] | None = None

    def _shown_keys(self) -> tuple[object, ...]:
        return tuple((binding.key, binding.action, binding.description, enabled, tooltip)
                     for _, binding, enabled, tooltip in self.screen.active_bindings.values() if binding.show)

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # The class its compact watcher sets as it is mounted, set before: otherwise
                # every key is styled a second time (a thirtieth of the CPU of a test that
                # moves between screens, where footers are rebuilt).
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen and self._composed_keys is not None \
                and self._shown_keys() == self._composed_keys:
            return
        super().bindings_changed(screen)

    async def recompose(self) -> None:
        if not self.is_attached:  # its screen was switched away meanwhile (Textual then does nothing too)
            return
        keys = self._shown_keys() if self._bindings_ready else None
        if keys is not None and keys == self._composed_keys:
            return  # several changes queued before the first rebuild ran: it showed these keys
        self._composed_keys = keys
        await super().recompose()
