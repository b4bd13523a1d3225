"""Resilience results as Rich renderables, drawn from logic.summary's view (no figures
are computed here)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from typing import Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.containers import Lines
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from smp_tui.logic.summary import (
    ResilienceView,
    distribution_bar,
    mean_text,
    range_text,
    room_text,
    trend_text,
)
from smp_tui.widgets.text import literal

ARROWS = {"up": "▲", "down": "▼", "same": "=", "new": "–"}


class DrawnOnce:
    """A Rich renderable drawn once per width, then repeated. Textual draws a Static's
    content to learn its height, again to paint it, and again at each layout (a scroll
    bar appearing, a resize): for a results table that was most of what a reveal cost
    each participant's process."""

    def __init__(self, renderable: Table) -> None:
        self.renderable = renderable
        self._lines: dict[tuple[object, ...], list[list[Segment]]] = {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        key = (options.max_width, options.min_width, options.justify, options.overflow, options.no_wrap,
               console.color_system)
        lines = self._lines.get(key)
        if lines is None:  # drawn at its own height; a height asked for crops or pads below
            lines = self._lines[key] = console.render_lines(self.renderable, options.update(height=None), pad=False)
        height = len(lines) if options.height is None else options.height
        blank = [Segment(" " * options.max_width)]
        newline = Segment.line()
        for number in range(height):
            yield from lines[number] if number < len(lines) else blank
            yield newline

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.renderable)


class _OneLineCells:
    """The console a QuickTable draws its rows with: a cell whose words fit on one line
    is drawn directly, the rest as Rich draws them. Rich wraps every cell through Padding,
    a word wrapper and two rounds of line splitting: most of what a table costs."""

    def __init__(self, console: Console) -> None:
        self._console = console

    def __getattr__(self, name: str) -> Any:
        return getattr(self._console, name)

    def render_lines(self, renderable: RenderableType, options: ConsoleOptions | None = None, *,
                     style: Style | None = None, pad: bool = True, new_lines: bool = False) -> list[list[Segment]]:
        if (isinstance(renderable, Padding) and options is not None and pad and not new_lines
                and not renderable.top and not renderable.bottom):
            inner = renderable.renderable
            if isinstance(inner, str):  # as Console.render turns a string into Text
                inner = self._console.render_str(inner, highlight=options.highlight, markup=options.markup)
            if isinstance(inner, Text):
                line = self._one_line(renderable, inner, options, style)
                if line is not None:
                    return [line]
        return self._console.render_lines(renderable, options, style=style, pad=pad, new_lines=new_lines)

    def _one_line(self, padding: Padding, text: Text, options: ConsoleOptions,
                  style: Style | None) -> list[Segment] | None:
        """What Rich would draw for `text` padded in a cell, when it needs no wrapping."""
        width = options.max_width - padding.left - padding.right
        plain = text.plain
        if width < 1 or "\n" in plain or "\t" in plain or cell_len(plain) > width:
            return None
        justify = text.justify or options.justify or "default"
        overflow = text.overflow or options.overflow or "fold"
        line = text.copy()
        Lines([line]).justify(self._console, width, justify=justify, overflow=overflow)
        line.truncate(width, overflow=overflow)
        blank = self._console.get_style(padding.style)
        drawn = Text("\n").join([line])  # as Text.__rich_console__ does: the text's own style becomes a span
        segments = [Segment(" " * padding.left, blank), *drawn.render(self._console),
                    Segment(" " * (width - line.cell_len + padding.right), blank)]
        return list(Segment.apply_style(segments, style)) if style else segments


class QuickTable(Table):
    """A Rich Table that draws the same lines, several times faster for cells of one line
    (every cell of a results table but a long indicator name at a narrow width). Every
    participant's process draws the results table at the same moment, when a round is
    revealed. tests/test_results_table.py holds it to Rich's own drawing."""

    def _render(self, console: Console, options: ConsoleOptions, widths: list[int]) -> RenderResult:
        return super()._render(_OneLineCells(console), options, widths)  # type: ignore[arg-type]


def warm_up(console: Console) -> None:
    """Draw a tiny table once, early, where nobody waits for it: a process's first Rich
    table costs about twice a later one (imports and caches filled on first use), and the
    first results table a participant's process draws is a reveal, which every
    participant's process draws at the same moment."""
    table = Table(expand=True, title="·", caption="·")
    table.add_column("·", ratio=1)
    table.add_column("·", justify="right", max_width=6)
    table.add_row(Text("·", style="bold"), "·")
    console.render_lines(table, console.options.update_width(20))


