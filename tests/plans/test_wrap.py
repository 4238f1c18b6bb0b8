"""WRAP: the client decides who may see it, and that choice holds on screen and in print."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clients.models import NetworkMember
from plans import services
from plans.choices import WrapSharing
from plans.models import Wrap
from recovery.accounts.factories import staff_with_role
from recovery.accounts.models import Role
from recovery.audit.models import AccessAction, RecordAccess
from tests.plans.pdf_text import pdf_text

TOOLBOX = "A walk by the canal and ringing my sister Jo."


def _wrap(client, by, sharing=WrapSharing.LEAD_ONLY, **fields):
    return services.wrap_save(
        client=client, by=by, expected_version=None, sharing=sharing, wellness_toolbox=TOOLBOX, **fields
    )


@pytest.fixture
def sister(client_record, worker):
    return NetworkMember.objects.create(
        client=client_record, relationship="family", name="Jo Hughes", recorded_by=worker
    )


@pytest.fixture
def private_wrap(client_record, worker):
    """Shared with "only me and my lead worker"; ``worker`` is the lead worker."""
    return _wrap(client_record, worker)


def _get(client_for, user, name, client_record):
    return client_for(user).get(reverse(f"plans:{name}", args=[client_record.code]))


def test_it_shows_a_private_wrap_to_the_lead_worker(private_wrap, client_record, worker, client_for):
    response = _get(client_for, worker, "wrap", client_record)

    assert response.status_code == 200
    assert TOOLBOX in response.content.decode()


def test_it_refuses_a_private_wrap_to_a_colleague_with_a_clear_message(
    private_wrap, client_record, colleague, client_for
):
    response = _get(client_for, colleague, "wrap", client_record)

    assert response.status_code == 403
    assert "chosen to share their WRAP only with their lead worker" in response.content.decode()
    assert TOOLBOX not in response.content.decode()


def test_it_refuses_a_private_wrap_to_the_team_leader(private_wrap, client_record, team, client_for):
    leader = staff_with_role(Role.TEAM_LEADER, team=team)

    response = _get(client_for, leader, "wrap", client_record)

    assert response.status_code == 403


def test_it_refuses_to_print_a_private_wrap_for_a_colleague(private_wrap, client_record, colleague, client_for):
    response = _get(client_for, colleague, "wrap_pdf", client_record)

    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")


def test_it_refuses_to_open_a_private_wrap_for_editing_by_a_colleague(
    private_wrap, client_record, colleague, client_for
):
    response = _get(client_for, colleague, "wrap_edit", client_record)

    assert response.status_code == 403


def test_it_prints_a_private_wrap_for_the_lead_worker(private_wrap, client_record, worker, client_for):
    response = _get(client_for, worker, "wrap_pdf", client_record)

    text = pdf_text(response)
    assert TOOLBOX in text
    assert "Who may see this: only me and my lead worker" in text


def test_it_keeps_a_private_wrap_off_the_plans_tab_for_a_colleague(private_wrap, client_record, colleague, client_for):
    response = _get(client_for, colleague, "client_plans", client_record)

    content = response.content.decode()
    assert "only with their lead worker" in content
    assert "Open Carys's WRAP" not in content


def test_it_shows_a_team_wrap_to_a_colleague(client_record, worker, colleague, client_for):
    _wrap(client_record, worker, sharing=WrapSharing.TEAM)

    response = _get(client_for, colleague, "wrap", client_record)

    assert response.status_code == 200
    assert TOOLBOX in response.content.decode()


def test_it_refuses_private_sharing_saved_by_someone_other_than_the_lead_worker(client_record, colleague):
    with pytest.raises(ValidationError) as error:
        _wrap(client_record, colleague, sharing=WrapSharing.LEAD_ONLY)

    assert "sharing" in error.value.message_dict


def test_it_needs_named_people_to_share_with_the_network(client_record, worker):
    with pytest.raises(ValidationError) as error:
        _wrap(client_record, worker, sharing=WrapSharing.TEAM_AND_NETWORK)

    assert "shared_with" in error.value.message_dict


def test_it_prints_the_named_people_a_wrap_is_shared_with(client_record, worker, sister, client_for):
    _wrap(client_record, worker, sharing=WrapSharing.TEAM_AND_NETWORK, shared_with=[sister])

    response = _get(client_for, worker, "wrap_pdf", client_record)

    assert "Named people: Jo Hughes" in pdf_text(response)


def test_it_forgets_named_people_when_sharing_narrows_to_the_team(client_record, worker, sister):
    wrap = _wrap(client_record, worker, sharing=WrapSharing.TEAM_AND_NETWORK, shared_with=[sister])

    services.wrap_save(
        client=client_record,
        by=worker,
        expected_version=wrap.version,
        sharing=WrapSharing.TEAM,
        shared_with=[sister],
        wellness_toolbox=TOOLBOX,
    )

    assert list(Wrap.objects.get(pk=wrap.pk).shared_with.all()) == []


def test_it_refuses_to_share_with_someone_from_another_clients_network(client_record, worker, open_client_for, team):
    stranger = NetworkMember.objects.create(
        client=open_client_for(worker, team), relationship="family", name="Not their sister", recorded_by=worker
    )

    with pytest.raises(ValidationError):
        _wrap(client_record, worker, sharing=WrapSharing.TEAM_AND_NETWORK, shared_with=[stranger])


def test_it_saves_a_wrap_from_the_page(client_record, worker, client_for):
    response = client_for(worker).post(
        reverse("plans:wrap_edit", args=[client_record.code]),
        {"sharing": "team", "written_by": "client", "wellness_toolbox": TOOLBOX, "crisis_plan": "Call Jo."},
    )

    assert response.status_code == 302
    assert Wrap.objects.get(client=client_record).crisis_plan == "Call Jo."


def test_it_logs_a_wrap_printout_as_an_export(private_wrap, client_record, worker, client_for):
    _get(client_for, worker, "wrap_pdf", client_record)

    assert RecordAccess.objects.filter(
        subject_code=client_record.code, action=AccessAction.EXPORTED, detail="WRAP printout"
    ).exists()
