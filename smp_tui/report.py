"""A session's summary rendered for people: Markdown, HTML and CSV. No Textual here.
JSON (the export `smp import` reads back) lives in interchange.py.

The summary screen shows the same Markdown this module writes, so the screen and the
file sent round never disagree. Notes marked private never leave the session: they are
left out of every export and of the summary (which may be on a projector)."""

from __future__ import annotations

import csv
from collections import Counter
import html
import io
import os
import re
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from smp_tui.banks import Banks
from smp_tui.logic.change import recommend_change
from smp_tui.logic.cynefin import DISORDER, NOT_PLACED_YET, UNPLACED, classify, domain_of
from smp_tui.logic.agenda import happened, parse_time, plan_end, show_time
from smp_tui.logic.good_work import Survey as GoodWorkSurvey
from smp_tui.logic.good_work import survey as good_work_survey
from smp_tui.logic.links import improvement_areas
from smp_tui.logic.privacy import for_export
from smp_tui.logic.stakeholders import by_quadrant as stakeholder_groups
from smp_tui.logic.stakeholders import not_placed as stakeholders_not_placed
from smp_tui.logic.summary import (
    ResilienceView,
    SessionSummary,
    counted,
    distribution_bar,
    mean_text,
    range_text,
    room_text,
    summarise,
    trend_text,
)
from smp_tui.interchange import to_json
from smp_tui.models import YES_NO, Session, utc_now
from smp_tui.safe_text import one_line

FORMATS = ("md", "html", "json", "csv")


# --- CSV ----------------------------------------------------------------------------------

CSV_COLUMNS = ("session_id", "team", "date", "participant", "indicator", "attribute", "score")
CSV_COUNT_COLUMNS = ("session_id", "team", "date", "indicator", "attribute", "rater", "score", "people")
GOOD_WORK_CSV_COLUMNS = ("session_id", "team", "date", "heading", "statement", "people_yes", "people_no",
                         "people_not_sure", "room", "note")
# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...),
# +cmd|...). OWASP's advice: start such a cell with a single quote, so it is shown as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A cell as a spreadsheet will show it, never run it: text that could start a formula
    gets a leading quote, control characters are made visible. Numbers pass unchanged."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS):
        value = "'" + value
    return one_line(value)


def to_csv(session: Session, banks: Banks) -> str:
    """A named session: one row per rating ("don't know" is an empty score). An anonymous
    one: how many people gave each score to each indicator, never rows per person. When
    people shared results from their own workbooks, a blank line and a second table of
    them follow (its own header row)."""
    bank = banks.resilience
    shown = for_export(session, bank)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")

    def write(cells: list) -> None:
        writer.writerow([csv_cell(cell) for cell in cells])

    order = {i.id: n for n, i in enumerate(bank.indicators)}
    day = session.created_at.date().isoformat()

    def where(indicator_id: str) -> list[str]:
        indicator = bank.indicator(indicator_id)
        return [indicator.name, bank.attribute(indicator.attribute).name]

    ratings = [r for r in shown.resilience.ratings if r.indicator in order]
    if session.anonymous:
        writer.writerow(CSV_COUNT_COLUMNS)
        counts = Counter(("room" if r.participant is None else "people", r.indicator,
                          "" if r.score is None else str(r.score)) for r in ratings)
        for (rater, indicator_id, score), people in sorted(
                counts.items(), key=lambda item: (order[item[0][1]], item[0][0] != "people", item[0][2])):
            write([session.id, session.team, day, *where(indicator_id), rater, score, people])
    else:
        names = {p.id: p.name for p in session.participants}
        writer.writerow(CSV_COLUMNS)
        for rating in sorted(ratings, key=lambda r: (order[r.indicator], names.get(r.participant or "", "") or "~")):
            who = "room" if rating.participant is None else names.get(rating.participant, "(removed)")
            write([session.id, session.team, day, who, *where(rating.indicator),
                   "" if rating.score is None else rating.score])
    good_work_rows = _good_work_csv_rows(session, banks, day)
    if good_work_rows:
        writer.writerow([])
        writer.writerow(GOOD_WORK_CSV_COLUMNS)
        for row in good_work_rows:
            write(row)
    if session.shared:  # only what people chose to share from their own workbooks
        from smp_tui.workbook_report import SHARED_CSV_COLUMNS, shared_csv_rows

        writer.writerow([])
        writer.writerow(SHARED_CSV_COLUMNS)
        for row in shared_csv_rows(session, banks):
            write(row)
    return out.getvalue()


