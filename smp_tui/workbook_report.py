"""The personal workbook as Markdown and CSV: one result per session, for its owner's
screen and exports, and the part of a team session that people chose to share into it.
The screens show this same Markdown, so what is seen and what is sent never differ.
No Textual here."""

from __future__ import annotations

import csv
import io

from smp_tui.banks import Banks
from smp_tui.logic.workbook import (
    TOOL_TITLES,
    by_theme,
    instrument_counts,
    lowest_areas,
    lowest_themes,
    missing,
    needs_change,
    score_of,
    smarter_check,
    style_totals,
)
from smp_tui.models import PlanTarget, Session, SharedWork


def _md(text: str) -> str:
    from smp_tui.report import md

    return md(text)


def workbook_markdown(session: Session, banks: Banks, before: Session | None = None) -> str:
    """A workbook session's result; `before` is the same tool's earlier session."""
    tool = session.workbook.tool or ""
    owner = ", ".join(_md(p.name) for p in session.participants) or _md(session.team)
    lines = [f"# {TOOL_TITLES[tool] if tool else 'Workbook'}: {owner}", "",
             f"{session.created_at.astimezone().strftime('%d %B %Y')} · private to {owner} unless shared", ""]
    render = {"learning_needs": _needs_md, "influencing": _influencing_md, "instrument": _instrument_md,
              "plan": _plan_md}[tool]
    render(session, banks, before, lines.append)
    return "\n".join(lines) + "\n"


def _needs_md(session: Session, banks: Banks, before: Session | None, add) -> None:
    bank = banks.learning_needs
    result = session.workbook.learning_needs
    answered = sum(1 for s in bank.statements if score_of(result, s.id) is not None)
    add(f"{answered} of {len(bank.statements)} areas scored, 1 ({bank.scale.labels[1]}) to 5 "
        f"({bank.scale.labels[5]}).")
    add("")
    add("## By theme")
    add("")
    add("| Theme | Mean | Area | Score | Comment |")
    add("| --- | --- | --- | --- | --- |")
    for theme in by_theme(result, bank):
        mean = "–" if theme.mean is None else f"{theme.mean:.1f}"
        for number, (statement, score) in enumerate(theme.scores):
            comment = result.scores[statement.id].comment if statement.id in result.scores else ""
            head = (f"**{theme.theme.name}**", f"**{mean}**") if number == 0 else ("", "")
            add(f"| {head[0]} | {head[1]} | {statement.text} | {score if score is not None else '–'} | "
                f"{_md(comment) or '–'} |")
    add("")
    low = lowest_areas(result, bank)
    if low:
        add("## Lowest areas")
        add("")
        for statement in low:
            add(f"- {score_of(result, statement.id)}: {statement.text}")
        add("")
        themes = lowest_themes(result, bank)
        add(f"{'Lowest theme' if len(themes) == 1 else 'Lowest themes (equal)'}: {', '.join(t.name for t in themes)}.")
        add("")
    if before is not None:
        add(f"## Since {before.created_at.astimezone().strftime('%d %B %Y')}")
        add("")
        moved = [c for c in needs_change(result, before.workbook.learning_needs, bank) if c.delta]
        for change in moved:
            add(f"- {'▲ up' if (change.delta or 0) > 0 else '▼ down'} {change.before} → {change.now}: "
                f"{change.statement.text}")
        if not moved:
            add("Nothing moved among the areas scored both times.")
        add("")
    add(f"_Source: {bank.meta.source}_")


def _influencing_md(session: Session, banks: Banks, before: Session | None, add) -> None:
    bank = banks.influencing
    for total in style_totals(session.workbook.influencing, bank):
        style = total.style
        if total.band is None:  # no band until the style is totalled
            add(f"- **{style.name}** (column {style.column}): not totalled yet, {total.left} of "
                f"{total.asked} statements left to answer")
        else:
            add(f"- **{style.name}** (column {style.column}): **{total.total}** of {total.highest}, "
                f"**{total.band.name}**. {total.band.text}")
    add("")
    for style in bank.styles:
        add(f"## {style.name}")
        add("")
        add(f"{style.summary} {style.time_share} ({', '.join(style.behaviours)}). {style.keys}")
        add("")
        add("It works best when:")
        add("")
        for condition in style.when:
            add(f"- {condition}")
        add("")
    add(bank.advice.mixing)
    add("")
    add(f"_Scoring key: {bank.key.origin} Source: {bank.meta.source}_")


