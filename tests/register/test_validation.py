"""The register's validation: one place, one-line messages naming the field."""

from __future__ import annotations

import datetime as dt

import pytest

from attdash.register import validation
from tests.register.conftest import STATES, TODAY, raw_activity


@pytest.mark.parametrize("forged", [{"role": "secretariat"}, {"entered_by": "sara"}, {"id": 1},
                                    {"uid": "x"}, {"version": 9}, {"deleted_at": "2026-01-01"}])
def test_forged_fields_are_refused(forged):
    with pytest.raises(validation.InvalidInput, match="is not a field of an activity"):
        validation.activity(raw_activity(**forged), STATES, today=TODAY)


def test_clean_values():
    a = validation.activity(raw_activity(targets=[" ken ", "UGA", "KEN"], summary="  Line one\r\nline two  ",
                                         activity_date="2027-01-05", follow_up_date=dt.date(2027, 2, 1)),
                            STATES, today=TODAY)
    assert a.targets == ("KEN", "UGA") and a.summary == "Line one\nline two"
    assert a.date_status == "planned" and a.visibility == "members" and a.level is None
    assert a.follow_up_date == dt.date(2027, 2, 1)


@pytest.mark.parametrize("over, field", [
    ({"activity_date": (TODAY + dt.timedelta(days=3 * 366 + 1)).isoformat()}, "activity_date"),
    ({"activity_date": "2013-06-03"}, None),
    ({"summary": "<script>alert(1)</script>"}, None),        # stored as plain text, shown escaped
    ({"summary": "Robert'); DROP TABLE activities;--"}, None),
    ({"actor_name": "x" * 200}, None),
    ({"actor_name": "x" * 201}, "actor_name"),
    ({"summary": "zero\u200bwidth"}, "summary"),
    ({"actor_name": "Mission of Iran (\u0645\u06cc\u200c\u0634\u0648\u062f)"}, None),
])
def test_edges(over, field):
    if field is None:
        validation.activity(raw_activity(**over), STATES, today=TODAY)
    else:
        with pytest.raises(validation.InvalidInput) as exc:
            validation.activity(raw_activity(**over), STATES, today=TODAY)
        assert exc.value.field == field and "\n" not in str(exc.value)
