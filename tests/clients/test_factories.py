"""The client factories: valid invented data, and ``open_client`` through the services."""

from __future__ import annotations

import random

import pytest
from django.core.exceptions import ValidationError

from clients.factories import (
    AdvanceStatementFactory,
    AllocationFactory,
    ClientFactory,
    ConsentRecordFactory,
    ContactFactory,
    EpisodeFactory,
    NetworkMemberFactory,
    ReferralFactory,
    nhs_number,
    open_client,
)
from clients.models import Allocation
from clients.validators import nhs_number_is_valid
from recovery.accounts.models import Role


class _Digits:
    """Stands in for a random generator: hands out the given digits in turn."""

    def __init__(self, digits: str):
        self._digits = iter(digits)

    def randrange(self, stop: int) -> int:
        return int(next(self._digits))


def test_it_generates_nhs_numbers_that_pass_the_check():
    rng = random.Random(1)

    numbers = [nhs_number(rng) for _ in range(500)]

    assert [number for number in numbers if not nhs_number_is_valid(number)] == []
    assert {number[0] for number in numbers} == {"9"}


def test_it_skips_a_stem_that_has_no_valid_check_digit():
    # 900000005 weighs to a check digit of 10: no NHS number starts with it.
    assert not any(nhs_number_is_valid(f"900000005{digit}") for digit in range(10))

    number = nhs_number(_Digits("00000005" + "00000001"))

    assert number.startswith("900000001")
    assert nhs_number_is_valid(number)


@pytest.mark.django_db
def test_it_makes_a_closed_client_with_no_episode_by_default():
    client = ClientFactory()

    assert not client.is_open
    assert client.lead_worker is None
    assert not client.episodes.exists()
    client.full_clean()


@pytest.mark.django_db
def test_it_makes_only_invented_contact_details():
    client = ClientFactory()

    assert client.email.endswith("@example.org")
    assert client.phone.startswith("07700 900")


@pytest.mark.django_db
def test_open_client_opens_the_episode_and_sets_the_lead_worker(team, worker):
    client = open_client(team=team, lead_worker=worker)

    assert client.is_open
    assert client.lead_worker == worker
    assert client.episodes.get().status == "open"
    assert list(Allocation.objects.filter(client=client, ended_at=None).values_list("worker", "role")) == [
        (worker.pk, "lead")
    ]


@pytest.mark.django_db
def test_open_client_finds_the_team_from_the_lead_worker(team, worker):
    client = open_client(lead_worker=worker)

    assert client.team == team


@pytest.mark.django_db
def test_open_client_makes_a_lead_worker_in_the_team_when_none_is_given():
    client = open_client()

    assert client.is_open
    assert client.lead_worker.memberships.get().team == client.team
    assert client.lead_worker.memberships.get().role == Role.WORKER


@pytest.mark.django_db
@pytest.mark.parametrize(
    "make",
    [
        lambda: ReferralFactory(),
        lambda: ReferralFactory(accepted=True),
        lambda: ReferralFactory(declined=True),
        lambda: EpisodeFactory(),
        lambda: EpisodeFactory(started=True),
        lambda: EpisodeFactory(ended=True),
        lambda: AllocationFactory(),
        lambda: AllocationFactory(coworker=True),
        lambda: ContactFactory(),
        lambda: ContactFactory(did_not_attend=True),
        lambda: NetworkMemberFactory(),
        lambda: ConsentRecordFactory(),
        lambda: AdvanceStatementFactory(),
    ],
    ids=[
        "referral",
        "referral-accepted",
        "referral-declined",
        "episode-waiting",
        "episode-started",
        "episode-ended",
        "allocation-lead",
        "allocation-co",
        "contact",
        "contact-dna",
        "network-member",
        "consent",
        "advance-statement",
    ],
)
def test_each_factory_makes_a_row_that_passes_model_validation(make):
    record = make()

    try:
        record.full_clean()
    except ValidationError as error:  # pragma: no cover - the message is the useful part
        pytest.fail(f"{type(record).__name__}: {error.message_dict}")