def _instrument_md(session: Session, banks: Banks, before: Session | None, add) -> None:
    bank = banks.instrument
    result = session.workbook.instrument
    counts = instrument_counts(result, bank)
    add(f"Strengths broadly true of you: {counts.strengths_yes} of {counts.strengths}. "
        f"Difficulties broadly true of you: {counts.difficulties_yes} of {counts.difficulties}."
        + (f" {counts.unanswered} not answered." if counts.unanswered else ""))
    add("")
    for title, items in (("Strengths", bank.strengths), ("Difficulties", bank.difficulties)):
        add(f"## {title}")
        add("")
        for item in items:
            answer = result.answers.get(item.id)
            add(f"- {'yes' if answer else 'no' if answer is False else '–'}: {item.text}")
        add("")
    add("## Reflections")
    add("")
    for question in bank.questions:
        add(f"**{question.text}**")
        add("")
        add(_md(result.reflections.get(question.id, "")) or "–")
        add("")
    add(f"_Source: {bank.meta.source}_")


def _plan_md(session: Session, banks: Banks, before: Session | None, add) -> None:
    bank = banks.improvement_plan
    plan = session.workbook.plan
    areas = [s.text for s in banks.learning_needs.statements if s.id in plan.areas]
    if areas:
        add("Working on, from the learning needs analysis:")
        add("")
        for area in areas:
            add(f"- {area}")
        add("")
    for title, value in (("Learned", plan.learned), ("My practice goal", plan.goal), ("Why", plan.why)):
        add(f"**{title}:** {_md(value) or '–'}")
        add("")
    add("## Actions")
    add("")
    if not session.actions:
        add("No actions yet.")
        add("")
    else:
        add("| Action | Barriers | Support | When (target) | Due | SMARTER | Status |")
        add("| --- | --- | --- | --- | --- | --- | --- |")
        for action in session.actions:
            target = plan.targets.get(action.id, PlanTarget())
            add(f"| {_md(action.text)} | {_md(target.barriers) or '–'} | {_md(target.support) or '–'} | "
                f"{_md(target.target) or '–'} | {action.due.isoformat() if action.due else 'no date'} | "
                f"{smarter_summary(target, banks)} | {action.status} |")
        add("")
        gaps = [(action, missing(smarter_check(plan.targets.get(action.id, PlanTarget()), bank)))
                for action in session.actions]
        gaps = [(action, checks) for action, checks in gaps if checks]
        if gaps:
            add("Targets still to make SMARTER:")
            add("")
            for action, checks in gaps:
                add(f"- {_md(action.text)}: " + "; ".join(
                    f"{c.criterion.name}{' (' + c.note + ')' if c.note else ''}" for c in checks))
            add("")
    for title, items in (("Stop", plan.stop), ("Start", plan.start), ("Do differently", plan.differently)):
        if items:
            add(f"**{title}:** " + "; ".join(_md(i) for i in items))
            add("")
    add(f"**Review on:** {plan.review_on.isoformat() if plan.review_on else 'no date set'}")
    add("")
    add(f"_Source: {bank.meta.source}_")


def smarter_summary(target: PlanTarget, banks: Banks) -> str:
    """S M A R T E R with a dot for each criterion not met, e.g. `S M · R · E R`."""
    return " ".join(c.criterion.letter if c.met else "·" for c in smarter_check(target, banks.improvement_plan))


def shared_markdown(shared: list[SharedWork], banks: Banks) -> list[str]:
    """What people shared into a team session from their own workbooks."""
    if not shared:
        return []
    lines = ["## Shared from people's own workbooks", ""]
    for work in _shared_in_order(shared):
        lines.append(f"### {_md(work.person)}: {TOOL_TITLES[work.tool]}")
        lines.append("")
        for what, number, meaning in _shared_totals(work, banks):
            lines.append(f"- {what}: {number}{' (' + meaning + ')' if meaning else ''}")
        if work.goal:
            lines.append(f"- Goal: {_md(work.goal)}")
        for action in work.actions:
            due = action.due.isoformat() if action.due else "no date"
            lines.append(f"- Action: {_md(action.text)} (due {due})")
        lines.append("")
    return lines


def _shared_in_order(shared: list[SharedWork]) -> list[SharedWork]:
    return sorted(shared, key=lambda w: (w.person.casefold(), w.tool))


