"""The client record: NHS number check, adding a client (with the duplicate check), editing
details (with the stale-edit guard), the client page and linking duplicate records."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from clients import services
from clients.models import Client, ClientLink
from clients.validators import nhs_number_is_valid, validate_nhs_number
from recovery.audit.models import AccessAction, RecordAccess

CREATE = reverse("clients:create")


# --- NHS number ----------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["9434765919", "943 476 5919", "1000000060"])
def test_it_accepts_a_valid_nhs_number(number):
    assert nhs_number_is_valid(number) is True


@pytest.mark.parametrize(
    ("number", "why"),
    [
        ("9434765918", "wrong check digit"),
        ("943476591", "nine digits"),
        ("94347659190", "eleven digits"),
        ("943476591A", "a letter"),
        ("ABCDEFGHIJ", "letters"),
        ("1234567890", "the check works out as 10, which no NHS number has"),
        ("1234567891", "the check works out as 10, whatever the last digit"),
    ],
)
def test_it_refuses_an_invalid_nhs_number(number, why):
    assert nhs_number_is_valid(number) is False, why


def test_it_explains_an_invalid_nhs_number():
    with pytest.raises(ValidationError) as error:
        validate_nhs_number("9434765918")

    assert error.value.messages == [
        "Enter a valid 10-digit NHS number, for example 943 476 5919. Check the digits: this one fails the NHS check."
    ]


def test_it_allows_an_empty_nhs_number():
    validate_nhs_number("")


# --- adding a client -----------------------------------------------------------------------------


def _new_client(team, **overrides) -> dict:
    return {
        "team": team.pk,
        "first_name": "Rhiannon",
        "last_name": "Pryce",
        "preferred_name": "",
        "date_of_birth": "1990-07-21",
        "nhs_number": "",
        **overrides,
    }


def _error_for(html: str, field: str) -> str:
    match = re.search(rf'id="id_{field}_error"[^>]*>(.*?)</div>', html, re.DOTALL)
    return " ".join(match.group(1).split()) if match else ""


def test_it_shows_the_new_client_form(client_for, worker):
    response = client_for(worker).get(CREATE)

    assert response.status_code == 200
    assert "<h1>Add a client</h1>" in response.content.decode()


def test_it_adds_a_client_and_opens_their_record(client_for, worker, team):
    response = client_for(worker).post(CREATE, _new_client(team, nhs_number="9434765919"))

    client = Client.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:detail", args=[client.code])
    assert (client.team, client.created_by, client.nhs_number, client.version) == (team, worker, "9434765919", 1)


def test_it_accepts_an_nhs_number_typed_with_spaces(client_for, worker, team):
    # The field's help text says "10 digits, spaces are fine": 943 476 5919 is how it is printed on letters.
    response = client_for(worker).post(CREATE, _new_client(team, nhs_number="943 476 5919"))

    assert _error_for(response.content.decode(), "nhs_number") == ""
    assert Client.objects.get().nhs_number == "9434765919"


def test_it_lets_the_nhs_number_box_take_the_spaces(client_for, worker):
    html = client_for(worker).get(CREATE).content.decode()

    nhs_input = re.search(r'<input[^>]*name="nhs_number"[^>]*>', html).group(0)
    maxlength = re.search(r'maxlength="(\d+)"', nhs_input)
    assert maxlength is None or int(maxlength.group(1)) >= len("943 476 5919"), nhs_input


def test_it_asks_about_a_record_with_the_same_nhs_number(client_for, worker, team, make_client):
    make_client(team, by=worker, first_name="Rhi", last_name="Evans", nhs_number="9434765919")

    response = client_for(worker).post(CREATE, _new_client(team, nhs_number="9434765919"))

    assert response.status_code == 200
    assert "Is this the same person?" in response.content.decode()
    assert Client.objects.count() == 1


def test_it_asks_about_a_record_with_the_same_birthday_and_a_similar_name(client_for, worker, team, make_client):
    make_client(team, by=worker, first_name="Rhiannon", last_name="Price", date_of_birth=date(1990, 7, 21))

    response = client_for(worker).post(CREATE, _new_client(team))

    assert "Is this the same person?" in response.content.decode()
    assert Client.objects.count() == 1


def test_it_does_not_ask_about_a_similar_name_born_on_another_day(client_for, worker, team, make_client):
    make_client(team, by=worker, first_name="Rhiannon", last_name="Pryce", date_of_birth=date(1991, 7, 21))

    response = client_for(worker).post(CREATE, _new_client(team))

    assert response.status_code == 302
    assert Client.objects.count() == 2


def test_it_adds_the_client_once_they_are_confirmed_as_a_different_person(client_for, worker, team, make_client):
    make_client(team, by=worker, first_name="Rhiannon", last_name="Pryce", date_of_birth=date(1990, 7, 21))

    response = client_for(worker).post(CREATE, _new_client(team, not_a_duplicate="on"))

    assert response.status_code == 302
    assert Client.objects.count() == 2


def test_it_checks_for_duplicates_in_other_teams(
    client_for, worker, team, other_team_same_service, other_worker, make_client
):
    make_client(
        other_team_same_service,
        by=other_worker,
        first_name="Rhiannon",
        last_name="Pryce",
        date_of_birth=date(1990, 7, 21),
    )

    response = client_for(worker).post(CREATE, _new_client(team))

    assert "Is this the same person?" in response.content.decode()
    assert Client.objects.filter(team=team).count() == 0


def test_it_shows_only_minimal_details_of_another_teams_match(
    client_for, worker, team, other_team_same_service, other_worker, make_client
):
    make_client(
        other_team_same_service,
        by=other_worker,
        first_name="Rhiannon",
        last_name="Pryce",
        date_of_birth=date(1990, 7, 21),
        phone="07700 900123",
        address_line_1="12 Mill Lane",
        postcode="LS1 4AB",
        gp_practice="Mill Lane Surgery",
    )

    html = client_for(worker).post(CREATE, _new_client(team)).content.decode()

    assert "Rhiannon Pryce" in html
    assert "born 21 Jul 1990" in html
    for private in ("07700 900123", "12 Mill Lane", "LS1 4AB", "Mill Lane Surgery"):
        assert private not in html


def test_it_refuses_a_date_of_birth_in_the_future(client_for, worker, team):
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = client_for(worker).post(CREATE, _new_client(team, date_of_birth=tomorrow.isoformat()))

    assert "Enter a date of birth in the past." in _error_for(response.content.decode(), "date_of_birth")
    assert not Client.objects.exists()


def test_it_refuses_an_invalid_nhs_number_beside_the_field(client_for, worker, team):
    response = client_for(worker).post(CREATE, _new_client(team, nhs_number="9434765918"))

    assert "fails the NHS check" in _error_for(response.content.decode(), "nhs_number")
    assert not Client.objects.exists()


def test_it_refuses_a_read_only_member_the_new_client_form(client_for, read_only):
    assert client_for(read_only).get(CREATE).status_code == 403


def test_it_refuses_a_read_only_member_adding_a_client(client_for, read_only, team):
    assert client_for(read_only).post(CREATE, _new_client(team)).status_code == 403
    assert not Client.objects.exists()


def test_it_refuses_a_put_to_the_new_client_form(client_for, worker):
    assert client_for(worker).put(CREATE).status_code == 405


def test_it_will_not_add_a_client_to_another_team(client_for, worker, other_team_same_service):
    response = client_for(worker).post(CREATE, _new_client(other_team_same_service))

    assert "Select a valid choice" in _error_for(response.content.decode(), "team")
    assert not Client.objects.exists()


# --- editing details ------------------------------------------------------------------------------

DETAIL_FIELDS = ["first_name", "last_name", "preferred_name", "pronouns", "nhs_number", "address_line_1",
                 "address_line_2", "town", "postcode", "phone", "email", "gp_practice", "gp_phone",
                 "interpreter_language", "communication_notes", "sex", "gender_reassignment", "sexual_orientation",
                 "marital_status", "pregnancy_maternity", "ethnicity", "religion", "disability"]  # fmt: skip


@pytest.fixture
def record(open_client_for, worker, team):
    return open_client_for(worker, team, first_name="Owen", last_name="Price", phone="01632 960001")


def _edit_form(client, version, **overrides) -> dict:
    data = {name: getattr(client, name) for name in DETAIL_FIELDS}
    data["date_of_birth"] = client.date_of_birth.isoformat()
    data["version"] = version
    return {**data, **overrides}


def _edit(client) -> str:
    return reverse("clients:edit", args=[client.code])


def test_it_opens_the_edit_form_at_the_current_version(client_for, worker, record):
    html = client_for(worker).get(_edit(record)).content.decode()

    assert re.search(r'name="version" value="1"', html)


def test_it_saves_details_and_moves_the_version_on(client_for, worker, record):
    response = client_for(worker).post(_edit(record), _edit_form(record, 1, phone="01632 960002"))

    record.refresh_from_db()
    assert response.status_code == 302
    assert (record.phone, record.version) == ("01632 960002", 2)


def test_it_refuses_a_stale_save_and_keeps_what_was_typed(client_for, worker, colleague, record):
    browser = client_for(worker)
    assert 'name="version" value="1"' in browser.get(_edit(record)).content.decode()
    services.client_update(client=record, by=colleague, expected_version=1, phone="01632 960777")

    response = browser.post(_edit(record), _edit_form(record, 1, phone="01632 960002", town="Halifax"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved changes to this record after you opened it." in html
    assert re.search(r'name="phone"[^>]*value="01632 960002"', html)
    assert re.search(r'name="town"[^>]*value="Halifax"', html)
    record.refresh_from_db()
    assert (record.phone, record.town, record.version) == ("01632 960777", "", 2)


def test_it_refuses_a_read_only_member_the_edit_form(client_for, read_only, record):
    assert client_for(read_only).get(_edit(record)).status_code == 403


def test_it_answers_another_teams_edit_with_404(client_for, other_worker, record):
    assert client_for(other_worker).post(_edit(record), _edit_form(record, 1, phone="0")).status_code == 404


def test_it_refuses_a_put_to_the_edit_form(client_for, worker, record):
    assert client_for(worker).put(_edit(record)).status_code == 405


# --- the client page ------------------------------------------------------------------------------


def test_it_shows_the_client_page(client_for, worker, record):
    response = client_for(worker).get(reverse("clients:detail", args=[record.code]))

    assert response.status_code == 200
    assert "Owen Price" in response.content.decode()


def test_it_logs_who_opened_the_client_page(client_for, worker, record):
    with time_machine.travel(timezone.now(), tick=False):
        client_for(worker).get(reverse("clients:detail", args=[record.code]))
        opened_at = timezone.now()

    assert list(RecordAccess.objects.values_list("user", "subject_type", "subject_code", "action", "detail", "at")) == [
        (worker.pk, "client", record.code, AccessAction.VIEWED, "client page", opened_at)
    ]


def test_it_refuses_a_post_to_the_client_page(client_for, worker, record):
    assert client_for(worker).post(reverse("clients:detail", args=[record.code])).status_code == 405


def test_it_answers_another_teams_client_page_with_404(client_for, other_worker, record):
    assert client_for(other_worker).get(reverse("clients:detail", args=[record.code])).status_code == 404
    assert not RecordAccess.objects.exists()


def test_it_lets_a_read_only_member_read_the_client_page(client_for, read_only, record):
    response = client_for(read_only).get(reverse("clients:detail", args=[record.code]))

    assert response.status_code == 200
    assert "Log a contact" not in response.content.decode()


# --- linking records of the same person ---------------------------------------------------------


def test_it_refuses_to_link_a_record_to_itself(record, worker):
    with pytest.raises(ValidationError) as error:
        services.client_link(client=record, other=record, reason="Same person", by=worker)

    assert list(error.value.message_dict) == ["other"]


def test_it_links_two_records_and_keeps_both(record, worker, make_client, team):
    duplicate = make_client(team, by=worker, first_name="Owen", last_name="Price")

    link = services.client_link(client=duplicate, other=record, reason="Same NHS number on a letter", by=worker)

    assert Client.objects.filter(pk__in=[record.pk, duplicate.pk]).count() == 2
    assert {link.client, link.linked_client} == {record, duplicate}
    assert ClientLink.objects.count() == 1


def test_it_needs_a_reason_to_link_records(record, worker, make_client, team):
    duplicate = make_client(team, by=worker)

    with pytest.raises(ValidationError) as error:
        services.client_link(client=duplicate, other=record, reason=" ", by=worker)

    assert list(error.value.message_dict) == ["reason"]


def _link_url(record) -> str:
    return reverse("clients:link", args=[record.code])


def test_it_links_two_records_of_the_same_person_and_keeps_both(client_for, worker, team, open_client_for):
    first = open_client_for(worker, team)
    second = open_client_for(worker, team)

    response = client_for(worker).post(
        _link_url(first), {"other": str(second.code), "reason": "Same NHS number; second record made at the café."}
    )

    assert response.status_code == 302
    assert Client.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
    assert second.display_name in client_for(worker).get(reverse("clients:detail", args=[first.code])).content.decode()


def test_it_refuses_to_link_a_record_the_user_cannot_open(
    client_for, worker, team, open_client_for, other_worker, other_team_same_service
):
    first = open_client_for(worker, team)
    hidden = open_client_for(other_worker, other_team_same_service)

    response = client_for(worker).post(_link_url(first), {"other": str(hidden.code), "reason": "Looks the same."})

    assert response.status_code == 422
    assert "Enter the code of a record you can open" in response.content.decode()
    assert "Looks the same." in response.content.decode()


def test_it_refuses_linking_to_a_read_only_member(client_for, read_only, worker, team, open_client_for):
    first = open_client_for(worker, team)

    assert client_for(read_only).get(_link_url(first)).status_code == 403
