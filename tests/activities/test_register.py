"""The register: one-tap marks (idempotent), capacity, walk-ins, who is shown how, alerts, the
access log, and taking part counting as being seen."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from activities import choices
from activities.factories import BookingFactory, SessionFactory
from activities.models import Attendance, Booking, RegularAttendee
from activities.services.attendance import (
    attendance_mark,
    booking_cancel,
    booking_create,
    regular_attendee_add,
    regular_attendee_end,
    walk_in_add,
)
from clients.access import break_glass_expiry
from clients.models import BreakGlassGrant, Client
from recovery.audit.models import RecordAccess
from risk import services as risk_services


@pytest.fixture
def today_session(activity):
    """A session that started half an hour ago: its register is open."""
    return SessionFactory(activity=activity, starts_at=timezone.now() - timedelta(minutes=30))


def _mark_url(session, booking) -> str:
    return reverse("activities:register_mark", args=[session.code, booking.code])


def test_it_marks_someone_with_one_tap(today_session, person, worker, client_for):
    booking = BookingFactory(session=today_session, client=person, booked_by=worker)

    response = client_for(worker).post(_mark_url(today_session, booking), {"mark": "attended"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert Attendance.objects.get(session=today_session, client=person).mark == choices.Mark.ATTENDED
    assert 'aria-pressed="true"' in response.content.decode()


def test_it_ignores_a_double_tap(today_session, person, worker, client_for):
    booking = BookingFactory(session=today_session, client=person, booked_by=worker)
    http = client_for(worker)

    http.post(_mark_url(today_session, booking), {"mark": "late"}, HTTP_HX_REQUEST="true")
    second = http.post(_mark_url(today_session, booking), {"mark": "late"}, HTTP_HX_REQUEST="true")

    assert second.status_code == 200
    assert Attendance.objects.filter(session=today_session, client=person).count() == 1
    assert Attendance.pgh_event_model.objects.filter(pgh_obj__session=today_session).count() == 1


def test_it_changes_a_mark_on_a_second_different_tap(today_session, person, worker):
    BookingFactory(session=today_session, client=person, booked_by=worker)
    attendance_mark(session=today_session, client=person, mark=choices.Mark.ATTENDED, by=worker)

    attendance, changed = attendance_mark(session=today_session, client=person, mark=choices.Mark.LEFT_EARLY, by=worker)

    assert (attendance.mark, changed) == (choices.Mark.LEFT_EARLY, True)


def test_it_redirects_a_plain_post_back_to_the_register(today_session, person, worker, client_for):
    booking = BookingFactory(session=today_session, client=person, booked_by=worker)

    response = client_for(worker).post(_mark_url(today_session, booking), {"mark": "absent"})

    assert response.status_code == 302
    assert response["Location"] == reverse("activities:register", args=[today_session.code])


def test_it_refuses_a_mark_before_the_day_of_the_session(session, person, worker):
    BookingFactory(session=session, client=person, booked_by=worker)

    with pytest.raises(ValidationError, match="opens on the day"):
        attendance_mark(session=session, client=person, mark=choices.Mark.ATTENDED, by=worker)


def test_it_refuses_an_unknown_mark_beside_the_row(today_session, person, worker, client_for):
    booking = BookingFactory(session=today_session, client=person, booked_by=worker)

    response = client_for(worker).post(_mark_url(today_session, booking), {"mark": "asleep"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 422
    assert "Choose attended, late, left early or absent." in response.content.decode()


def test_it_refuses_a_booking_beyond_capacity(activity, session, make_open_client, worker, team):
    activity.capacity = 2
    activity.save()
    for _ in range(2):
        booking_create(session=session, client=make_open_client(worker, team), by=worker)

    with pytest.raises(ValidationError, match="This session is full"):
        booking_create(session=session, client=make_open_client(worker, team), by=worker)


def test_it_frees_a_place_when_a_booking_is_cancelled(activity, session, make_open_client, worker, team):
    activity.capacity = 1
    activity.save()
    first, _ = booking_create(session=session, client=make_open_client(worker, team), by=worker)
    booking_cancel(booking=first, by=worker)

    booking, created = booking_create(session=session, client=make_open_client(worker, team), by=worker)

    assert created
    assert booking.status == choices.BookingStatus.BOOKED


def test_it_returns_the_first_booking_when_someone_is_booked_twice(session, person, worker):
    first, _ = booking_create(session=session, client=person, by=worker)

    again, changed = booking_create(session=session, client=person, by=worker)

    assert (again.pk, changed) == (first.pk, False)


def test_it_counts_walk_ins_against_capacity(activity, today_session, make_open_client, worker, team):
    activity.capacity = 1
    activity.save()
    walk_in_add(session=today_session, client=make_open_client(worker, team), by=worker)

    with pytest.raises(ValidationError, match="This session is full"):
        walk_in_add(session=today_session, client=make_open_client(worker, team), by=worker)


def test_it_books_and_marks_a_walk_in(today_session, person, worker, client_for):
    response = client_for(worker).post(
        reverse("activities:walk_in_add", args=[today_session.code]), {"client": str(person.code)}
    )

    assert response.status_code == 302
    assert Booking.objects.get(session=today_session, client=person).is_walk_in
    assert Attendance.objects.get(session=today_session, client=person).mark == choices.Mark.ATTENDED


def test_it_refuses_a_walk_in_the_facilitator_cannot_see(
    today_session, make_open_client, other_team_same_service, other_team_worker, worker, client_for
):
    stranger = make_open_client(other_team_worker, other_team_same_service)

    response = client_for(worker).post(
        reverse("activities:walk_in_add", args=[today_session.code]), {"client": str(stranger.code)}
    )

    assert response.status_code == 404


def test_it_finds_walk_ins_through_the_clients_search(today_session, person, worker, client_for):
    response = client_for(worker).get(
        reverse("activities:client_search", args=[today_session.code]),
        {"q": person.last_name, "purpose": "walk_in"},
        HTTP_HX_REQUEST="true",
    )

    assert person.display_name in response.content.decode()
    assert reverse("activities:walk_in_add", args=[today_session.code]) in response.content.decode()


def test_it_shows_other_teams_people_by_first_name_and_initial(
    today_session, make_open_client, other_team_same_service, other_team_worker, worker, client_for
):
    stranger = make_open_client(other_team_worker, other_team_same_service, first_name="Bethany", last_name="Carter")
    BookingFactory(session=today_session, client=stranger, booked_by=other_team_worker)

    page = client_for(worker).get(reverse("activities:register", args=[today_session.code])).content.decode()

    assert "Bethany C." in page
    assert "Carter" not in page
    assert str(stranger.code) not in page


def test_it_shows_alerts_of_people_the_facilitator_can_see(today_session, person, worker, client_for):
    BookingFactory(session=today_session, client=person, booked_by=worker)
    risk_services.alert_set(
        client=person, by=worker, alert_type="other", text="Allergic to nuts", starts_on=timezone.localdate()
    )

    page = client_for(worker).get(reverse("activities:register", args=[today_session.code])).content.decode()

    assert "Allergic to nuts" in page


def test_it_shows_only_alerts_from_the_persons_risk_flags(today_session, person, worker, client_for):
    # The person has no risk assessment, which flags "No in-date risk assessment" on caseloads:
    # a register shows the facilitator alerts only.
    BookingFactory(session=today_session, client=person, booked_by=worker)
    risk_services.alert_set(
        client=person, by=worker, alert_type="other", text="Allergic to nuts", starts_on=timezone.localdate()
    )

    page = client_for(worker).get(reverse("activities:register", args=[today_session.code])).content.decode()

    assert "Allergic to nuts" in page
    assert "No in-date risk assessment" not in page


def test_it_hides_alerts_of_people_the_facilitator_cannot_see(
    today_session, make_open_client, other_team_same_service, other_team_worker, worker, client_for
):
    stranger = make_open_client(other_team_worker, other_team_same_service)
    BookingFactory(session=today_session, client=stranger, booked_by=other_team_worker)
    risk_services.alert_set(
        client=stranger,
        by=other_team_worker,
        alert_type="other",
        text="Do not discuss ex-partner",
        starts_on=timezone.localdate(),
    )

    page = client_for(worker).get(reverse("activities:register", args=[today_session.code])).content.decode()

    assert "Do not discuss ex-partner" not in page


def test_it_logs_who_viewed_the_people_on_a_register(today_session, person, worker, client_for):
    BookingFactory(session=today_session, client=person, booked_by=worker)

    client_for(worker).get(reverse("activities:register", args=[today_session.code]))

    assert RecordAccess.objects.filter(
        user=worker, subject_code=person.code, detail__startswith="activity register"
    ).exists()


def test_it_counts_taking_part_as_being_seen(today_session, person, worker):
    BookingFactory(session=today_session, client=person, booked_by=worker)
    person.last_contact_at = today_session.starts_at - timedelta(days=20)
    person.save(update_fields=["last_contact_at"])

    attendance_mark(session=today_session, client=person, mark=choices.Mark.LATE, by=worker)

    person.refresh_from_db()
    assert person.last_contact_at == today_session.starts_at


def test_it_does_not_count_absence_as_being_seen(today_session, person, worker):
    BookingFactory(session=today_session, client=person, booked_by=worker)
    before = person.last_contact_at

    attendance_mark(session=today_session, client=person, mark=choices.Mark.ABSENT, by=worker)

    person.refresh_from_db()
    assert person.last_contact_at == before


def test_it_cancels_a_regulars_future_bookings_when_their_place_ends(activity, session, person, worker):
    regular = regular_attendee_add(activity=activity, client=person, by=worker)
    assert Booking.objects.get(session=session, client=person).status == choices.BookingStatus.BOOKED

    regular_attendee_end(regular=regular, by=worker)

    assert Booking.objects.get(session=session, client=person).status == choices.BookingStatus.CANCELLED


def test_it_refuses_a_regular_from_another_service(
    activity, make_open_client, other_service_team, other_service_worker
):
    stranger = make_open_client(other_service_worker, other_service_team)

    with pytest.raises(ValidationError, match="supported by this service"):
        regular_attendee_add(activity=activity, client=stranger, by=other_service_worker)


def test_it_books_a_place_from_the_session_page(session, person, worker, client_for):
    response = client_for(worker).post(
        reverse("activities:booking_add", args=[session.code]), {"client": str(person.code)}
    )

    assert response.status_code == 302
    assert Booking.objects.get(session=session, client=person).status == choices.BookingStatus.BOOKED


def test_it_says_when_a_session_is_full_on_the_session_page(activity, session, person, worker, client_for):
    activity.capacity = 1
    activity.save()
    BookingFactory(session=session, booked_by=worker, client__team=person.team)

    response = client_for(worker).post(
        reverse("activities:booking_add", args=[session.code]), {"client": str(person.code)}, follow=True
    )

    assert "This session is full" in response.content.decode()
    assert not Booking.objects.filter(session=session, client=person).exists()


def test_it_refreshes_the_counts_beside_the_row_after_a_tap(
    today_session, person, make_open_client, worker, team, client_for
):
    booking = BookingFactory(session=today_session, client=person, booked_by=worker)
    BookingFactory(session=today_session, client=make_open_client(worker, team), booked_by=worker)

    page = (
        client_for(worker)
        .post(_mark_url(today_session, booking), {"mark": "attended"}, HTTP_HX_REQUEST="true")
        .content.decode()
    )

    assert 'hx-swap-oob="true"' in page
    assert " ".join(page.split()).count("2 booked of 8 places · 1 marked") == 1


def test_it_logs_who_viewed_the_people_booked_on_a_session_page(session, person, worker, client_for):
    BookingFactory(session=session, client=person, booked_by=worker)

    client_for(worker).get(reverse("activities:session_detail", args=[session.code]))

    assert RecordAccess.objects.filter(
        user=worker, subject_code=person.code, detail__startswith="activity session"
    ).exists()


def test_it_logs_no_access_for_people_shown_only_by_first_name(
    today_session, make_open_client, other_team_same_service, other_team_worker, worker, client_for
):
    stranger = make_open_client(other_team_worker, other_team_same_service)
    BookingFactory(session=today_session, client=stranger, booked_by=other_team_worker)

    client_for(worker).get(reverse("activities:register", args=[today_session.code]))

    assert not RecordAccess.objects.filter(user=worker, subject_code=stranger.code).exists()


@pytest.mark.parametrize(
    ("url_name", "on_activity"), [("walk_in_add", False), ("booking_add", False), ("regular_add", True)]
)
def test_it_refuses_a_break_glass_reader_a_booking_walk_in_or_regular_place(
    url_name,
    on_activity,
    today_session,
    make_open_client,
    other_team_same_service,
    other_team_worker,
    worker,
    client_for,
):
    stranger = make_open_client(other_team_worker, other_team_same_service)
    BreakGlassGrant.objects.create(
        client=stranger, user=worker, reason="Needed for a safeguarding call.", expires_at=break_glass_expiry()
    )
    target = today_session.activity.code if on_activity else today_session.code

    response = client_for(worker).post(reverse(f"activities:{url_name}", args=[target]), {"client": str(stranger.code)})

    assert response.status_code == 403
    assert not Booking.objects.filter(client=stranger).exists()
    assert not Attendance.objects.filter(client=stranger).exists()
    assert not RegularAttendee.objects.filter(client=stranger).exists()


@pytest.fixture
def restricted_person(make_open_client, worker, team):
    """A restricted client of ``team``, allocated to ``worker`` only."""
    person = make_open_client(worker, team, first_name="Rowena", last_name="Quist")
    Client.objects.filter(pk=person.pk).update(is_restricted=True)
    person.refresh_from_db()
    return person


def test_it_does_not_name_a_restricted_person_on_the_register_to_a_worker_not_allocated(
    today_session, restricted_person, worker, colleague, client_for
):
    BookingFactory(session=today_session, client=restricted_person, booked_by=worker)

    page = client_for(colleague).get(reverse("activities:register", args=[today_session.code])).content.decode()

    assert "Rowena" not in page
    assert "Quist" not in page
    assert "1 other person booked" in page


def test_it_names_a_restricted_person_on_the_register_to_their_allocated_worker(
    today_session, restricted_person, worker, client_for
):
    BookingFactory(session=today_session, client=restricted_person, booked_by=worker)

    page = client_for(worker).get(reverse("activities:register", args=[today_session.code])).content.decode()

    assert "Rowena Quist" in page
    assert "other person booked" not in page


def test_it_does_not_name_a_restricted_person_on_the_session_page_to_a_worker_not_allocated(
    session, restricted_person, worker, colleague, client_for
):
    BookingFactory(session=session, client=restricted_person, booked_by=worker)

    page = client_for(colleague).get(reverse("activities:session_detail", args=[session.code])).content.decode()

    assert "Rowena" not in page
    assert "1 other person booked" in page


def test_it_refuses_to_let_a_worker_not_allocated_mark_a_restricted_person(
    today_session, restricted_person, worker, colleague, client_for
):
    booking = BookingFactory(session=today_session, client=restricted_person, booked_by=worker)

    response = client_for(colleague).post(_mark_url(today_session, booking), {"mark": choices.Mark.ATTENDED})

    assert response.status_code == 404
    assert not Attendance.objects.filter(client=restricted_person).exists()


def test_it_refuses_to_let_a_worker_not_allocated_cancel_a_restricted_persons_booking(
    session, restricted_person, worker, colleague, client_for
):
    booking = BookingFactory(session=session, client=restricted_person, booked_by=worker)

    response = client_for(colleague).post(reverse("activities:booking_cancel", args=[session.code, booking.code]))

    assert response.status_code == 404
    booking.refresh_from_db()
    assert booking.status == choices.BookingStatus.BOOKED


def test_it_does_not_name_a_restricted_regular_to_a_worker_not_allocated(
    activity, restricted_person, worker, colleague, client_for
):
    regular_attendee_add(activity=activity, client=restricted_person, by=worker)

    page = client_for(colleague).get(reverse("activities:activity_detail", args=[activity.code])).content.decode()

    assert "Rowena" not in page
    assert "1 other regular attendee" in page


def test_it_refuses_to_let_a_worker_not_allocated_end_a_restricted_regulars_place(
    activity, restricted_person, worker, colleague, client_for
):
    regular = regular_attendee_add(activity=activity, client=restricted_person, by=worker)

    response = client_for(colleague).post(reverse("activities:regular_end", args=[activity.code, regular.code]))

    assert response.status_code == 404
    regular.refresh_from_db()
    assert regular.ended_on is None