def _shared_totals(work: SharedWork, banks: Banks) -> list[tuple[str, int, str]]:
    """(what, number, what it means) of each number shared, bank order: an influencing
    style's total and band, or a learning-needs area's score and theme."""
    rows = []
    if work.tool == "learning_needs":
        needs = banks.learning_needs
        themes = {t.id: t.name for t in needs.themes}
        for statement in needs.statements:
            score = work.totals.get(statement.id)
            if score is not None:
                rows.append((statement.text, score, themes.get(statement.theme, "")))
        return rows
    bank = banks.influencing
    for style in bank.styles:
        total = work.totals.get(style.id)
        if total is not None:
            band = next((b.name for b in bank.bands if b.min <= total <= b.max), "")
            rows.append((f"{style.name} total", total, band))
    return rows


SHARED_CSV_COLUMNS = ("session_id", "team", "date", "person", "tool", "item", "value", "note")


def shared_csv_rows(session: Session, banks: Banks) -> list[list[object]]:
    """What people shared into a team session, as CSV rows under SHARED_CSV_COLUMNS: an
    influencing total (its band in the note), a learning-needs score (its theme), a plan's
    goal, each of its actions (due date in the note). Only what was shared; an anonymous
    session's rows name nobody (sharing stored no name)."""
    day = session.created_at.date().isoformat()
    rows: list[list[object]] = []
    for work in _shared_in_order(session.shared):
        items: list[tuple[str, object, str]] = list(_shared_totals(work, banks))
        if work.goal:
            items.append(("Goal", work.goal, ""))
        items.extend(("Action", action.text, f"due {action.due.isoformat()}" if action.due else "no date")
                     for action in work.actions)
        rows.extend([session.id, session.team, day, work.person, TOOL_TITLES[work.tool], *item] for item in items)
    return rows


CSV_COLUMNS = ("session_id", "owner", "date", "tool", "item", "answer", "note")


def workbook_csv(session: Session, banks: Banks) -> str:
    """One row per answer of a workbook session (a plan: one row per action)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    owner = session.participants[0].name if session.participants else session.team
    tool = session.workbook.tool or ""
    from smp_tui.report import csv_cell

    def row(item: str, answer: object, note: str = "") -> None:
        writer.writerow([csv_cell(cell) for cell in (session.id, owner, session.created_at.date().isoformat(), tool,
                                                     item, "" if answer is None else answer, note)])

    workbook = session.workbook
    if tool == "learning_needs":
        for statement in banks.learning_needs.statements:
            entry = workbook.learning_needs.scores.get(statement.id)
            row(statement.text, entry.score if entry else None, entry.comment if entry else "")
    elif tool == "influencing":
        for influence in banks.influencing.statements:
            row(f"{influence.number}. {influence.text}", workbook.influencing.answers.get(influence.number),
                influence.style)
        for total in style_totals(workbook.influencing, banks.influencing):
            row(f"{total.style.name} total", total.total, total.band.name if total.band else
                f"{total.left} left to answer")
    elif tool == "instrument":
        for item in [*banks.instrument.strengths, *banks.instrument.difficulties]:
            answer = workbook.instrument.answers.get(item.id)
            row(item.text, None if answer is None else ("yes" if answer else "no"))
        for question in banks.instrument.questions:
            row(question.text, None, workbook.instrument.reflections.get(question.id, ""))
    elif tool == "plan":
        for action in session.actions:
            target = workbook.plan.targets.get(action.id, PlanTarget())
            row(action.text, action.due.isoformat() if action.due else None,
                f"{target.target} | SMARTER {smarter_summary(target, banks)} | {action.status}")
    return out.getvalue()


def whole_workbook(sessions: list[Session], banks: Banks, fmt: str) -> str:
    """Everything in a person's workbook: the latest result of each tool (with what moved
    since the one before), in one file for their supervision notes."""
    from smp_tui.logic.workbook import of_tool
    from smp_tui.interchange import to_json
    from smp_tui.report import html_page

    latest, before = [], {}
    for tool in TOOL_TITLES:
        done = of_tool(sessions, tool)
        if done:
            latest.append(done[-1])
            before[done[-1].id] = done[-2] if len(done) > 1 else None
    if not latest:
        raise ValueError("the workbook is empty: no tool has been started yet")
    if fmt == "json":
        return to_json(latest, banks)
    if fmt == "csv":
        parts = [workbook_csv(session, banks) for session in latest]
        return parts[0] + "".join(part.split("\n", 1)[1] for part in parts[1:])
    markdown = "\n".join(workbook_markdown(session, banks, before[session.id]) for session in latest)
    if fmt == "md":
        return markdown
    if fmt == "html":
        owner = latest[0].participants[0].name if latest[0].participants else latest[0].team
        return html_page(f"Workbook: {owner}", markdown)
    raise ValueError(f"unknown format {fmt!r}")
