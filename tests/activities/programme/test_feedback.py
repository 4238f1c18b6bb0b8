"""Session feedback: anonymous answers are really anonymous (row and audit trail), named ones
are audited, the tablet page shows nobody else's data, and "you said, we did" links feedback."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pghistory.models
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from activities.factories import AttendanceFactory, BookingFactory
from activities.models import SessionFeedback, YouSaidWeDid
from activities.services import feedback as services
from recovery.audit.models import RecordAccess


def _events(feedback_id) -> list:
    return list(
        pghistory.models.Events.objects.filter(pgh_obj_model="activities.SessionFeedback", pgh_obj_id=str(feedback_id))
    )


PIN = "2468"
TABLET_FORM = reverse("activities:feedback_tablet_form")


def _hand_over(browser, session, person=None):
    """The worker chooses a PIN and is signed out; the browser now holds only the tablet flag."""
    url = (
        reverse("activities:feedback_tablet_for", args=[session.code, person.code])
        if person
        else reverse("activities:feedback_tablet", args=[session.code])
    )
    assert browser.post(url, {"pin": PIN, "pin_again": PIN}).status_code == 302
    return browser


def _tablet(client, session, data, person=None):
    _hand_over(client, session, person)
    return client.post(TABLET_FORM, {"idempotency_key": str(uuid.uuid4()), **data})


def test_it_stores_anonymous_feedback_without_client_staff_or_time(client_for, worker, attended):
    response = _tablet(client_for(worker), attended, {"rating": "4", "comment": "Loved the soup."})
    row = SessionFeedback.objects.get()
    assert response.status_code == 302
    assert (row.client_id, row.recorded_by_id, row.recorded_at, row.rating) == (None, None, None, 4)


def test_it_keeps_no_field_that_could_identify_an_anonymous_answer(attended):
    fields = {field.name for field in SessionFeedback._meta.concrete_fields}
    feedback, _ = services.feedback_give(session=attended, rating=5, comment="", idempotency_key=uuid.uuid4())
    set_values = {
        name for name in fields if getattr(feedback, name if name != "session" else "session_id") not in (None, "")
    }
    assert set_values == {"id", "session", "rating", "idempotency_key"}


def test_it_writes_no_history_event_or_context_for_anonymous_feedback(client_for, worker, attended):
    contexts_before = pghistory.models.Context.objects.count()
    _tablet(client_for(worker), attended, {"rating": "2", "comment": "Too noisy."})
    row = SessionFeedback.objects.get()
    assert (_events(row.pk), pghistory.models.Context.objects.count()) == ([], contexts_before)


def test_it_writes_no_record_access_for_anonymous_feedback(client_for, worker, attended, person):
    _tablet(client_for(worker), attended, {"rating": "3"})
    assert not RecordAccess.objects.filter(subject_code=person.code).exists()


def test_it_keeps_anonymous_when_the_named_person_ticks_the_box(client_for, worker, attended, person):
    _tablet(client_for(worker), attended, {"rating": "5", "anonymous": "on"}, person=person)
    row = SessionFeedback.objects.get()
    assert (row.client_id, row.recorded_by_id, row.recorded_at, _events(row.pk)) == (None, None, None, [])


def test_it_gives_anonymous_rows_random_keys_not_a_sequence(attended):
    ids = [
        services.feedback_give(session=attended, rating=4, comment="", idempotency_key=uuid.uuid4())[0].pk
        for _ in range(3)
    ]
    assert all(isinstance(pk, uuid.UUID) and pk.version == 4 for pk in ids)


def test_it_audits_named_feedback(client_for, worker, attended, person):
    _tablet(client_for(worker), attended, {"rating": "4", "comment": "Good."}, person=person)
    row = SessionFeedback.objects.get()
    events = _events(row.pk)
    assert (row.client_id, row.recorded_by_id, len(events)) == (person.pk, worker.pk, 1)
    assert events[0].pgh_context["user"] == worker.pk


def test_it_refuses_named_feedback_from_someone_not_on_the_register(past_session, make_open_client, worker, team):
    stranger = make_open_client(worker, team)
    with pytest.raises(ValidationError, match="not on this session's register"):
        services.feedback_give(
            session=past_session,
            rating=4,
            comment="",
            idempotency_key=uuid.uuid4(),
            client=stranger,
            recorded_by=worker,
        )


def test_it_accepts_named_feedback_from_someone_booked(past_session, person, worker):
    BookingFactory(session=past_session, client=person, booked_by=worker)
    feedback, created = services.feedback_give(
        session=past_session, rating=3, comment="", idempotency_key=uuid.uuid4(), client=person, recorded_by=worker
    )
    assert (created, feedback.client_id) == (True, person.pk)


def test_it_keeps_one_answer_on_a_double_tap(client_for, worker, attended):
    browser = _hand_over(client_for(worker), attended)
    key = str(uuid.uuid4())
    for _ in range(2):
        browser.post(TABLET_FORM, {"idempotency_key": key, "rating": "5"})
    assert SessionFeedback.objects.count() == 1


def test_it_refuses_feedback_before_the_session_starts(session):
    with pytest.raises(ValidationError, match="opens when the session starts"):
        services.feedback_give(session=session, rating=4, comment="", idempotency_key=uuid.uuid4())


def test_it_refuses_feedback_on_a_cancelled_session(past_session):
    past_session.status, past_session.cancel_reason = "cancelled", "Facilitator ill"
    past_session.save()
    with pytest.raises(ValidationError, match="cancelled"):
        services.feedback_give(session=past_session, rating=4, comment="", idempotency_key=uuid.uuid4())


def test_it_asks_for_a_rating_and_keeps_the_comment(client_for, worker, attended):
    response = _tablet(client_for(worker), attended, {"comment": "Half-written thought"})
    assert response.status_code == 422
    assert "Choose a number from 1 (poor) to 5 (great)." in response.content.decode()
    assert "Half-written thought" in response.content.decode()


def test_it_shows_the_tablet_page_without_navigation_or_other_peoples_names(
    client_for, worker, attended, make_open_client, team
):
    other = make_open_client(worker, team, first_name="Zebedee", last_name="Quill")
    AttendanceFactory(session=attended, client=other, recorded_by=worker)
    response = _hand_over(client_for(worker), attended).get(TABLET_FORM)
    html = response.content.decode()
    assert response.status_code == 200
    assert ("Zebedee" not in html, "Amara" not in html, "navbar" not in html, "Sign out" not in html) == (
        True,
        True,
        True,
        True,
    )


def test_it_greets_only_the_person_the_tablet_was_handed_to(
    client_for, worker, attended, person, make_open_client, team
):
    other = make_open_client(worker, team, first_name="Zebedee", last_name="Quill")
    AttendanceFactory(session=attended, client=other, recorded_by=worker)
    html = _hand_over(client_for(worker), attended, person).get(TABLET_FORM).content.decode()
    assert ("Hello Amara" in html, "Okafor" in html, "Zebedee" in html) == (True, False, False)


def test_it_stops_the_tablet_page_being_cached(client_for, worker, attended):
    response = _hand_over(client_for(worker), attended).get(TABLET_FORM)
    assert "no-store" in response["Cache-Control"]


def test_it_refuses_the_tablet_for_someone_not_on_the_session(client_for, worker, attended, make_open_client, team):
    stranger = make_open_client(worker, team)
    response = client_for(worker).get(reverse("activities:feedback_tablet_for", args=[attended.code, stranger.code]))
    assert response.status_code == 404


def test_it_hides_the_name_of_another_teams_client_in_the_feedback_list(
    client_for, worker, attended, other_team_worker, make_open_client, other_team_same_service
):
    theirs = make_open_client(other_team_worker, other_team_same_service, first_name="Yusuf", last_name="Kaur")
    AttendanceFactory(session=attended, client=theirs, recorded_by=other_team_worker)
    services.feedback_give(
        session=attended,
        rating=5,
        comment="Great",
        idempotency_key=uuid.uuid4(),
        client=theirs,
        recorded_by=other_team_worker,
    )
    html = client_for(worker).get(reverse("activities:session_feedback", args=[attended.code])).content.decode()
    assert ("Yusuf" in html, "A client of another team" in html) == (False, True)


def test_it_links_a_change_to_the_feedback_it_answers(attended, worker):
    feedback, _ = services.feedback_give(session=attended, rating=2, comment="Too cold", idempotency_key=uuid.uuid4())
    change, _ = services.you_said_we_did_record(
        service=attended.activity.service,
        by=worker,
        you_said="The room is too cold.",
        we_did="Fixed the heating.",
        changed_on=timezone.localdate(),
        idempotency_key=uuid.uuid4(),
        activity=attended.activity,
        feedback=[feedback],
    )
    assert list(change.feedback.all()) == [feedback]


def test_it_refuses_a_change_dated_in_the_future(attended, worker):
    with pytest.raises(ValidationError) as raised:
        services.you_said_we_did_record(
            service=attended.activity.service,
            by=worker,
            you_said="More trips",
            we_did="A monthly outing",
            changed_on=timezone.localdate() + timedelta(days=1),
            idempotency_key=uuid.uuid4(),
        )
    assert "changed_on" in raised.value.message_dict


def test_it_logs_a_change_once_on_a_double_submit(client_for, worker, attended):
    browser = client_for(worker)
    url = reverse("activities:you_said_we_did_create", args=[attended.activity.service.code])
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "you_said": "Start later",
        "we_did": "Starts at 11:00",
        "changed_on": timezone.localdate().isoformat(),
    }
    browser.post(url, data)
    browser.post(url, data)
    assert YouSaidWeDid.objects.count() == 1


def test_it_shows_the_log_with_what_people_said(client_for, worker, attended):
    services.you_said_we_did_record(
        service=attended.activity.service,
        by=worker,
        you_said="Start later please",
        we_did="Now starts at 11:00",
        changed_on=timezone.localdate(),
        idempotency_key=uuid.uuid4(),
    )
    html = (
        client_for(worker)
        .get(reverse("activities:you_said_we_did", args=[attended.activity.service.code]))
        .content.decode()
    )
    assert "Start later please" in html
    assert "Now starts at 11:00" in html
