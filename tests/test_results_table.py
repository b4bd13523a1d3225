"""The results table is drawn by widgets.results.QuickTable, which draws one-line cells
itself instead of through Rich's wrapping: it must draw exactly what Rich's Table draws."""

from __future__ import annotations

import copy
import functools
import random
from datetime import datetime, timedelta, timezone

from hypothesis import given, settings, strategies as st
from rich.console import Console
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from smp_tui.demo import make_session
from smp_tui.logic.resilience import set_rating
from smp_tui.logic.summary import resilience_view
from smp_tui.models import Session
from smp_tui.widgets.results import QuickTable, results_table
from tests.snapshots_support import shipped_banks

BANKS = shipped_banks()
WHEN = datetime(2025, 3, 3, 9, 0, tzinfo=timezone.utc)


def _lines(table: Table, width: int) -> list[list[Segment]]:
    console = Console(width=width, file=None, color_system="truecolor", force_terminal=True, legacy_windows=False)
    return [list(Segment.simplify(line)) for line in console.render_lines(table, console.options.update_width(width))]


def _as_rich_draws_it(table: QuickTable) -> Table:
    plain = copy.copy(table)
    plain.__class__ = Table
    return plain


@functools.cache
def _sessions(seed: int) -> tuple[Session, Session]:
    """A full session (every rating given, notes) and an earlier one to compare it with."""
    rng = random.Random(seed)
    return (make_session(BANKS, "Blue team", WHEN, rng, lean=rng.uniform(-1, 1)),
            make_session(BANKS, "Blue team", WHEN - timedelta(days=30), rng))


@settings(max_examples=50)  # each example draws two tables; 50 cover the widths and options well
@given(seed=st.integers(0, 20), width=st.integers(12, 200), anonymous=st.booleans(),
       min_group=st.integers(1, 7), room=st.integers(0, 13), compared=st.booleans(),
       for_participant=st.booleans())
def test_the_quick_table_draws_what_richs_table_draws(seed, width, anonymous, min_group, room, compared,
                                                     for_participant):
    session, earlier = _sessions(seed)
    session = session.model_copy(deep=True)
    session.anonymous, session.min_group = anonymous, min_group
    session.resilience.revealed = True
    for number, indicator in enumerate(BANKS.resilience.indicators[:room]):  # the room's rating beside people's
        set_rating(session.resilience, indicator.id, None, 1 + (seed + number) % 5)
    previous = earlier if compared else None
    view = resilience_view(session, BANKS.resilience, previous, for_participant=for_participant)
    table = results_table(view).renderable
    assert isinstance(table, QuickTable)
    assert _lines(table, width) == _lines(_as_rich_draws_it(table), width)


def test_the_quick_table_draws_cells_of_several_lines_and_markup_like_text_as_rich_does():
    table = QuickTable(expand=True, title="[b]not bold[/b]", pad_edge=False)
    table.add_column("Name", ratio=1, min_width=8)
    table.add_column("[red]x[/]", justify="right", max_width=6)
    table.add_column("Centred", justify="center")
    table.add_row(Text("Eve [/] and a name long enough to wrap at every width tried"), "12", "a\nb")
    table.add_row("[bold]Bold by markup[/bold]", "\x1b]0;x\x07", "\t·▃█")
    table.add_row("", "", "")
    for width in (10, 24, 40, 80, 120):
        assert _lines(table, width) == _lines(_as_rich_draws_it(table), width)


def test_the_trend_names_the_session_it_compares_with_literally():
    """'▲ +0.6' against which session? The team may have had several: the caption says."""
    session, earlier = _sessions(3)
    session = session.model_copy(deep=True)
    session.resilience.revealed = True
    earlier = earlier.model_copy(update={"title": "Spring [b]day[/b] \x1b]0;x\x07"})
    table = results_table(resilience_view(session, BANKS.resilience, earlier)).renderable
    drawn = "\n".join("".join(s.text for s in line) for line in _lines(table, 160))
    assert "Trend: against Spring [b]day[/b] ␛]0;x␇ (01 Feb 2025); = no real change" in drawn  # shown, not run
    alone = results_table(resilience_view(session, BANKS.resilience, None)).renderable
    assert "no earlier session to compare with" in "\n".join("".join(s.text for s in line)
                                                             for line in _lines(alone, 160))
