"""Logging contacts (case notes): late entries, double submits, DNA counts, amendments, the views."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.deletion import ProtectedError
from django.urls import reverse
from django.utils import timezone

from clients import services
from clients.models import Client, Contact, ContactAmendment, DisputedView
from recovery.audit.history import acting
from recovery.audit.models import AccessAction, RecordAccess
from recovery.core.registries import caseload_flags

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)


@pytest.fixture
def client_record(open_client_for, worker, team):
    return open_client_for(worker, team, first_name="Carys", last_name="Hughes")


def _log(client, by, **fields):
    values = {
        "idempotency_key": uuid.uuid4(),
        "occurred_at": timezone.now() - timedelta(hours=1),
        "contact_type": "face_to_face",
        "outcome": "attended",
        "note": "Went to the library together; Carys chose two books.",
        **fields,
    }
    return services.contact_log(client=client, by=by, **values)


def _dna_flags(client) -> list:
    # Other apps register flags too (plans, risk): look only at this one.
    return [flag for flag in caseload_flags(client_ids=[client.pk])[client.pk] if flag.key == "dna"]


def _summary(client) -> tuple:
    client.refresh_from_db()
    return client.last_contact_at, client.consecutive_dna


# --- the service -------------------------------------------------------------------------------


def test_it_logs_a_contact_from_now_as_on_time(client_record, worker):
    with time_machine.travel(NOW, tick=False):
        contact, created = _log(client_record, worker, occurred_at=timezone.now())

    assert (created, contact.is_late_entry) == (True, False)


def test_it_marks_a_contact_from_25_hours_ago_as_a_late_entry(client_record, worker):
    with time_machine.travel(NOW, tick=False):
        contact, _ = _log(client_record, worker, occurred_at=timezone.now() - timedelta(hours=25))

    assert contact.is_late_entry is True


def test_it_does_not_mark_a_contact_from_23_hours_ago_as_late(client_record, worker):
    with time_machine.travel(NOW, tick=False):
        contact, _ = _log(client_record, worker, occurred_at=timezone.now() - timedelta(hours=23))

    assert contact.is_late_entry is False


def test_it_uses_the_services_own_late_entry_setting(client_record, worker, service):
    service.late_entry_hours = 48
    service.save(update_fields=["late_entry_hours"])
    client_record.refresh_from_db()

    with time_machine.travel(NOW, tick=False):
        contact, _ = _log(client_record, worker, occurred_at=timezone.now() - timedelta(hours=25))

    assert contact.is_late_entry is False


def test_it_keeps_one_contact_for_a_repeated_idempotency_key(client_record, worker):
    key = uuid.uuid4()
    first, first_created = _log(client_record, worker, idempotency_key=key)
    second, second_created = _log(client_record, worker, idempotency_key=key, note="Typed again")

    assert (first_created, second_created, second.pk) == (True, False, first.pk)
    assert Contact.objects.filter(client=client_record).count() == 1


def test_it_needs_a_note_when_the_person_attended(client_record, worker):
    with pytest.raises(ValidationError) as error:
        _log(client_record, worker, outcome="attended", note="   ")

    assert "note" in error.value.message_dict
    assert not Contact.objects.exists()


def test_it_allows_a_did_not_attend_without_a_note(client_record, worker):
    contact, created = _log(client_record, worker, outcome="did_not_attend", note="")

    assert created is True
    assert contact.note == ""


def test_it_refuses_a_contact_in_the_future(client_record, worker):
    with pytest.raises(ValidationError) as error:
        _log(client_record, worker, occurred_at=timezone.now() + timedelta(hours=2))

    assert list(error.value.message_dict) == ["occurred_at"]


def test_it_counts_did_not_attends_in_a_row_from_the_newest(client_record, worker, at_noon):
    _log(client_record, worker, occurred_at=at_noon(5), outcome="did_not_attend")
    _log(client_record, worker, occurred_at=at_noon(4), outcome="attended")
    _log(client_record, worker, occurred_at=at_noon(3), outcome="did_not_attend")
    _log(client_record, worker, occurred_at=at_noon(2), outcome="did_not_attend")

    assert _summary(client_record)[1] == 2


def test_it_resets_the_count_when_the_person_attends(client_record, worker, at_noon):
    _log(client_record, worker, occurred_at=at_noon(3), outcome="did_not_attend")
    _log(client_record, worker, occurred_at=at_noon(2), outcome="did_not_attend")
    _log(client_record, worker, occurred_at=at_noon(1), outcome="attended")

    assert _summary(client_record)[1] == 0


def test_it_keeps_the_count_when_an_older_attended_contact_is_entered_late(client_record, worker, at_noon):
    _log(client_record, worker, occurred_at=at_noon(2), outcome="did_not_attend")
    _log(client_record, worker, occurred_at=at_noon(1), outcome="did_not_attend")

    _log(client_record, worker, occurred_at=at_noon(6), outcome="attended")

    assert _summary(client_record)[1] == 2


def test_it_sets_last_seen_to_the_newest_attended_contact(client_record, worker, at_noon):
    _log(client_record, worker, occurred_at=at_noon(9), outcome="attended")
    _log(client_record, worker, occurred_at=at_noon(4), outcome="attended")
    _log(client_record, worker, occurred_at=at_noon(2), outcome="did_not_attend")
    _log(client_record, worker, occurred_at=at_noon(1), outcome="cancelled_by_client")
    _log(client_record, worker, occurred_at=at_noon(7), outcome="attended")  # entered late, older

    assert _summary(client_record)[0] == at_noon(4)


def test_it_leaves_last_seen_empty_when_nobody_has_been_seen(client_record, worker):
    _log(client_record, worker, outcome="did_not_attend")

    assert _summary(client_record)[0] is None


def test_it_flags_did_not_attend_at_the_services_threshold(client_record, worker, at_noon, service):
    assert service.dna_flag_after == 2
    _log(client_record, worker, occurred_at=at_noon(2), outcome="did_not_attend")
    _log(client_record, worker, occurred_at=at_noon(1), outcome="did_not_attend")

    flags = _dna_flags(client_record)

    assert [flag.label for flag in flags] == ["Did not attend 2 times in a row"]


def test_it_does_not_flag_a_single_did_not_attend(client_record, worker):
    _log(client_record, worker, outcome="did_not_attend")

    assert _dna_flags(client_record) == []


def test_it_keeps_the_original_note_beside_an_amendment(client_record, worker, colleague):
    contact, _ = _log(client_record, worker, note="Talked about moving to Leeds.")

    services.contact_amend(contact=contact, note="It was Bradford, not Leeds.", reason="Wrong city", by=colleague)

    contact.refresh_from_db()
    assert contact.note == "Talked about moving to Leeds."
    assert list(contact.amendments.values_list("note", "reason", "amended_by")) == [
        ("It was Bradford, not Leeds.", "Wrong city", colleague.pk)
    ]


def test_it_needs_a_reason_for_an_amendment(client_record, worker):
    contact, _ = _log(client_record, worker)

    with pytest.raises(ValidationError) as error:
        services.contact_amend(contact=contact, note="Corrected", reason=" ", by=worker)

    assert list(error.value.message_dict) == ["reason"]
    assert not ContactAmendment.objects.exists()


def test_it_records_the_persons_disputed_view(client_record, worker):
    contact, _ = _log(client_record, worker)

    services.contact_dispute_add(contact=contact, statement="  I did not say I was angry.  ", by=worker)

    assert list(DisputedView.objects.values_list("contact", "statement", "recorded_by")) == [
        (contact.pk, "I did not say I was angry.", worker.pk)
    ]


def test_it_protects_contacts_when_someone_tries_to_delete_the_client(client_record, worker):
    _log(client_record, worker)

    assert Contact._meta.get_field("client").remote_field.on_delete is models.PROTECT
    with pytest.raises(ProtectedError):
        Client.objects.filter(pk=client_record.pk).delete()


def test_it_keeps_a_history_event_for_a_new_contact_with_the_user(client_record, worker):
    with acting(worker):
        contact, _ = _log(client_record, worker)

    event = apps.get_model("clients", "ContactEvent").objects.get(pgh_obj=contact)

    assert (event.pgh_label, event.note, event.pgh_context.metadata["user"]) == ("insert", contact.note, worker.pk)


# --- the views ---------------------------------------------------------------------------------


def _url(client) -> str:
    return reverse("clients:contact_create", args=[client.code])


def _form(**overrides) -> dict:
    return {
        "idempotency_key": str(uuid.uuid4()),
        "contact_type": "phone",
        "outcome": "attended",
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "note": "Checked in after the housing appointment; it went well.",
        "duration_minutes": "",
        "location": "",
        **overrides,
    }


def _error_for(html: str, field: str) -> str:
    """The error text Django links to ``field`` (the block with id ``id_<field>_error``)."""
    match = re.search(rf'id="id_{field}_error"[^>]*>(.*?)</div>', html, re.DOTALL)
    return " ".join(match.group(1).split()) if match else ""


def test_it_logs_a_contact_from_the_form_and_goes_back_to_the_client(client_for, worker, client_record):
    response = client_for(worker).post(_url(client_record), _form())

    assert response.status_code == 302
    assert response["Location"] == reverse("clients:detail", args=[client_record.code])
    contact = Contact.objects.get(client=client_record)
    assert (contact.contact_type, contact.recorded_by) == ("phone", worker)


def test_it_answers_an_htmx_save_with_the_confirmation_partial(client_for, worker, client_record):
    response = client_for(worker).post(_url(client_record), _form(), HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Trigger"] == "contactLogged"
    assert "Contact logged for Carys Hughes: phone, attended." in html
    assert "<html" not in html
    assert Contact.objects.filter(client=client_record).count() == 1


def test_it_shows_the_note_error_beside_the_note_field(client_for, worker, client_record):
    response = client_for(worker).post(_url(client_record), _form(note=""))

    assert response.status_code == 200
    assert "a note is needed when the person attended" in _error_for(response.content.decode(), "note")
    assert not Contact.objects.exists()


def test_it_keeps_what_was_typed_when_a_save_fails(client_for, worker, client_record):
    response = client_for(worker).post(
        _url(client_record), _form(note="", location="Library on Mill Lane", duration_minutes="45")
    )

    html = response.content.decode()
    assert re.search(r'name="location"[^>]*value="Library on Mill Lane"', html)
    assert re.search(r'name="duration_minutes"[^>]*value="45"', html)


def test_it_saves_a_double_submit_once(client_for, worker, client_record):
    browser = client_for(worker)
    form = _form()

    first = browser.post(_url(client_record), form)
    second = browser.post(_url(client_record), form)

    assert (first.status_code, second.status_code) == (302, 302)
    assert Contact.objects.filter(client=client_record).count() == 1


def test_it_refuses_a_put_to_log_a_contact(client_for, worker, client_record):
    assert client_for(worker).put(_url(client_record)).status_code == 405


def test_it_answers_another_teams_client_with_404_when_logging(client_for, other_worker, client_record):
    assert client_for(other_worker).post(_url(client_record), _form()).status_code == 404
    assert not Contact.objects.exists()


def test_it_refuses_a_read_only_member_a_contact_with_403(client_for, read_only, client_record):
    assert client_for(read_only).post(_url(client_record), _form()).status_code == 403
    assert not Contact.objects.exists()


def test_it_logs_who_opened_a_contact(client_for, worker, colleague, client_record):
    contact, _ = _log(client_record, worker)

    response = client_for(colleague).get(reverse("clients:contact_detail", args=[client_record.code, contact.code]))

    assert response.status_code == 200
    assert list(RecordAccess.objects.values_list("user", "subject_code", "action", "detail")) == [
        (colleague.pk, client_record.code, AccessAction.VIEWED, "contact")
    ]


def test_it_shows_the_amendment_reason_error_and_keeps_the_typed_note(client_for, worker, client_record):
    contact, _ = _log(client_record, worker)
    url = reverse("clients:contact_amend", args=[client_record.code, contact.code])

    response = client_for(worker).post(url, {"note": "It was Tuesday, not Monday.", "reason": ""})

    html = response.content.decode()
    assert response.status_code == 422
    assert "This field is required." in _error_for(html, "reason")
    assert "It was Tuesday, not Monday.</textarea>" in html
    assert not ContactAmendment.objects.exists()


def test_it_adds_an_amendment_from_the_contact_page(client_for, worker, client_record):
    contact, _ = _log(client_record, worker)
    url = reverse("clients:contact_amend", args=[client_record.code, contact.code])

    response = client_for(worker).post(url, {"note": "It was Tuesday, not Monday.", "reason": "Wrong day"})

    assert response.status_code == 302
    assert contact.amendments.get().reason == "Wrong day"
