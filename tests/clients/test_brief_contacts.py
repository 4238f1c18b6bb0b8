"""Helpline and café: brief contacts with people who are not (yet) clients, and turning one into a referral."""

from __future__ import annotations

import uuid
from datetime import datetime
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from clients import services
from clients.models import BriefContact, Referral
from recovery.accounts.factories import staff_with_role
from recovery.accounts.models import Role

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 10, 21, 30, tzinfo=LONDON)
BRIEF_LIST = reverse("clients:brief_list")


@pytest.fixture(autouse=True)
def _fixed_now():
    with time_machine.travel(NOW):
        yield


def _log_data(team, **overrides) -> dict:
    return {
        "team": str(team.code),
        "idempotency_key": str(uuid.uuid4()),
        "channel": "helpline",
        "occurred_at": "2026-03-10T21:00",
        "name_given": "Jo",
        "note": "Called feeling low after a row with family; talked through a plan for tonight.",
        **overrides,
    }


def _brief(team, by, **fields) -> BriefContact:
    values = {
        "idempotency_key": uuid.uuid4(),
        "occurred_at": datetime(2026, 3, 9, 20, 0, tzinfo=LONDON),
        "channel": "crisis_cafe",
        "note": "Came to the café; would like regular support with housing.",
        "name_given": "Jo Walsh",
        **fields,
    }
    brief, _ = services.brief_contact_log(team=team, by=by, **values)
    return brief


def _convert_url(brief):
    return reverse("clients:brief_convert", args=[brief.code])


# --- the list and quick log ------------------------------------------------------------------------


def test_it_lists_the_teams_recent_calls_and_visits(client_for, worker, team):
    brief = _brief(team, worker)

    response = client_for(worker).get(BRIEF_LIST)

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [brief]


def test_it_leaves_out_other_teams_calls(client_for, worker, other_worker, other_team_same_service):
    _brief(other_team_same_service, other_worker)

    response = client_for(worker).get(BRIEF_LIST)

    assert list(response.context["page"].object_list) == []


def test_it_says_what_to_do_when_nothing_is_logged(client_for, worker, team):
    content = " ".join(client_for(worker).get(BRIEF_LIST).content.decode().split())

    assert f"No calls or visits logged for {team.name} yet. Use the form to log the first one." in content


def test_it_logs_a_call(client_for, worker, team):
    response = client_for(worker).post(BRIEF_LIST, _log_data(team))

    assert response.status_code == 302
    brief = BriefContact.objects.get()
    assert (brief.team, brief.recorded_by, brief.channel, brief.name_given) == (team, worker, "helpline", "Jo")


def test_it_logs_a_double_submit_once(client_for, worker, team):
    browser = client_for(worker)
    data = _log_data(team)

    browser.post(BRIEF_LIST, data)
    response = browser.post(BRIEF_LIST, data, follow=True)

    assert BriefContact.objects.count() == 1
    assert "That contact was already logged, so it was not saved twice." in response.content.decode()


def test_it_asks_for_a_note_and_keeps_what_was_typed(client_for, worker, team):
    response = client_for(worker).post(BRIEF_LIST, _log_data(team, note="", name_given="Jo W", phone="07700 900123"))

    assert response.status_code == 422
    assert response.context["form"].errors["note"] == ["Write a note about the call or visit."]
    content = response.content.decode()
    assert 'value="Jo W"' in content
    assert 'value="07700 900123"' in content
    assert not BriefContact.objects.exists()


def test_it_refuses_a_call_in_the_future(client_for, worker, team):
    response = client_for(worker).post(BRIEF_LIST, _log_data(team, occurred_at="2026-03-11T09:00"))

    assert response.context["form"].errors["occurred_at"] == ["Enter a date and time that is not in the future."]


def test_it_lets_a_manager_choose_the_team(client_for, manager, worker, other_team_same_service, other_worker):
    brief = _brief(other_team_same_service, other_worker)

    response = client_for(manager).get(BRIEF_LIST, {"team": other_team_same_service.code})

    assert list(response.context["page"].object_list) == [brief]


def test_it_answers_another_teams_log_with_404(client_for, worker, other_team_same_service):
    assert client_for(worker).get(BRIEF_LIST, {"team": other_team_same_service.code}).status_code == 404


def test_it_refuses_to_log_into_another_team(client_for, worker, other_team_same_service):
    response = client_for(worker).post(BRIEF_LIST, _log_data(other_team_same_service))

    assert response.status_code == 404
    assert not BriefContact.objects.exists()


def test_it_refuses_the_log_to_a_read_only_member(client_for, read_only):
    assert client_for(read_only).get(BRIEF_LIST).status_code == 403


