"""factory-boy factories for client records (Faker en_GB), used by tests and by the demo seeder.

The factories write rows directly and do not maintain the fields that services
denormalise onto ``Client`` (``is_open``, ``lead_worker``, ``last_contact_at``,
``consecutive_dna``): ``ClientFactory()`` is a closed client with no episode.
For an open client with a lead worker, use ``open_client(...)``, which goes
through the services so those fields are right.

Invented data only: Faker names and addresses, NHS numbers in the 9xx range
(never issued to patients), phone numbers from Ofcom's ranges kept for drama
and e-mail addresses at example.org.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import factory
from django.utils import timezone
from factory.random import randgen

from clients.models import (
    AdvanceStatement,
    Allocation,
    Client,
    ConsentRecord,
    Contact,
    Episode,
    NetworkMember,
    Referral,
)
from recovery.accounts.factories import TeamFactory, UserFactory, staff_with_role
from recovery.accounts.models import Role, Team, User

factory.Faker._DEFAULT_LOCALE = "en_GB"

NHS_WEIGHTS = range(10, 1, -1)
# Ofcom reserves these for TV and radio drama: they never reach a real person.
DRAMA_MOBILE = "07700 900{:03d}"
DRAMA_LANDLINES = ("0113 496 0{:03d}", "0161 496 0{:03d}", "020 7946 0{:03d}", "0117 496 0{:03d}")


def nhs_number(rng=randgen) -> str:
    """A 10-digit number that passes the NHS modulus-11 check, starting with 9 (not issued to patients)."""
    while True:
        digits = [9, *(rng.randrange(10) for _ in range(8))]
        check = 11 - sum(digit * weight for digit, weight in zip(digits, NHS_WEIGHTS, strict=True)) % 11
        if check == 10:  # no valid check digit: NHS numbers with this stem are never issued
            continue
        return "".join(map(str, digits)) + str(0 if check == 11 else check)


def drama_mobile(rng=randgen) -> str:
    return DRAMA_MOBILE.format(rng.randrange(1000))


def drama_landline(rng=randgen) -> str:
    return rng.choice(DRAMA_LANDLINES).format(rng.randrange(1000))


def example_email(*names: str) -> str:
    local = ".".join(re.sub(r"[^a-z]", "", name.lower()) for name in names if name)
    return f"{local or 'person'}@example.org"


class ClientFactory(factory.django.DjangoModelFactory):
    """A closed client (no episode, no lead worker) in a new team unless one is given."""

    class Meta:
        model = Client

    team = factory.SubFactory(TeamFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=18, maximum_age=80)
    nhs_number = factory.LazyFunction(nhs_number)
    address_line_1 = factory.Faker("street_address")
    town = factory.Faker("city")
    postcode = factory.Faker("postcode")
    phone = factory.LazyFunction(drama_mobile)
    email = factory.LazyAttribute(lambda client: example_email(client.first_name, client.last_name))
    gp_practice = factory.LazyAttribute(lambda client: f"{client.practice_name} Medical Centre")
    gp_phone = factory.LazyFunction(drama_landline)
    created_by = factory.SubFactory(UserFactory)

    class Params:
        practice_name = factory.Faker("last_name")
        restricted = factory.Trait(is_restricted=True)


class ReferralFactory(factory.django.DjangoModelFactory):
    """A pending referral received a month ago; ``accepted=True`` or ``declined=True`` for a decision."""

    class Meta:
        model = Referral

    client = factory.SubFactory(ClientFactory)
    source = "gp"
    received_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    reason = "Low mood and isolation since losing work; would like help to find a settled home and get out more."
    created_by = factory.SelfAttribute("client.created_by")

    class Params:
        accepted = factory.Trait(
            decision="accepted",
            decided_on=factory.LazyAttribute(lambda referral: referral.received_on + timedelta(days=7)),
            decided_by=factory.SelfAttribute("created_by"),
        )
        declined = factory.Trait(
            decision="declined",
            decision_reason="Needs are better met by the community mental health team.",
            decided_on=factory.LazyAttribute(lambda referral: referral.received_on + timedelta(days=7)),
            decided_by=factory.SelfAttribute("created_by"),
        )


class EpisodeFactory(factory.django.DjangoModelFactory):
    """A waiting episode from an accepted referral; ``started=True`` or ``ended=True`` to move it on.

    Writes the row only: ``Client.is_open`` is not changed (use ``open_client`` for that).
    """

    class Meta:
        model = Episode

    client = factory.SubFactory(ClientFactory)
    referral = factory.SubFactory(ReferralFactory, client=factory.SelfAttribute("..client"), accepted=True)
    accepted_on = factory.LazyAttribute(
        lambda episode: episode.referral.decided_on if episode.referral else timezone.localdate() - timedelta(days=23)
    )

    class Params:
        started = factory.Trait(
            started_on=factory.LazyAttribute(lambda episode: episode.accepted_on + timedelta(days=7))
        )
        ended = factory.Trait(
            started_on=factory.LazyAttribute(lambda episode: episode.accepted_on + timedelta(days=7)),
            ended_on=factory.LazyAttribute(lambda episode: episode.started_on + timedelta(days=7)),
            end_reason="planned_move_on",
            move_on_destination="independent_tenancy",
        )


class AllocationFactory(factory.django.DjangoModelFactory):
    """An open lead allocation (``coworker=True`` for a co-worker). Does not set ``Client.lead_worker``."""

    class Meta:
        model = Allocation

    client = factory.SubFactory(ClientFactory)
    worker = factory.SubFactory(UserFactory)
    role = "lead"
    started_at = factory.LazyFunction(timezone.now)
    allocated_by = factory.SelfAttribute("worker")

    class Params:
        coworker = factory.Trait(role="co")


class ContactFactory(factory.django.DjangoModelFactory):
    """An attended face-to-face contact an hour ago. Does not update ``Client.last_contact_at``
    (``clients.services.contact_log`` does)."""

    class Meta:
        model = Contact

    client = factory.SubFactory(ClientFactory)
    occurred_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    contact_type = "face_to_face"
    outcome = "attended"
    duration_minutes = 45
    note = factory.LazyAttribute(
        lambda contact: (
            f"Met {contact.client.first_name} at the café. We talked about the week ahead "
            "and agreed to meet again on Thursday."
        )
    )
    recorded_by = factory.SelfAttribute("client.created_by")
    idempotency_key = factory.LazyFunction(uuid.uuid4)

    class Params:
        did_not_attend = factory.Trait(outcome="did_not_attend", note="", duration_minutes=None)


class NetworkMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkMember

    client = factory.SubFactory(ClientFactory)
    relationship = "family"
    name = factory.Faker("name")
    phone = factory.LazyFunction(drama_mobile)
    may_share = "Appointments and how things are going in general; nothing about health without asking first."
    consent_given_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    consent_review_on = factory.LazyAttribute(lambda member: member.consent_given_on + timedelta(days=365))
    recorded_by = factory.SelfAttribute("client.created_by")


class ConsentRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentRecord

    client = factory.SubFactory(ClientFactory)
    kind = "information_sharing"
    decision = "given"
    decided_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    review_on = factory.LazyAttribute(lambda consent: consent.decided_on + timedelta(days=365))
    recorded_by = factory.SelfAttribute("client.created_by")


class AdvanceStatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdvanceStatement

    client = factory.SubFactory(ClientFactory)
    summary = (
        "If I become unwell I would like my sister to be told first. I would rather be supported at home "
        "than go into hospital, and I find it helps when people speak slowly and explain what is happening."
    )
    made_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=60))
    where_held = "A copy is with my GP and my care coordinator."
    recorded_by = factory.SelfAttribute("client.created_by")


def open_client(
    *,
    team: Team | None = None,
    lead_worker: User | None = None,
    started_on: date | None = None,
    by: User | None = None,
    **client_fields,
) -> Client:
    """A client with an accepted referral, a started episode and a lead worker, made through the
    services so ``is_open`` and ``lead_worker`` are what the app itself would have written.

    ``lead_worker`` must be able to change records in ``team``; if neither is given, both are made.
    """
    from clients import services
    from recovery.accounts.access import forget_scope

    if team is None:
        membership = lead_worker.memberships.exclude(team=None).first() if lead_worker else None
        team = membership.team if membership else TeamFactory()
    if lead_worker is None:
        lead_worker = staff_with_role(Role.WORKER, team=team)
    by = by or lead_worker
    started_on = started_on or timezone.localdate() - timedelta(days=30)
    client = ClientFactory(team=team, **{"created_by": by, **client_fields})
    referral = services.referral_create(
        client=client,
        source="gp",
        received_on=started_on - timedelta(days=14),
        reason="Support to settle into a new tenancy and to feel less isolated.",
        by=by,
    )
    services.referral_decide(referral=referral, decision="accepted", decided_on=started_on - timedelta(days=7), by=by)
    services.episode_start(episode=referral.episode, started_on=started_on, by=by)
    services.allocation_set_lead(client=client, worker=lead_worker, by=by)
    # allocation_set_lead worked out the worker's scope and cached it on the object; a test may
    # change the worker's memberships afterwards, so don't leave a stale scope behind.
    forget_scope(lead_worker)
    client.refresh_from_db()
    return client
