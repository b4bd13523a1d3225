"""Records hold only text that is safe to show, dates in a sensible range, and ratings
that refer to people and indicators that exist (issue 10)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from smp_tui.models import (
    INDICATORS_MAX,
    LIST_MAX,
    PEOPLE_MAX,
    Action,
    Participant,
    Session,
    describe_errors,
    one_line,
    visible,
)
from smp_tui.store import Store

HOSTILE = "\x1b[2J\x1b]0;TT\x07\x1b]52;c;ZWNobyBoaQ==\x07\x00\r\x7f\x9b"


def _has_control(text: str) -> bool:
    return any(ord(ch) < 0x20 and ch not in "\n\t" or 0x7F <= ord(ch) < 0xA0 for ch in text)


def test_control_characters_are_stored_as_visible_placeholders():
    session = Session(team=f"Blue{HOSTILE}", title=f"Spring\nday{HOSTILE}",
                      participants=[Participant(name=f"Eve [/]{HOSTILE}")],
                      change={"description": f"line one\r\nline two\t{HOSTILE}"},
                      actions=[Action(text=f"Ring{HOSTILE}", owner="Eve\x1b")])
    texts = [session.team, session.title, session.participants[0].name, session.change.description,
             session.actions[0].text, session.actions[0].owner]
    assert not any(_has_control(text) for text in texts)
    assert session.title.startswith("Spring day␛[2J␛]0;TT␇")  # one-line field: the break is a space
    assert session.change.description.startswith("line one\nline two\t␛")  # text keeps its lines
    assert session.participants[0].name.startswith("Eve [/]")
    assert visible(visible(HOSTILE)) == visible(HOSTILE)  # cleaning twice changes nothing


def test_one_line_never_breaks_a_line():
    assert one_line("a\nb\rc\u2028d\x1b") == "a b c d␛"


def test_old_file_with_control_bytes_is_cleaned_on_load(store):
    session = Session(team="Blue", title="Spring")
    store.save(session)
    path = store.path_of(session.id)
    data = json.loads(path.read_text())
    (record,) = data["sessions"].values()
    record["title"] = "Spring\x1b]0;TT\x07"
    path.write_text(json.dumps(data))
    assert Store(store.folder).get(session.id).title == "Spring␛]0;TT␇"


def test_a_table_smp_does_not_read_keeps_what_json_allows_through_a_save(store):
    """A hand-made file may hold a table of its own, with strings JSON spells as escapes
    but UTF-8 cannot hold (a lone surrogate): a save keeps the table as it was."""
    session = Session(team="Blue", title="Spring")
    store.save(session)
    path = store.path_of(session.id)
    data = json.loads(path.read_text())
    data["notes"] = {"1": {"text": "\ud800 half a pair"}}
    path.write_text(json.dumps(data))
    store.update(session.id, lambda s: s.model_copy(update={"title": "Summer"}))
    kept = json.loads(path.read_text())
    assert kept["notes"] == {"1": {"text": "\ud800 half a pair"}}
    assert Store(store.folder).get(session.id).title == "Summer"


@pytest.mark.parametrize("field, value", [
    ("updated_at", "9999-12-31T23:59:59Z"), ("created_at", "0001-01-01T00:00:00+05:00"),
    ("updated_at", "9999-12-31T23:59:59-05:00"), ("created_at", "1999-12-31T23:59:59Z"),
])
def test_dates_outside_2000_to_2100_are_refused(field, value):
    with pytest.raises(ValidationError) as caught:
        Session.model_validate({"team": "Blue", "title": "Spring", field: value})
    assert describe_errors(caught.value) == f"{field}: year {value[:4].lstrip('0')} is outside 2000-2100"


def test_due_dates_outside_2000_to_2100_are_refused():
    with pytest.raises(ValidationError):
        Action(text="Ring", due=date(9999, 12, 31))
    assert Action(text="Ring", due=date(2100, 12, 31)).due.year == 2100


def test_ratings_must_be_by_people_in_the_session():
    ann = Participant(name="Ann")
    stranger = Participant(name="Stranger").id
    with pytest.raises(ValidationError) as caught:
        Session(team="Blue", title="Spring", participants=[ann],
                resilience={"ratings": [{"indicator": "leadership", "participant": stranger, "score": 3}]})
    assert "who is not in the session" in describe_errors(caught.value)
    assert describe_errors(caught.value).startswith("resilience: ")
    Session(team="Blue", title="Spring", participants=[ann],
            resilience={"ratings": [{"indicator": "leadership", "participant": ann.id, "score": 3},
                                    {"indicator": "leadership", "score": 4}]})


def test_anonymous_ratings_are_under_the_sessions_answer_keys():
    people = [Participant(name="Ann")]
    key, stranger = Participant(name="k").id, Participant(name="s").id
    ratings = [{"indicator": "leadership", "participant": key, "score": 3}]
    Session(team="Blue", title="Spring", anonymous=True, participants=people,
            resilience={"ratings": ratings, "anonymous_keys": [key]})
    with pytest.raises(ValidationError) as caught:
        Session(team="Blue", title="Spring", anonymous=True, participants=people,
                resilience={"ratings": ratings,
                            "revealed_ratings": [{"indicator": "leadership", "participant": stranger}],
                            "anonymous_keys": [key]})
    assert f"revealed rating 0 is by {stranger}, who is not in the session" in describe_errors(caught.value)


def test_one_rating_per_person_per_indicator():
    ann = Participant(name="Ann")
    copies = [{"indicator": "leadership", "participant": ann.id, "score": 5}] * 500
    with pytest.raises(ValidationError) as caught:
        Session(team="Blue", title="Spring", participants=[ann], resilience={"ratings": copies})
    assert "rating 1 repeats person" in describe_errors(caught.value)


def test_lists_have_limits_that_fit_the_domain():
    with pytest.raises(ValidationError) as caught:
        Session(team="Blue", title="Spring", participants=[{"name": f"P{n}"} for n in range(PEOPLE_MAX + 1)])
    assert describe_errors(caught.value).startswith("participants: List should have at most 100 items")
    with pytest.raises(ValidationError):
        Session(team="Blue", title="Spring", actions=[{"text": "x"}] * (LIST_MAX + 1))
    with pytest.raises(ValidationError):
        Session(team="Blue", title="Spring", participants=[{"name": "x", "id": Participant(name="x").id}] * 2)
    assert INDICATORS_MAX >= 13


@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_any_text_is_made_safe_and_stays_so(text):
    shown = visible(text)
    assert not _has_control(shown) and visible(shown) == shown
    line = one_line(text)
    assert not _has_control(line) and "\n" not in line and "\t" not in line and one_line(line) == line
    assert len(line) == len(text)  # one placeholder per character: nothing typed disappears


@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60)
       .filter(lambda t: one_line(t).strip()))
def test_any_name_is_stored_safe(name):
    session = Session(team=name, title=name, participants=[Participant(name=name)])
    assert all(not _has_control(text) for text in (session.team, session.title, session.participants[0].name))
    assert Session.model_validate(session.model_dump(mode="json")) == session