def test_it_refuses_the_log_to_an_administrator(client_for, mfa_administrator):
    assert client_for(mfa_administrator).get(BRIEF_LIST).status_code == 403


def test_it_refuses_a_put_to_the_log(client_for, worker):
    assert client_for(worker).put(BRIEF_LIST).status_code == 405


def test_it_reads_the_log_in_the_same_queries_for_1_or_10_calls(client_for, worker, team, queries_for):
    browser = client_for(worker)
    _brief(team, worker)
    _, one = queries_for(browser, BRIEF_LIST)
    for _ in range(9):
        _brief(team, staff_with_role(Role.WORKER, team=team))

    response, ten = queries_for(browser, BRIEF_LIST)

    assert len(response.context["page"].object_list) == 10
    assert len(ten) == len(one), "\n".join(ten)


# --- turning a brief contact into a referral ------------------------------------------------------------


def test_it_finds_the_persons_record_by_name(client_for, worker, team, make_client):
    person = make_client(team, by=worker, first_name="Jo", last_name="Walsh")
    brief = _brief(team, worker)

    response = client_for(worker).get(_convert_url(brief), {"q": "Jo Walsh"})

    assert response.status_code == 200
    assert person in response.context["results"]


def test_it_does_not_find_records_the_worker_cannot_see(client_for, worker, team, other_team_same_service, make_client):
    make_client(other_team_same_service, by=worker, first_name="Jo", last_name="Walsh")
    brief = _brief(team, worker)

    response = client_for(worker).get(_convert_url(brief), {"q": "Jo Walsh"})

    assert response.context["results"] == []


def test_it_turns_a_brief_contact_into_a_referral(client_for, worker, team, make_client):
    person = make_client(team, by=worker, first_name="Jo", last_name="Walsh")
    brief = _brief(team, worker)

    response = client_for(worker).post(
        _convert_url(brief), {"client": str(person.code), "reason": "Would like support with housing."}
    )

    assert response.status_code == 302
    assert response.url == reverse("clients:episodes", args=[person.code])
    brief.refresh_from_db()
    referral = Referral.objects.get(client=person)
    assert (brief.referral, referral.reason, referral.decision) == (
        referral,
        "Would like support with housing.",
        "pending",
    )


def test_it_asks_which_record_and_keeps_the_reason(client_for, worker, team):
    brief = _brief(team, worker)

    response = client_for(worker).post(_convert_url(brief), {"reason": "Wants a regular worker."})

    assert response.status_code == 422
    assert response.context["form"].errors["client"] == ["Choose the person's record from the search results."]
    assert "Wants a regular worker." in response.content.decode()


def test_it_refuses_a_record_the_worker_cannot_see(client_for, worker, team, other_team_same_service, make_client):
    hidden = make_client(other_team_same_service, by=worker)
    brief = _brief(team, worker)

    response = client_for(worker).post(_convert_url(brief), {"client": str(hidden.code), "reason": "Housing."})

    assert response.context["form"].errors["client"] == ["Choose the person's record from the search results."]
    assert not Referral.objects.exists()


def test_it_turns_a_brief_contact_into_a_referral_only_once(client_for, worker, team, make_client):
    person = make_client(team, by=worker)
    brief = _brief(team, worker)
    services.brief_contact_convert(brief=brief, client=person, by=worker, reason="Housing support.")

    response = client_for(worker).post(_convert_url(brief), {"client": str(person.code), "reason": "Again."})

    assert response.status_code == 302
    assert Referral.objects.count() == 1


def test_it_offers_a_new_record_with_what_the_person_told_us(client_for, worker, team):
    brief = _brief(team, worker, name_given="Jo Walsh", phone="07700 900123")

    response = client_for(worker).get(_convert_url(brief))

    url = urlparse(response.context["new_client_url"])
    assert url.path == reverse("clients:create")
    assert parse_qs(url.query) == {
        "first_name": ["Jo"],
        "last_name": ["Walsh"],
        "phone": ["07700 900123"],
        "brief": [str(brief.code)],
    }


def test_it_answers_another_teams_brief_contact_with_404(client_for, worker, other_worker, other_team_same_service):
    brief = _brief(other_team_same_service, other_worker)

    assert client_for(worker).get(_convert_url(brief)).status_code == 404


def test_it_refuses_a_referral_from_a_read_only_member(client_for, read_only, worker, team):
    brief = _brief(team, worker)

    assert client_for(read_only).get(_convert_url(brief)).status_code == 403


def test_it_refuses_a_put_to_the_referral_page(client_for, worker, team):
    brief = _brief(team, worker)

    assert client_for(worker).put(_convert_url(brief)).status_code == 405
