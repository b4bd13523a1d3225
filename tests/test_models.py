from datetime import timezone, datetime, timedelta

import pytest
from hypothesis import given, strategies as st
from pydantic import ValidationError

from smp_tui.models import NAME_MAX, Action, Session, describe_errors


def test_session_defaults_everything_but_team_and_title():
    session = Session(team="Blue team", title="Spring away-day")
    assert session.mode == "away-day"
    assert session.created_at.tzinfo is not None and session.created_at.utcoffset() == timedelta(0)
    assert session.participants == [] and session.actions == []
    assert session.cynefin.activities == [] and session.resilience.ratings == []
    assert len(session.id) == 36 and session.schema_version == 1


def test_text_is_stripped():
    session = Session(team="  Blue team ", title="\tSpring\n")
    assert (session.team, session.title) == ("Blue team", "Spring")


@pytest.mark.parametrize("field", ["team", "title"])
def test_team_and_title_cannot_be_empty(field):
    values = {"team": "Blue", "title": "Spring", field: "   "}
    with pytest.raises(ValidationError) as caught:
        Session(**values)
    assert caught.value.errors()[0]["loc"] == (field,)


def test_too_long_text_names_the_field():
    with pytest.raises(ValidationError) as caught:
        Session(team="Blue", title="Spring", participants=[{"name": "x" * (NAME_MAX + 1)}])
    assert caught.value.errors()[0]["loc"] == ("participants", 0, "name")


def test_action_status_and_unknown_fields_are_checked():
    with pytest.raises(ValidationError) as caught:
        Action(text="Ring the duty team", status="maybe")
    assert caught.value.errors()[0]["loc"] == ("status",)
    with pytest.raises(ValidationError):
        Session(team="Blue", title="Spring", colour="red")


def test_times_are_kept_in_utc():
    local = datetime(2026, 5, 1, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    session = Session(team="Blue", title="Spring", created_at=local)
    assert session.created_at.utcoffset() == timedelta(0) and session.created_at.hour == 10
    with pytest.raises(ValidationError):
        Session(team="Blue", title="Spring", created_at=datetime(2026, 5, 1, 12, 0))


def test_ids_must_be_uuid4():
    with pytest.raises(ValidationError) as caught:
        Session(id="not-a-uuid", team="Blue", title="Spring")
    assert caught.value.errors()[0]["loc"] == ("id",)
    assert describe_errors(caught.value) == "id: must be a lower-case uuid4 string"


def _is_canonical_uuid4(value: str) -> bool:
    """The rule the id check stands for, written with the uuid module."""
    import uuid

    try:
        parsed = uuid.UUID(value)
    except (ValueError, TypeError):
        return False
    return parsed.version == 4 and str(parsed) == value


_HEX_AND_MORE = "0123456789abcdefABCDEF-{}x: \n"


@given(st.one_of(
    st.uuids().map(str),
    st.uuids().map(lambda u: str(u).upper()),
    st.uuids().map(lambda u: u.hex),
    st.uuids().map(lambda u: "{" + str(u) + "}"),
    st.uuids().map(lambda u: str(u) + "\n"),
    st.text(alphabet=_HEX_AND_MORE, min_size=30, max_size=40),
    st.text(max_size=40),
))
def test_an_id_is_accepted_exactly_when_it_is_a_lower_case_uuid4(value):
    accepted = True
    try:
        Session(id=value, team="Blue", title="Spring")
    except ValidationError:
        accepted = False
    assert accepted == _is_canonical_uuid4(value)