def results_table(view: ResilienceView) -> DrawnOnce | Text:
    """Per indicator and attribute: people's mean, range, distribution, counts, the room's
    rating beside them (never pooled in), and the trend. Indicator names never yield."""
    if not view.shown:
        return Text("Results are hidden until the facilitator reveals this round.", style="bold")
    table = QuickTable(expand=True, title="Results: 1 Weak … 5 Strong", title_justify="left", pad_edge=False)
    table.add_column("Indicator", min_width=22, ratio=1, no_wrap=False)
    table.add_column("Mean", justify="right", max_width=6)
    table.add_column("Range", justify="center", max_width=5)
    table.add_column("1·2·3·4·5", justify="center", max_width=9)
    table.add_column("Scores", justify="right", max_width=6)  # scores given: per attribute, more than people
    table.add_column("?", justify="right", max_width=3)
    if view.has_room:
        table.add_column("Room", justify="center", max_width=4)
    if view.compared_with is not None:
        table.add_column("Trend", justify="center", max_width=7)
    captions: list[Text] = []
    if view.compared_with is None:
        captions.append(Text("no earlier session to compare with"))
    else:  # which session, so nobody guesses: the team may have had several
        earlier = view.compared_with
        captions.append(Text.assemble("Trend: against ", literal(earlier.title),
                                      f" ({earlier.created_at:%d %b %Y}); = no real change, – not rated then"))
    for row in view.rows:
        style = {"attribute": "bold", "overall": "bold reverse"}.get(row.level, "")
        name = Text(("  " if row.level == "indicator" else "") + row.name, style=style)
        figures: list[str]
        if row.hidden:
            figures = ["", "", "", ""]
        else:
            figures = [mean_text(row.people), range_text(row.people), distribution_bar(row.people),
                       str(row.people.rated), str(row.people.dont_know)]
        if view.has_room:
            figures.append(room_text(row.room))
        if view.compared_with is not None:
            figures.append(trend_text(row.trend, ARROWS))
        # Text, not str: a str cell would be read as markup, and twice (measured, then drawn)
        hidden = [Text("hidden", style="dim")] if row.hidden else []
        table.add_row(name, *hidden, *(Text(figure) for figure in figures), style=style)
    if view.hidden:
        captions.append(Text(f"hidden: fewer than {view.min_group} people rated it; "
                             "attribute and whole-profile figures leave it out"))
    if view.has_room:
        captions.append(Text("Room: the rating the room agreed, shown beside people's, never in their mean"))
    table.caption = Text("\n").join(captions) if captions else None
    return DrawnOnce(table)


def splits_text(view: ResilienceView) -> Text:
    """The indicators people see most differently, widest first: discuss these first."""
    text = Text()
    if not view.shown:
        return text
    if view.splits:
        text.append("Discuss these first: people see them differently\n", style="bold")
        for split in view.splits:
            text.append(f" • {split.name}: ")
            text.append_text(literal(split.describe()))
            text.append("\n")
    elif view.people:
        text.append("No real splits: no indicator has people at both ends of the scale.")
    else:
        text.append("No ratings yet.", style="dim")
    return text


def answered_text(view: ResilienceView) -> Text:
    """Who has answered (how many indicators), never what."""
    return who_answered(view.answered, view.indicator_count, view.joined)


def who_answered(answered: Iterable[tuple[str | None, int]], total: int, joined: Iterable[str] = ()) -> Text:
    """(name, how many answered) of `total` questions, one line each, never what. Without
    names (an anonymous session): who has joined, then how many people answered how many."""
    text = Text()
    answered = list(answered)
    if answered and all(name is None for name, _ in answered):
        text.append(" Joined: ")
        text.append_text(literal(", ".join(joined)))
        text.append("\n Anonymous: who answered how many is not shown.\n", style="dim")
        by_count = Counter(count for _, count in answered)
        for count in sorted(by_count, reverse=True):
            people = by_count[count]
            text.append(f" {_mark(count, total)} {people} {'person' if people == 1 else 'people'}: "
                        f"{count} of {total}\n")
        return text
    for name, count in answered:
        text.append(f" {_mark(count, total)} ")
        text.append_text(literal(name or ""))
        text.append(f": {count} of {total}\n")
    if not text:
        text.append(" Nobody has joined yet.\n", style="dim")
    return text


def _mark(count: int, total: int) -> str:
    return "✔" if count >= total else ("…" if count else "·")
