"""The clients demo seeder: idempotent, and the caseload fields agree with the records."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.utils import timezone

from clients.models import Allocation, Client, Contact, Episode, Referral

pytestmark = pytest.mark.django_db


def _seed() -> None:
    # Only the staff and clients seeders: other apps' demo data is theirs to test.
    call_command("seed_demo", "--only", "clients", stdout=StringIO())


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (Client, Contact, Episode, Referral, Allocation)}


@pytest.fixture
def seeded() -> None:
    _seed()


def test_it_gives_the_same_counts_when_run_twice():
    _seed()
    first = _counts()

    _seed()

    assert _counts() == first
    assert first["Client"] > 0
    assert first["Contact"] > first["Client"]


def test_it_gives_every_open_client_exactly_one_open_lead_allocation(seeded):
    open_clients = Client.objects.filter(is_open=True).annotate(
        leads=Count("allocations", filter=Q(allocations__role="lead", allocations__ended_at=None))
    )

    assert open_clients.exists()
    assert [client.pk for client in open_clients if client.leads != 1] == []
    assert [client.pk for client in open_clients if client.lead_worker_id is None] == []


def test_it_gives_no_lead_worker_to_clients_who_are_not_open(seeded):
    assert not Client.objects.filter(is_open=False, lead_worker__isnull=False).exists()
    assert not Allocation.objects.filter(client__is_open=False, ended_at=None).exists()


def test_it_marks_a_client_open_exactly_when_their_episode_has_started_and_not_ended(seeded):
    started = set(
        Episode.objects.filter(started_on__isnull=False, ended_on__isnull=True).values_list("client_id", flat=True)
    )

    assert set(Client.objects.filter(is_open=True).values_list("id", flat=True)) == started


def test_it_sets_last_seen_to_the_newest_attended_contact(seeded):
    mismatched = []
    for client in Client.objects.all():
        newest = client.contacts.filter(outcome="attended").order_by("-occurred_at").first()
        if client.last_contact_at != (newest.occurred_at if newest else None):
            mismatched.append(client.pk)

    assert mismatched == []


def test_it_counts_did_not_attend_streaks_as_logging_a_contact_does(seeded):
    mismatched = []
    for client in Client.objects.select_related("team__service"):
        limit = max(client.team.service.dna_flag_after, 1) + 1
        streak = 0
        for outcome in client.contacts.order_by("-occurred_at", "-id").values_list("outcome", flat=True)[:limit]:
            if outcome != "did_not_attend":
                break
            streak += 1
        if client.consecutive_dna != streak:
            mismatched.append(client.pk)

    assert mismatched == []
    assert Client.objects.filter(is_open=True, consecutive_dna__gte=2).exists()


def test_it_records_no_contact_in_the_future(seeded):
    now = timezone.now()

    assert not Contact.objects.filter(occurred_at__gt=now).exists()
    assert not Contact.objects.filter(recorded_at__gt=now).exists()


def test_it_gives_the_demo_worker_a_caseload_with_a_flag_and_a_restricted_record(seeded):
    mine = Client.objects.filter(lead_worker__email="worker@demo.recovery.example", is_open=True)

    assert mine.count() == 8
    assert mine.filter(consecutive_dna__gte=2).exists()
    assert mine.filter(is_restricted=True).exists()