def _good_work_csv_rows(session: Session, banks: Banks, day: str) -> list[list[object]]:
    """Tool 1 as counts per statement, never rows per person (in any session): how many
    people answered yes / no / not sure, and the room's agreed answer apart. Nothing while
    a remote session's answers are not revealed; hidden statements have no counts."""
    found = good_work_survey(session, banks.good_work, for_participant=True)
    if not found.shown or not (found.people.overall.answered or found.room):
        return []
    rows: list[list[object]] = []
    for heading in banks.good_work.headings:
        for statement in heading.statements:
            tally = found.people.statements[statement.id]
            room = getattr(banks.good_work.answers, found.room[statement.id]) if statement.id in found.room else ""
            if statement.id in found.hidden:
                counts: list[object] = ["", "", ""]
                note = f"hidden: fewer than {session.min_group} people answered"
            else:
                counts, note = [tally.counts["yes"], tally.counts["no"], tally.counts["not_sure"]], ""
            rows.append([session.id, session.team, day, heading.name, statement.text, *counts, room, note])
    return rows


# --- Markdown -----------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_MD_MARKER_START = re.compile(r"^([#+\-=])")
_MD_NUMBER_START = re.compile(r"^(\d+)([.)])")


def _bullets(add, title: str, lines: Iterable[str]) -> None:
    """A titled bullet list, with a blank line before and after its items; nothing at all
    when it has no items."""
    items = list(lines)
    if items:
        add(title)
        add("")
        for line in items:
            add(f"- {line}")
        add("")


def md(text: str) -> str:
    """Text a person typed, made literal in Markdown (one line), readable when pasted."""
    escaped = _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    escaped = _MD_MARKER_START.sub(r"\\\1", escaped)
    return _MD_NUMBER_START.sub(r"\1\\\2", escaped)


ARROWS = {"up": "▲ up", "down": "▼ down", "same": "= same", "new": "new"}


def to_markdown(session: Session, banks: Banks, previous: Session | None = None,
                now: datetime | None = None) -> str:
    """`now` is when the agenda's running item is measured to (default: this moment)."""
    if session.workbook.tool is not None:  # a person's own tool, for its owner
        from smp_tui.workbook_report import workbook_markdown

        return workbook_markdown(session, banks, previous)
    summary = summarise(session, banks, previous)
    good_work = good_work_survey(session, banks.good_work)  # applies the smallest-group rule itself
    taking_part = len(session.participants)
    session = summary.session
    lines: list[str] = []
    add = lines.append
    if session.anonymous:  # who took part is not printed beside anonymous answers
        people = f"{taking_part} people (anonymous)" if taking_part else "nobody listed"
    else:
        people = ", ".join(md(p.name) for p in session.participants) or "nobody listed"
    add(f"# {md(session.title)}: {md(session.team)}")
    add("")
    add(f"{session.created_at.strftime('%d %B %Y')} · {session.mode} · People: {people}")
    add("")
    _agenda_md(session, banks, now or utc_now(), add)
    _cynefin_md(session, banks, add)
    _change_md(session, banks, add)
    _resilience_md(summary, banks, add)
    _good_job_md(session, banks, add)
    if session.shared:  # only what people chose to share from their own workbooks
        from smp_tui.workbook_report import shared_markdown

        lines.extend(shared_markdown(session.shared, banks))
    _good_work_md(session, banks, good_work, add)
    _stakeholders_md(session, banks, add)
    _valuing_staff_md(session, banks, add)
    _improvement_md(session, banks, add)
    _actions_md(session, add)
    valuing_staff_used = session.valuing_staff != type(session.valuing_staff)()
    used = [bank.meta.source for bank, result in ((banks.agenda, session.agenda.items),
                                                  (banks.good_work, session.good_work.answers),
                                                  (banks.stakeholders, session.stakeholders.stakeholders),
                                                  (banks.valuing_staff, valuing_staff_used))
            if result]
    add(f"_Made with smp. Sources: {banks.cynefin.meta.source} {banks.change.meta.source} "
        f"{banks.resilience.meta.source} {banks.good_job.meta.source}{''.join(' ' + u for u in used)}_")
    return "\n".join(lines) + "\n"


