"""The test harness's own shortcuts (tests/conftest.py) keep what a test would catch."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget


class _BreaksWhenDrawn(Widget):
    """Its size is fixed, so only drawing a frame (never layout) reaches render_line."""

    DEFAULT_CSS = "_BreaksWhenDrawn { width: 10; height: 1; }"

    def render_line(self, y: int) -> Strip:
        if self.has_class("broken"):
            raise RuntimeError("cannot draw this")
        return Strip.blank(10)


class _App(App):
    BINDINGS = [("b", "break_it", "Break")]

    def compose(self) -> ComposeResult:
        yield _BreaksWhenDrawn()

    def action_break_it(self) -> None:
        self.query_one(_BreaksWhenDrawn).add_class("broken")
        self.query_one(_BreaksWhenDrawn).refresh()  # drawn again, as any change of what it shows is


async def test_a_widget_that_cannot_draw_its_last_frame_still_fails_the_test():
    """Headless frames are drawn only when looked at, and the last one as the app closes:
    a widget whose drawing fails fails the test, as it did when every frame was drawn."""
    with pytest.raises(RuntimeError, match="cannot draw this"):
        async with _App().run_test() as pilot:
            await pilot.press("b")
            await pilot.pause()


async def test_an_app_that_draws_fine_closes_without_a_fault():
    async with _App().run_test() as pilot:
        await pilot.pause()
        assert not pilot.app.query_one(_BreaksWhenDrawn).has_class("broken")


async def test_a_widget_that_cannot_draw_fails_the_test_even_when_the_app_quits_itself():
    with pytest.raises(RuntimeError, match="cannot draw this"):
        async with _App().run_test() as pilot:
            await pilot.press("b")
            await pilot.pause()
            pilot.app.exit()  # the app's own loop ends before the test's context does
            await pilot.pause()


class _BrokenScreen(Screen):
    def compose(self) -> ComposeResult:
        yield _BreaksWhenDrawn(classes="broken")


async def test_a_screen_that_cannot_draw_fails_the_test_though_the_test_leaves_it():
    """A dialog visited and closed is drawn as it is left."""
    with pytest.raises(RuntimeError, match="cannot draw this"):
        async with _App().run_test() as pilot:
            pilot.app.push_screen(_BrokenScreen())
            await pilot.pause()
            pilot.app.pop_screen()
            await pilot.pause()
