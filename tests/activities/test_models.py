"""The activities tables and their constraints."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError

from activities.factories import AttendanceFactory, SessionFactory


def test_it_refuses_a_session_that_ends_before_it_starts(activity):
    session = SessionFactory.build(activity=activity)
    session.ends_at = session.starts_at - timedelta(minutes=1)
    with pytest.raises(IntegrityError):
        session.save()


def test_it_keeps_one_register_mark_per_person_per_session(session, person, worker):
    AttendanceFactory(session=session, client=person, recorded_by=worker)
    with pytest.raises(IntegrityError):
        AttendanceFactory(session=session, client=person, recorded_by=worker)
