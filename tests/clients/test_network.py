"""The person's network, consent decisions and advance statements: services, selectors and the tab."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from clients.models import AdvanceStatement, ConsentRecord, NetworkMember
from clients.selectors.network import consent_summary, inactive_network
from clients.services.documents import document_upload
from clients.services.network import (
    advance_statement_add,
    advance_statement_mark_not_current,
    consent_record_add,
    network_member_add,
    network_member_make_inactive,
    network_member_update,
)
from recovery.audit.models import RecordAccess

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _today():
    return timezone.localdate()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def client_record(open_client_for, worker, team):
    return open_client_for(worker, team, first_name="Gwen", last_name="Evans")


@pytest.fixture
def other_team_client(open_client_for, other_worker, other_team_same_service):
    return open_client_for(other_worker, other_team_same_service)


def _member(client, by, **fields) -> NetworkMember:
    values = {
        "relationship": "family",
        "name": "Rhiannon Evans",
        "phone": "07700 900123",
        "may_share": "Appointment times and how I am getting on in general.",
        "consent_given_on": _today() - timedelta(days=10),
        "consent_review_on": _today() + timedelta(days=170),
        **fields,
    }
    return network_member_add(client=client, by=by, **values)


def _statement(client, by, **fields) -> AdvanceStatement:
    values = {"summary": "If I become unwell, please call my sister first.", "made_on": _today(), **fields}
    return advance_statement_add(client=client, by=by, **values)


def _url(name, client, *args):
    return reverse(f"clients:{name}", args=[client.code, *args])


# --- network members -----------------------------------------------------------------------------


def test_it_adds_a_network_member_with_what_may_be_shared(client_record, worker):
    member = _member(client_record, worker)

    member.refresh_from_db()
    assert (member.client, member.recorded_by, member.is_active) == (client_record, worker, True)
    assert member.may_share == "Appointment times and how I am getting on in general."


def test_it_attributes_a_new_network_member_to_the_worker(client_record, worker):
    member = _member(client_record, worker)

    event = apps.get_model("clients", "NetworkMemberEvent").objects.get(pgh_obj=member)
    assert event.pgh_context.metadata["user"] == worker.pk


def test_it_refuses_a_network_member_without_a_name(client_record, worker):
    with pytest.raises(ValidationError) as error:
        _member(client_record, worker, name="  ")

    assert "name" in error.value.message_dict


def test_it_asks_when_consent_was_given_if_something_may_be_shared(client_record, worker):
    with pytest.raises(ValidationError) as error:
        _member(client_record, worker, consent_given_on=None)

    assert list(error.value.message_dict) == ["consent_given_on"]


def test_it_refuses_consent_given_in_the_future(client_record, worker):
    with pytest.raises(ValidationError) as error:
        _member(client_record, worker, consent_given_on=_today() + timedelta(days=1))

    assert error.value.message_dict["consent_given_on"] == ["Enter a date on or before today."]


def test_it_refuses_a_consent_review_before_consent_was_given(client_record, worker):
    with pytest.raises(ValidationError) as error:
        _member(client_record, worker, consent_review_on=_today() - timedelta(days=20))

    assert list(error.value.message_dict) == ["consent_review_on"]


def test_it_refuses_an_invalid_email_address(client_record, worker):
    with pytest.raises(ValidationError) as error:
        _member(client_record, worker, email="not an address")

    assert "email" in error.value.message_dict


def test_it_updates_a_network_member(client_record, worker, colleague):
    member = _member(client_record, worker)

    network_member_update(member=member, by=colleague, phone="0161 496 0000", may_share="Nothing about my health.")

    member.refresh_from_db()
    assert (member.phone, member.may_share, member.recorded_by) == ("0161 496 0000", "Nothing about my health.", worker)


def test_it_refuses_to_update_a_member_who_is_no_longer_involved(client_record, worker):
    member = _member(client_record, worker)
    network_member_make_inactive(member=member, by=worker, reason="Moved abroad.")

    with pytest.raises(ValidationError):
        network_member_update(member=member, by=worker, phone="0161 496 0000")


def test_it_keeps_the_row_when_a_member_is_made_inactive(client_record, worker):
    member = _member(client_record, worker)

    network_member_make_inactive(member=member, by=worker, reason="The person asked us to stop contacting him.")

    member.refresh_from_db()
    assert member.is_active is False
    assert NetworkMember.objects.filter(pk=member.pk).exists()


def test_it_keeps_why_a_member_is_no_longer_involved(client_record, worker):
    member = _member(client_record, worker)

    network_member_make_inactive(member=member, by=worker, reason="New care coordinator took over.")

    former = inactive_network(client=client_record).get()
    assert (former.pk, former.inactive_reason) == (member.pk, "New care coordinator took over.")
    assert former.inactive_since is not None


def test_it_needs_a_reason_to_make_a_member_inactive(client_record, worker):
    member = _member(client_record, worker)

    with pytest.raises(ValidationError) as error:
        network_member_make_inactive(member=member, by=worker, reason=" ")

    assert "reason" in error.value.message_dict
    member.refresh_from_db()
    assert member.is_active is True


# --- consent decisions ---------------------------------------------------------------------------


def test_it_records_a_consent_decision_with_who_recorded_it(client_record, worker):
    record = consent_record_add(
        client=client_record, by=worker, kind="photography", decision="refused", decided_on=_today()
    )

    record.refresh_from_db()
    assert (record.kind, record.decision, record.recorded_by) == ("photography", "refused", worker)


def test_it_refuses_a_consent_decision_dated_in_the_future(client_record, worker):
    with pytest.raises(ValidationError) as error:
        consent_record_add(
            client=client_record,
            by=worker,
            kind="photography",
            decision="given",
            decided_on=_today() + timedelta(days=1),
        )

    assert list(error.value.message_dict) == ["decided_on"]


def test_it_refuses_a_consent_review_before_the_decision(client_record, worker):
    with pytest.raises(ValidationError) as error:
        consent_record_add(
            client=client_record,
            by=worker,
            kind="photography",
            decision="given",
            decided_on=_today(),
            review_on=_today() - timedelta(days=1),
        )

    assert list(error.value.message_dict) == ["review_on"]


def test_it_supersedes_a_consent_decision_with_a_newer_one_and_keeps_the_history(client_record, worker):
    first = consent_record_add(
        client=client_record,
        by=worker,
        kind="information_sharing",
        decision="given",
        decided_on=_today() - timedelta(days=30),
    )
    second = consent_record_add(
        client=client_record, by=worker, kind="information_sharing", decision="withdrawn", decided_on=_today()
    )

    summary = next(s for s in consent_summary(client=client_record) if s.kind == "information_sharing")
    assert (summary.current, summary.earlier) == (second, [first])
    assert ConsentRecord.objects.filter(client=client_record).count() == 2


# --- advance statements --------------------------------------------------------------------------


def test_it_adds_an_advance_statement_as_current(client_record, worker):
    statement = _statement(client_record, worker, where_held="With Gwen and her GP")

    statement.refresh_from_db()
    assert (statement.is_current, statement.recorded_by, statement.where_held) == (
        True,
        worker,
        "With Gwen and her GP",
    )


def test_it_makes_the_earlier_statement_of_the_same_kind_not_current(client_record, worker):
    earlier = _statement(client_record, worker, made_on=_today() - timedelta(days=400))

    newer = _statement(client_record, worker, summary="Please contact my advocate first.")

    earlier.refresh_from_db()
    assert (earlier.is_current, newer.is_current) == (False, True)


def test_it_leaves_a_current_statement_of_another_kind_current(client_record, worker):
    decision = _statement(client_record, worker, kind="decision", summary="I refuse electroconvulsive therapy.")

    _statement(client_record, worker)

    decision.refresh_from_db()
    assert decision.is_current is True


def test_it_refuses_an_advance_statement_made_in_the_future(client_record, worker):
    with pytest.raises(ValidationError) as error:
        _statement(client_record, worker, made_on=_today() + timedelta(days=1))

    assert list(error.value.message_dict) == ["made_on"]


def test_it_refuses_an_advance_statement_without_a_summary(client_record, worker):
    with pytest.raises(ValidationError) as error:
        _statement(client_record, worker, summary="   ")

    assert list(error.value.message_dict) == ["summary"]


def test_it_refuses_another_persons_document_for_an_advance_statement(client_record, worker, make_client, team):
    someone_else = make_client(team, by=worker)
    document = document_upload(
        client=someone_else, by=worker, file=SimpleUploadedFile("statement.pdf", PDF, "application/pdf")
    )

    with pytest.raises(ValidationError) as error:
        _statement(client_record, worker, document=document)

    assert list(error.value.message_dict) == ["document"]


def test_it_marks_a_statement_not_current_and_keeps_it(client_record, worker):
    statement = _statement(client_record, worker)

    advance_statement_mark_not_current(statement=statement, by=worker)

    statement.refresh_from_db()
    assert statement.is_current is False


# --- the tab -------------------------------------------------------------------------------------


def test_it_shows_the_network_tab(client_for, worker, client_record):
    _member(client_record, worker, name="Rhiannon Evans")
    consent_record_add(client=client_record, by=worker, kind="photography", decision="refused", decided_on=_today())
    _statement(client_record, worker, summary="Call my sister Rhiannon first.")

    response = client_for(worker).get(_url("network", client_record))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Rhiannon Evans" in content
    assert "Photographs and film" in content
    assert "Call my sister Rhiannon first." in content


def test_it_lists_the_network_tab_among_the_client_tabs(client_for, worker, client_record):
    response = client_for(worker).get(_url("detail", client_record))

    assert _url("network", client_record) in response.content.decode()


def test_it_marks_consent_overdue_for_review_when_the_review_date_has_passed(client_for, worker, client_record):
    _member(
        client_record,
        worker,
        consent_given_on=_today() - timedelta(days=400),
        consent_review_on=_today() - timedelta(days=1),
    )

    response = client_for(worker).get(_url("network", client_record))

    assert "Consent overdue for review" in response.content.decode()


def test_it_does_not_mark_consent_overdue_on_its_review_date(client_for, worker, client_record):
    _member(client_record, worker, consent_review_on=_today())

    response = client_for(worker).get(_url("network", client_record))

    assert "Consent overdue for review" not in response.content.decode()


def test_it_does_not_list_a_member_who_is_no_longer_involved_as_active(client_for, worker, client_record):
    member = _member(client_record, worker, name="Dai Hughes")
    network_member_make_inactive(member=member, by=worker, reason="Moved away.")

    response = client_for(worker).get(_url("network", client_record))

    assert [m.pk for m in response.context["members"]] == []
    assert [m.pk for m in response.context["former_members"]] == [member.pk]


def test_it_logs_who_viewed_the_network_tab(client_for, worker, client_record):
    client_for(worker).get(_url("network", client_record))

    assert RecordAccess.objects.filter(
        user=worker, subject_code=client_record.code, detail="network and consent"
    ).exists()


def test_it_refuses_a_post_to_the_network_tab(client_for, worker, client_record):
    response = client_for(worker).post(_url("network", client_record))

    assert response.status_code == 405


def test_it_hides_another_teams_client_network(client_for, worker, other_team_client):
    response = client_for(worker).get(_url("network", other_team_client))

    assert response.status_code == 404


def test_it_lets_a_read_only_member_see_the_network_tab(client_for, read_only, worker, client_record):
    response = client_for(read_only).get(_url("network", client_record))

    assert response.status_code == 200
    assert _url("network_member_create", client_record) not in response.content.decode()


# Queries, whatever the number of rows: the shared ones (session, user, allauth's user session,
# the client, the scope, the header: episode, statement and one per flag source; the page log,
# notifications, session save) plus four of this tab's own: members, former members (with the
# reason from the change history in a subquery), consent decisions, advance statements.
# No absolute cap here: other apps' header flag sources add to the shared part.
def test_it_shows_the_network_tab_in_the_same_number_of_queries_for_1_or_5_rows(
    client_for, worker, client_record, queries_for
):
    browser = client_for(worker)
    url = _url("network", client_record)

    def add_rows():
        member = _member(client_record, worker)
        network_member_make_inactive(member=_member(client_record, worker), by=worker, reason="Moved away.")
        consent_record_add(client=client_record, by=worker, kind="photography", decision="given", decided_on=_today())
        _statement(client_record, worker, kind="statement")
        return member

    add_rows()
    _, one = queries_for(browser, url)
    for _ in range(4):
        add_rows()

    response, five = queries_for(browser, url)

    assert len(response.context["members"]) == 5
    assert len(response.context["former_members"]) == 5
    assert len(five) == len(one), "\n".join(five)


# --- the forms -----------------------------------------------------------------------------------


def test_it_adds_a_member_through_the_form(client_for, worker, client_record):
    response = client_for(worker).post(
        _url("network_member_create", client_record),
        {
            "relationship": "care_coordinator",
            "name": "Sam Okafor",
            "organisation": "North CMHT",
            "phone": "0161 496 0001",
            "email": "sam.okafor@example.org",
            "may_share": "Everything in my support plan.",
            "consent_given_on": _today().isoformat(),
            "consent_review_on": (_today() + timedelta(days=180)).isoformat(),
        },
    )

    assert response.status_code == 302
    member = NetworkMember.objects.get(client=client_record)
    assert (member.name, member.relationship, member.recorded_by) == ("Sam Okafor", "care_coordinator", worker)


def test_it_shows_why_a_member_could_not_be_added_next_to_the_field(client_for, worker, client_record):
    response = client_for(worker).post(
        _url("network_member_create", client_record),
        {"relationship": "family", "name": "Amara Okafor", "may_share": "Appointment times."},
    )

    assert response.status_code == 422
    assert response.context["form"].errors["consent_given_on"] == ["Enter the date the person agreed to share this."]
    assert not NetworkMember.objects.exists()


def test_it_refuses_a_read_only_member_adding_to_the_network(client_for, read_only, client_record):
    response = client_for(read_only).post(
        _url("network_member_create", client_record), {"relationship": "family", "name": "Amara Okafor"}
    )

    assert response.status_code == 403
    assert not NetworkMember.objects.exists()


def test_it_hides_another_teams_client_when_adding_to_the_network(client_for, worker, other_team_client):
    response = client_for(worker).get(_url("network_member_create", other_team_client))

    assert response.status_code == 404


def test_it_refuses_a_delete_of_a_network_member(client_for, worker, client_record):
    member = _member(client_record, worker)

    response = client_for(worker).delete(_url("network_member_edit", client_record, member.code))

    assert response.status_code == 405
    assert NetworkMember.objects.filter(pk=member.pk).exists()


def test_it_changes_a_members_details_through_the_form(client_for, worker, client_record):
    member = _member(client_record, worker)

    response = client_for(worker).post(
        _url("network_member_edit", client_record, member.code),
        {"relationship": "carer", "name": "Rhiannon Evans", "phone": "07700 900999"},
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.relationship, member.phone, member.may_share) == ("carer", "07700 900999", "")


def test_it_hides_a_member_of_another_client(client_for, worker, client_record, make_client, team):
    someone_else = make_client(team, by=worker)
    member = _member(someone_else, worker)

    response = client_for(worker).get(_url("network_member_edit", client_record, member.code))

    assert response.status_code == 404


def test_it_makes_a_member_inactive_through_the_form(client_for, worker, client_record):
    member = _member(client_record, worker)

    response = client_for(worker).post(
        _url("network_member_inactive", client_record, member.code), {"reason": "Gwen asked us to stop."}
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_active is False


def test_it_refuses_a_read_only_member_making_someone_inactive(client_for, read_only, worker, client_record):
    member = _member(client_record, worker)

    response = client_for(read_only).post(
        _url("network_member_inactive", client_record, member.code), {"reason": "Gwen asked us to stop."}
    )

    assert response.status_code == 403


def test_it_records_a_consent_decision_through_the_form(client_for, worker, client_record):
    response = client_for(worker).post(
        _url("consent_create", client_record),
        {"kind": "text_messages", "decision": "given", "decided_on": _today().isoformat(), "notes": "Reminders only."},
    )

    assert response.status_code == 302
    record = ConsentRecord.objects.get(client=client_record)
    assert (record.kind, record.decision, record.recorded_by) == ("text_messages", "given", worker)


def test_it_shows_why_a_consent_decision_could_not_be_saved(client_for, worker, client_record):
    response = client_for(worker).post(
        _url("consent_create", client_record),
        {"kind": "text_messages", "decision": "given", "decided_on": (_today() + timedelta(days=2)).isoformat()},
    )

    assert response.status_code == 422
    assert response.context["form"].errors["decided_on"] == ["Enter a date on or before today."]


def test_it_refuses_a_read_only_member_recording_consent(client_for, read_only, client_record):
    response = client_for(read_only).post(
        _url("consent_create", client_record),
        {"kind": "text_messages", "decision": "given", "decided_on": _today().isoformat()},
    )

    assert response.status_code == 403


def test_it_adds_an_advance_statement_through_the_form(client_for, worker, client_record):
    response = client_for(worker).post(
        _url("advance_statement_create", client_record),
        {
            "kind": "statement",
            "summary": "I would like to be treated at home where possible.",
            "made_on": _today().isoformat(),
            "where_held": "With Gwen",
        },
    )

    assert response.status_code == 302
    statement = AdvanceStatement.objects.get(client=client_record)
    assert (statement.is_current, statement.where_held) == (True, "With Gwen")


def test_it_shows_the_new_advance_statement_at_the_top_of_the_record(client_for, worker, client_record):
    _statement(client_record, worker, summary="I would like to be treated at home where possible.")

    response = client_for(worker).get(_url("detail", client_record))

    assert "I would like to be treated at home where possible." in response.content.decode()


def test_it_offers_only_this_persons_current_documents_for_a_statement(
    client_for, worker, client_record, make_client, team
):
    mine = document_upload(client=client_record, by=worker, file=SimpleUploadedFile("mine.pdf", PDF, "application/pdf"))
    theirs = document_upload(
        client=make_client(team, by=worker), by=worker, file=SimpleUploadedFile("theirs.pdf", PDF, "application/pdf")
    )

    response = client_for(worker).get(_url("advance_statement_create", client_record))

    assert list(response.context["form"].fields["document"].queryset) == [mine]
    assert theirs.title not in response.content.decode()


def test_it_marks_a_statement_not_current_through_the_form(client_for, worker, client_record):
    statement = _statement(client_record, worker)

    response = client_for(worker).post(_url("advance_statement_not_current", client_record, statement.code))

    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.is_current is False


def test_it_refuses_a_read_only_member_changing_a_statement(client_for, read_only, worker, client_record):
    statement = _statement(client_record, worker)

    response = client_for(read_only).post(_url("advance_statement_not_current", client_record, statement.code))

    assert response.status_code == 403
    statement.refresh_from_db()
    assert statement.is_current is True


def test_it_hides_another_teams_statement(client_for, worker, other_worker, other_team_client):
    statement = _statement(other_team_client, other_worker)

    response = client_for(worker).post(_url("advance_statement_not_current", other_team_client, statement.code))

    assert response.status_code == 404