def _clock(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%H:%M") if moment is not None else "–"


def _agenda_md(session: Session, banks: Banks, now: datetime, add) -> None:
    """The plan beside what happened; left out when the session had no agenda."""
    agenda = session.agenda
    if not agenda.items:
        return
    default = parse_time(banks.agenda.start)
    add("## The day: plan and what happened")
    add("")
    add(f"Planned {show_time(agenda.start or default)} to {show_time(plan_end(agenda, default))}, "
        f"{len(agenda.items)} items.")
    add("")
    add("| Planned | Minutes | Item | Started | Ended | Took | Over or short |")
    add("| --- | --- | --- | --- | --- | --- | --- |")
    for row in happened(agenda, default, now):
        item = row.planned.item
        took = f"{row.taken_minutes:.0f}" if row.taken_minutes is not None else "–"
        if row.skipped:
            over = "skipped"
        elif row.over_minutes is None:
            over = "running" if item.id == agenda.current else "–"
        else:  # in words, as the agenda screen says it ("-20" read as a skipped item's)
            minutes = round(row.over_minutes)
            over = "on time" if minutes == 0 else f"{abs(minutes)} {'over' if minutes > 0 else 'short'}"
        if item.extra_minutes:
            over += f" (+{item.extra_minutes} given)"
        add(f"| {show_time(row.planned.start)}–{show_time(row.planned.end)} | {item.minutes} | {md(item.name)} | "
            f"{_clock(row.started)} | {_clock(row.ended)} | {took} | {over} |")
    add("")
    overruns = [r.over_minutes for r in happened(agenda, default, now) if r.over_minutes is not None
                and r.over_minutes >= 1]
    if overruns:
        add(f"Overran: {counted(len(overruns), 'item')}, {sum(overruns):.0f} minutes in all.")
        add("")


def _good_work_md(session: Session, banks: Banks, found: GoodWorkSurvey, add) -> None:
    """People's shares per heading; the room's agreed answers apart, never counted as a person."""
    bank = banks.good_work
    if not found.shown:
        if any(count for _, count in found.answered):
            add(f"## {bank.meta.title}")
            add("")
            add("People's answers are not revealed yet.")
            add("")
        return
    if not found.any_answers:
        return
    add(f"## {bank.meta.title}")
    add("")
    people = found.people
    room = " | The room agreed |" if found.room else " |"
    add(f"| Heading | Yes | No | Not sure | People{room}")
    add("| --- | --- | --- | --- | --- |" + (" --- |" if found.room else ""))
    for heading in bank.headings:
        tally = people.headings[heading.id]
        hidden = found.heading_hidden(bank, heading.id)
        note = f" ({hidden} hidden: fewer than {session.min_group} people)" if hidden else ""
        shares = " | ".join(f"{tally.share(a):.0%}" if tally.answered else "–" for a in YES_NO)
        agreed = found.room_heading(bank, heading.id)
        room_words = ", ".join(f"{agreed.counts[a]} {getattr(bank.answers, a).lower()}" for a in YES_NO
                               if agreed.counts[a]) or "–"
        room_cell = f" {room_words} |" if found.room else ""
        add(f"| {heading.name}{note} | {shares} | {tally.people} |{room_cell}")
    add("")
    if found.room:
        add("Shares are people's answers; the room's agreed answers are counted apart, never as a person.")
        add("")
    flagged = people.most_no(bank)
    _bullets(add, "Most often answered no:",
             (f"{bank.statement(s).text} ({people.statements[s].counts['no']} of {people.statements[s].answered})"
              for s in flagged))
    room_no = found.room_said_no(bank)
    _bullets(add, "The room agreed no:", (bank.statement(s).text for s in room_no))


def _stakeholders_md(session: Session, banks: Banks, add) -> None:
    bank = banks.stakeholders
    people = session.stakeholders.stakeholders
    if not people:
        return
    add(f"## {bank.meta.title}")
    add("")
    grouped = stakeholder_groups(people, bank)
    for quadrant in bank.quadrants:
        members = grouped[quadrant.id]
        add(f"- **{quadrant.name}** ({quadrant.approach}): {'; '.join(md(p.name) for p in members) or '–'}")
    if waiting := stakeholders_not_placed(people):
        add(f"- **{NOT_PLACED_YET.capitalize()}**: {'; '.join(md(p.name) for p in waiting)}")
    add("")
    noted = [p for p in people if any((p.current_demands, p.current_response, p.future_demands, p.future_response,
                                       p.resistance))]
    if noted:
        add("| Stakeholder | Demands now | Our response now | Demands in future | Our response in future |")
        add("| --- | --- | --- | --- | --- |")
        for person in noted:
            cells = [md(getattr(person, f)) or "–"
                     for f in ("current_demands", "current_response", "future_demands", "future_response")]
            add(f"| {md(person.name)} | {' | '.join(cells)} |")
        add("")
        reasons = {r.id: r.text for r in banks.change.resistance}
        for person in noted:
            if person.resistance:
                named = "; ".join(reasons[r] for r in person.resistance if r in reasons)
                add(f"- {md(person.name)} may resist because: {named}")
        if any(p.resistance for p in noted):
            add("")


def _valuing_staff_md(session: Session, banks: Banks, add) -> None:
    bank = banks.valuing_staff
    result = session.valuing_staff
    if not (result.capture or result.sharing or result.reward or result.value_statement):
        return
    add(f"## {bank.meta.title}")
    add("")
    for name in ("capture", "sharing", "reward"):
        items = getattr(result, name)
        if items:
            add(f"{getattr(bank.lists, name)}:")
            add("")
            for item in items:
                add(f"- {md(item)}")
            add("")
    if result.value_statement:
        add(f"**{bank.value.title}**, in our words: {md(result.value_statement)}")
        add("")


def _improvement_md(session: Session, banks: Banks, add) -> None:
    proposals = improvement_areas(session, banks)
    if not proposals:
        return
    add("## Proposed areas for the practice improvement plan")
    add("")
    for proposal in proposals:
        add(f"- {proposal.name} ({proposal.why})")
    add("")


def _cynefin_md(session: Session, banks: Banks, add) -> None:
    bank = banks.cynefin
    activities = session.cynefin.activities
    add("## Decision context: the activity map")
    add("")
    if not activities:
        add("No activities were mapped in this session.")
        add("")
        return
    add("| Domain | Activities |")
    add("| --- | --- |")
    names = {d.id: d.name for d in bank.domains} | {DISORDER: bank.disorder.name, UNPLACED: NOT_PLACED_YET}
    for domain_id in ("complex", "complicated", "chaotic", "simple", DISORDER, UNPLACED):
        members = [md(a.name) for a in activities if domain_of(a, bank) == domain_id]
        if members or domain_id != UNPLACED:
            add(f"| {names[domain_id]} | {'; '.join(members) or '–'} |")
    add("")
    for activity in activities:
        domain_id = domain_of(activity, bank)
        placement = classify(activity.answers, bank)
        if activity.placed:
            how = (f"placed by the team: {md(activity.placed_reason)}" if activity.placed_reason
                   else "placed by the team")
        else:
            how = f"from the answers, confidence {placement.confidence:.0%}"
        heading = names[domain_id] if domain_id == UNPLACED else f"{names[domain_id]} ({how})"
        add(f"### {md(activity.name)}: {heading}")
        add("")
        _bullets(add, "Actions and methods:", (md(method) for method in activity.methods))
        _bullets(add, "What could go wrong, and how we would correct it:",
                 (md(risk.what) + (f" → {md(risk.correction)}" if risk.correction else "")
                  for risk in activity.risks))


def _change_md(session: Session, banks: Banks, add) -> None:
    bank = banks.change
    result = session.change
    add("## Change")
    add("")
    if not (result.description or result.answers or result.chosen_mode):
        add("The change chooser was not used in this session.")
        add("")
        return
    if result.description:
        add(md(result.description))
        add("")
    rec = recommend_change(result.answers, bank)
    if rec.mode:
        add(f"- Recommended: **{bank.mode(rec.mode).name}** (confidence {rec.confidence:.0%})")
    if result.chosen_mode:
        reason = f": {md(result.choice_reason)}" if result.choice_reason else ""
        add(f"- Chosen: **{bank.mode(result.chosen_mode).name}**{reason}")
    drivers = [f.name for f in bank.driver_families if f.id in result.drivers]
    kinds = [k.name for k in bank.kinds if k.id in result.kinds]
    if drivers or kinds:
        add(f"- Driven by: {', '.join(drivers) or '–'}; kind of change: {', '.join(kinds) or '–'}")
    add(f"- Conditions for success in place: {len(result.conditions)} of {len(bank.conditions)}")
    missing = [c.text for c in bank.conditions if c.id not in result.conditions]
    add("")
    _bullets(add, "Conditions still to put in place:", missing)
    risks = [(bank.resistance, result.resistance), (bank.pitfalls, result.pitfalls)]
    ticked = [(item, t.mitigation) for items, chosen in risks for t in chosen for item in items if item.id == t.id]
    _bullets(add, "Open risks (reasons for resistance and pitfalls) and how we will meet them:",
             (f"{item.text} → {md(mitigation) if mitigation else '_no mitigation yet_'}"
              for item, mitigation in ticked))
    if any(result.lewin.values()):  # then every step, the empty ones too
        _bullets(add, "Lewin plan:",
                 (f"**{step.name}**: {md(result.lewin.get(step.id, '')) or '–'}" for step in bank.lewin))


def _resilience_md(summary: SessionSummary, banks: Banks, add) -> None:
    bank = banks.resilience
    session, view = summary.session, summary.resilience
    add("## Resilience")
    add("")
    if not view.shown:
        done = sum(1 for _, count in view.answered if count)
        add(f"Results are hidden until the facilitator reveals the round; {done} of "
            f"{len(view.answered)} people have answered.")
        add("")
    elif not view.any_ratings and not session.resilience.notes:
        add("No resilience ratings in this session.")
        add("")
        return
    if view.shown and view.any_ratings:
        _ratings_md(view, bank, add)
    known = {x.id for x in bank.indicators}
    notes = [(bank.indicator(i), n) for i, n in session.resilience.notes.items()
             if any((n.working_well, n.worries, n.addressing)) and i in known]
    if notes:
        add("Notes:")
        add("")
        for indicator, note in notes:
            add(f"- **{indicator.name}**")
            for title, text in (("Working well", note.working_well), ("Worries", note.worries),
                                ("What we are doing", note.addressing)):
                if text:
                    add(f"  - {title}: {md(text)}")
        add("")


def _ratings_md(view: ResilienceView, bank, add) -> None:
    previous = view.compared_with
    add(f"Scale: {', '.join(f'{k} {v}' for k, v in sorted(bank.scale.labels.items()))}.")
    add("")
    room = " | Room" if view.has_room else ""
    since = f" | Since {previous.created_at.strftime('%d %b %Y')}" if previous is not None else ""
    add(f"| Indicator | Mean | Range | 1·2·3·4·5 | Scores | Don't know{room}{since} |")
    add("| --- | --- | --- | --- | --- | ---" + (" | ---" if room else "") + (" | ---" if since else "") + " |")
    for row in view.rows:
        bold = "**" if row.level != "indicator" else ""
        name = f"{bold}{row.name}{bold}"
        if row.hidden:
            cells = [name, f"hidden: fewer than {view.min_group} people", "", "", "", ""]
        else:
            cells = [name, f"{bold}{mean_text(row.people)}{bold}", range_text(row.people),
                     distribution_bar(row.people), str(row.people.rated), str(row.people.dont_know)]
        if room:
            cells.append(room_text(row.room) or "–")
        if since:
            cells.append(trend_text(row.trend, ARROWS) or "–")
        add("| " + " | ".join(cells) + " |")
    add("")
    overall = view.overall
    if overall is not None:
        add(f"Whole profile: people's mean {mean_text(overall.people)} from {overall.people.rated} ratings "
            f"by {counted(view.people, 'person', 'people')}.")
    if view.hidden:
        add(f"{counted(view.hidden, 'indicator')} hidden: fewer than {view.min_group} people rated them; "
            "attribute and whole-profile figures leave them out.")
    if view.has_room:
        add("Room: the rating the room agreed, shown beside people's ratings and never counted in them.")
    add("")
    _bullets(add, "Where people disagree most (discuss these first):",
             (f"{split.name}: {md(split.describe())}" for split in view.splits))


def _good_job_md(session: Session, banks: Banks, add) -> None:
    bank = banks.good_job
    result = session.good_job
    add("## How do we know we are doing a good job?")
    add("")
    if not any(s.happening or s.could_do for s in result.stages.values()) and not any(result.measures.values()):
        add("The good-job cycle was not used in this session.")
        add("")
        return
    for number, stage in enumerate(bank.stages, start=1):
        notes = result.stages.get(stage.id)
        if notes is None or not (notes.happening or notes.could_do):
            continue
        add(f"### {number}. {stage.name}")
        add("")
        for title, items in (("Already happening", notes.happening), ("What else we could do", notes.could_do)):
            if items:
                add(f"{title}:")
                add("")
                for item in items:
                    add(f"- {md(item)}")
                add("")
    if any(result.measures.values()):
        add("Measures:")
        add("")
        for quadrant in bank.quadrants:
            items = result.measures.get(quadrant.id, [])
            if items:
                add(f"- **{quadrant.name}** ({quadrant.axes}): {'; '.join(md(i) for i in items)}")
        add("")


REVIEW_DECISIONS = {"done": "done", "carried": "carried forward into this session", "dropped": "dropped"}


def _actions_md(session: Session, add) -> None:
    if session.reviewed:
        add("## Earlier actions reviewed")
        add("")
        add("| Action | Owner | From session | Decision |")
        add("| --- | --- | --- | --- |")
        for decided in session.reviewed:
            add(f"| {md(decided.text)} | {md(decided.owner) or '–'} | {md(decided.from_session) or '–'} | "
                f"{REVIEW_DECISIONS[decided.decision]} |")
        add("")
    add("## Actions")
    add("")
    if not session.actions:
        add("No actions were agreed in this session.")
        add("")
        return
    add("| Action | Owner | Due | Status |")
    add("| --- | --- | --- | --- |")
    ordered = sorted(session.actions, key=lambda a: (a.owner.casefold() or "~", a.due or date.max, a.created_at))
    for action in ordered:
        due = action.due.isoformat() if action.due else "–"
        add(f"| {md(action.text)} | {md(action.owner) or '–'} | {due} | {action.status} |")
    add("")


# --- HTML ---------------------------------------------------------------------------------

_CSS = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #111; line-height: 1.45; }
h1 { border-bottom: 3px solid #1d4f91; } h2 { color: #1d4f91; margin-top: 2rem; }
table { border-collapse: collapse; margin: 1rem 0; } td, th { border: 1px solid #999; padding: .3rem .6rem; }
th { background: #e8eef7; text-align: left; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } table { break-inside: avoid; } }
"""


def to_html(session: Session, banks: Banks, previous: Session | None = None) -> str:
    return html_page(f"{session.title}: {session.team}", to_markdown(session, banks, previous))


def html_page(title: str, markdown: str) -> str:
    """One printable page from Markdown (raw HTML in it is shown as text, never run)."""
    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown)
    return (f"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{html.escape(title)}</title>\n"
            f"<style>{_CSS}</style>\n</head>\n<body>\n{body}</body>\n</html>\n")


def write_export(path: Path, text: str) -> None:
    """Write an export file readable by its owner only (it may hold names and ratings)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def export(session: Session, banks: Banks, fmt: str, previous: Session | None = None) -> str:
    if fmt == "md":
        return to_markdown(session, banks, previous)
    if fmt == "html":
        return to_html(session, banks, previous)
    if fmt == "csv":
        if session.workbook.tool is not None:
            from smp_tui.workbook_report import workbook_csv

            return workbook_csv(session, banks)
        return to_csv(session, banks)
    if fmt == "json":
        return to_json([session], banks)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
