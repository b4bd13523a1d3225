"""Resilience results as Rich renderables, drawn from logic.summary's view (no figures
are computed here)."""

from __future__ import annotations

from collections.abc import Iterable

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


def results_table(view: ResilienceView) -> Table | Text:
    """Per indicator and attribute: people's mean, range, distribution, counts, the room's
    rating beside them (never pooled in), and the trend. Indicator names never yield."""
    if not view.shown:
        return Text("Results are hidden until the facilitator reveals this round.", style="bold")
    table = Table(expand=True, title="Results: 1 Weak … 5 Strong", title_justify="left", pad_edge=False)
    table.add_column("Indicator", min_width=22, ratio=1, no_wrap=False)
    table.add_column("Mean", justify="right", max_width=6)
    table.add_column("Range", justify="center", max_width=5)
    table.add_column("1·2·3·4·5", justify="center", max_width=9)
    table.add_column("People", justify="right", max_width=6)
    table.add_column("?", justify="right", max_width=3)
    if view.has_room:
        table.add_column("Room", justify="center", max_width=4)
    if view.compared_with is not None:
        table.add_column("Trend", justify="center", max_width=7)
    captions = []
    if view.compared_with is None:
        captions.append("no earlier session to compare with")
    for row in view.rows:
        style = {"attribute": "bold", "overall": "bold reverse"}.get(row.level, "")
        name = Text(("  " if row.level == "indicator" else "") + row.name, style=style)
        cells: list[Text | str]
        if row.hidden:
            cells = [name, Text("hidden", style="dim"), "", "", "", ""]
        else:
            cells = [name, mean_text(row.people), range_text(row.people), distribution_bar(row.people),
                     str(row.people.rated), str(row.people.dont_know)]
        if view.has_room:
            cells.append(room_text(row.room))
        if view.compared_with is not None:
            cells.append(trend_text(row.trend, ARROWS))
        table.add_row(*cells, style=style)
    if view.hidden:
        captions.append(f"hidden: fewer than {view.min_group} people rated it; "
                        "attribute and whole-profile figures leave it out")
    if view.has_room:
        captions.append("Room: the rating the room agreed, shown beside people's, never in their mean")
    table.caption = "\n".join(captions) or None
    return table


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
    return who_answered(view.answered, view.indicator_count)


def who_answered(answered: Iterable[tuple[str, int]], total: int) -> Text:
    """(name, how many answered) of `total` questions, one line each, never what."""
    text = Text()
    for name, count in answered:
        mark = "✔" if count >= total else ("…" if count else "·")
        text.append(f" {mark} ")
        text.append_text(literal(name))
        text.append(f": {count} of {total}\n")
    if not text:
        text.append(" Nobody has joined yet.\n", style="dim")
    return text
