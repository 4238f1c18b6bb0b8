"""Demo clients for ``manage.py seed_demo``: referrals, episodes, allocations, contacts, network, consent.

One code path for both sizes. Each client is planned first (who, when, how many contacts)
from a random generator seeded by the team's name, then every table is filled with
``bulk_create`` and the fields that services denormalise onto ``Client`` (``is_open``,
``lead_worker``, ``last_contact_at``, ``consecutive_dna``) are worked out afterwards by one
set-based UPDATE. The small dataset goes through the same path, so the tests that check
those fields on it also check the SQL the large dataset relies on.

Idempotent: each team is topped up to its planned number of clients; a team that has them
already is left alone. Everything is invented: Faker (en_GB) names and addresses, NHS
numbers in the 9xx range, Ofcom drama phone numbers, e-mail at example.org.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from functools import cache
from itertools import accumulate

import factory.random
from django.db import connection
from django.utils import timezone
from faker import Faker

from clients.demo_text import (
    ADVANCE_STATEMENTS,
    CONTACT_TYPES,
    DURATIONS,
    END_REASONS,
    ETHNICITIES,
    GROUPS,
    LANGUAGES,
    MISSED,
    MOVE_ON,
    NEXT_STEPS,
    NICKNAMES,
    OPENERS,
    OTHER_DESTINATION,
    OUTCOMES,
    PLACES,
    REFERRAL_REASONS,
    SOURCES,
    TOPICS,
)
from clients.factories import ClientFactory, drama_mobile
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
from recovery.accounts.models import Team, User

BATCH_SIZE = 5000
DEMO_WORKER_EMAIL = "worker@demo.recovery.example"


@dataclass(frozen=True)
class SizeSpec:
    open_clients: int  # over all teams
    closed_clients: int
    waiting_per_team: int
    pending_per_team: int
    declined_per_team: int
    demo_worker_leads: int  # open clients led by the demo worker (bench's "worker")
    open_contacts: tuple[int, int, int]  # average, minimum, maximum per client
    closed_contacts: tuple[int, int, int]
    restricted_share: float
    dna_streak_share: float


SIZES = {
    "small": SizeSpec(60, 24, 2, 2, 1, 8, (14, 4, 30), (8, 3, 15), 0.1, 0.13),
    "large": SizeSpec(1000, 4000, 5, 5, 3, 50, (200, 8, 800), (25, 3, 120), 0.01, 0.04),
}


def _split(total: int, parts: int) -> list[int]:
    return [total // parts + (index < total % parts) for index in range(parts)]


@cache
def _cumulative(table: tuple[tuple[object, int], ...]) -> tuple[list, list[int]]:
    return [value for value, _ in table], list(accumulate(weight for _, weight in table))


def _weighted(rng: random.Random, table: tuple[tuple[object, int], ...]):
    """One value from a (value, weight) table; the weights are summed once per table, not per call."""
    values, cumulative = _cumulative(table)
    return rng.choices(values, cum_weights=cumulative)[0]


# --- what the records say: invented text in clients/demo_text.py ----------------------------------


@dataclass(eq=False)
class ClientPlan:
    """Everything random about one demo client, decided before anything is written."""

    kind: str  # open, closed, waiting, pending or declined
    client: Client  # built, not saved
    seed: int  # for this client's contacts, so a top-up makes the same notes a full run would
    source: str
    source_detail: str
    reason: str
    received_on: date
    decision: str = "pending"
    decided_on: date | None = None
    decision_reason: str = ""
    signposted_to: str = ""
    started_on: date | None = None
    ended_on: date | None = None
    end_reason: str = ""
    move_on_destination: str = ""
    # (worker, from, to): lead allocations in order, the last one open for an open client
    leads: list[tuple[User, date, date | None]] = field(default_factory=list)
    coworker: tuple[User, date] | None = None
    contacts: int = 0
    last_gap_days: int = 0  # open clients: days since the newest contact
    dna_streak: int = 0  # the newest contacts that were did-not-attend
    network: list[str] = field(default_factory=list)  # relationships
    advance_statement: int | None = None  # index into ADVANCE_STATEMENTS

    @property
    def name(self) -> str:
        return self.client.preferred_name or self.client.first_name

    def worker_on(self, day: date) -> User:
        for worker, _start, end in self.leads:
            if end is None or day <= end:
                return worker
        return self.leads[-1][0]


def _source_detail(source: str, client: Client, fake: Faker) -> str:
    return {
        "gp": f"Dr {fake.last_name()}, {client.gp_practice}",
        "cmht": f"{fake.first_name()} {fake.last_name()}, care coordinator",
        "hospital": f"Discharge coordinator, Ward {fake.random_int(1, 12)}",
        "housing": "Housing options team",
        "voluntary": "Local wellbeing café",
        "family": "Their mum, with their agreement",
    }.get(source, "")


def _distribute(spans: list[int], spec: tuple[int, int, int], rng: random.Random) -> list[int]:
    """Contacts per client in proportion to the length of support, ``average`` per client overall."""
    if not spans:
        return []
    average, low, high = spec
    weights = [max(span, 1) * rng.uniform(0.7, 1.3) for span in spans]
    total, weight_sum = average * len(spans), sum(weights)
    counts = [min(high, max(low, int(total * weight / weight_sum))) for weight in weights]
    while (gap := total - sum(counts)) != 0:  # settle the rounding so team totals come out exact
        index = rng.randrange(len(counts))
        step = 1 if gap > 0 else -1
        if low <= counts[index] + step <= high:
            counts[index] += step
    return counts


def _client_extras(client: Client, rng: random.Random) -> None:
    if client.first_name in NICKNAMES and rng.random() < 0.5:
        client.preferred_name = NICKNAMES[client.first_name]
    client.sex = _weighted(rng, (("female", 48), ("male", 48), ("prefer_not_to_say", 4)))
    if rng.random() < 0.3:
        client.pronouns = {"female": "she/her", "male": "he/him"}.get(client.sex, "they/them")
    client.ethnicity = _weighted(rng, ETHNICITIES)
    client.religion = _weighted(rng, (("none", 45), ("christian", 35), ("muslim", 8), ("hindu", 2), ("sikh", 1),
                                      ("jewish", 1), ("buddhist", 1), ("other", 2), ("prefer_not_to_say", 5)))  # fmt: skip
    client.sexual_orientation = _weighted(
        rng, (("heterosexual", 85), ("gay_lesbian", 4), ("bisexual", 4), ("other", 1), ("prefer_not_to_say", 6))
    )
    client.marital_status = _weighted(rng, (("single", 60), ("divorced", 15), ("separated", 8), ("married", 10),
                                            ("widowed", 3), ("prefer_not_to_say", 4)))  # fmt: skip
    client.disability = _weighted(rng, (("yes", 45), ("no", 50), ("prefer_not_to_say", 5)))
    if rng.random() < 0.04:
        client.interpreter_language = rng.choice(LANGUAGES)
    client.needs_bsl = rng.random() < 0.01
    client.needs_easy_read = rng.random() < 0.03
    if rng.random() < 0.3:
        client.email = ""


def plan_team(
    *,
    team: Team,
    workers: list[User],
    leader: User,
    counts: dict[str, int],
    spec: SizeSpec,
    seed: str,
    now: datetime,
) -> list[ClientPlan]:
    """Plan a team's demo clients. The same seed gives the same plans, whatever is in the database."""
    today = timezone.localdate(now)
    rng = random.Random(seed)
    factory.random.reseed_random(seed)  # ClientFactory draws names from factory-boy's own generator
    fake = Faker("en_GB")
    fake.seed_instance(rng.getrandbits(32))
    demo_worker = next((worker for worker in workers if worker.email == DEMO_WORKER_EMAIL), None)
    others = [worker for worker in workers if worker != demo_worker] or workers

    plans: list[ClientPlan] = []
    for kind in ("open", "closed", "waiting", "pending", "declined"):
        for _ in range(counts[kind]):
            client = ClientFactory.build(team=team, created_by=leader)
            _client_extras(client, rng)
            source = _weighted(rng, SOURCES)
            plans.append(
                ClientPlan(
                    kind=kind,
                    client=client,
                    seed=rng.getrandbits(64),
                    source=source,
                    source_detail=_source_detail(source, client, fake),
                    reason=rng.choice(REFERRAL_REASONS),
                    received_on=today,
                )
            )

    for plan in plans:
        if plan.kind == "open":
            plan.started_on = today - timedelta(days=rng.randint(30, 730))
            # Most seen in the last fortnight (green), some amber, a few red.
            roll = rng.random()
            gap = rng.randint(1, 13) if roll < 0.7 else rng.randint(14, 27) if roll < 0.88 else rng.randint(28, 60)
            plan.last_gap_days = min(gap, (today - plan.started_on).days)
        elif plan.kind == "closed":
            plan.ended_on = today - timedelta(days=rng.randint(7, 1100))
            plan.started_on = plan.ended_on - timedelta(days=rng.randint(30, 730))
            plan.end_reason = _weighted(rng, END_REASONS)
            if plan.end_reason == "planned_move_on":
                plan.move_on_destination = _weighted(rng, MOVE_ON.get(team.service.kind, MOVE_ON["community"]))
            else:
                plan.move_on_destination = OTHER_DESTINATION.get(plan.end_reason, "unknown")
        if plan.kind in ("open", "closed"):
            plan.decided_on = plan.started_on - timedelta(days=rng.randint(3, 40))
            plan.received_on = plan.decided_on - timedelta(days=rng.randint(2, 30))
            plan.decision = "accepted"
        elif plan.kind == "waiting":
            plan.decided_on = today - timedelta(days=rng.randint(1, 45))
            plan.received_on = plan.decided_on - timedelta(days=rng.randint(2, 20))
            plan.decision = "accepted"
        elif plan.kind == "pending":
            plan.received_on = today - timedelta(days=rng.randint(0, 20))
        else:
            plan.received_on = today - timedelta(days=rng.randint(20, 200))
            plan.decided_on = plan.received_on + timedelta(days=rng.randint(3, 14))
            plan.decision = rng.choice(["declined", "signposted"])
            if plan.decision == "declined":
                plan.decision_reason = (
                    "Needs 24-hour staffed support for now; we talked this through with the referrer."
                )
            else:
                plan.signposted_to = rng.choice(
                    ["NHS Talking Therapies", "Community wellbeing café", "Citizens Advice"]
                )
        plan.client.created_at = min(_at(plan.received_on, 10, rng.randint(0, 59)), now)

    open_plans = [plan for plan in plans if plan.kind == "open"]
    closed_plans = [plan for plan in plans if plan.kind == "closed"]

    # Lead workers: the demo worker gets their share, everyone else in the team in turn.
    leads = [demo_worker] * min(spec.demo_worker_leads, len(open_plans)) if demo_worker else []
    leads += [others[index % len(others)] for index in range(len(open_plans) - len(leads))]
    rng.shuffle(leads)
    for plan, lead in zip(open_plans, leads, strict=True):
        previous = [worker for worker in workers if worker != lead]
        if previous and rng.random() < 0.2:  # reallocated part way through
            handover = plan.started_on + timedelta(days=rng.randint(7, (today - plan.started_on).days - 1))
            plan.leads = [(rng.choice(previous), plan.started_on, handover), (lead, handover, None)]
        else:
            plan.leads = [(lead, plan.started_on, None)]
        leads_so_far = {worker for worker, _start, _end in plan.leads}
        candidates = [worker for worker in workers if worker not in leads_so_far]
        if candidates and rng.random() < 0.25:
            plan.coworker = (rng.choice(candidates), plan.started_on + timedelta(days=rng.randint(0, 20)))
    for plan in closed_plans:
        plan.leads = [(rng.choice(workers), plan.started_on, plan.ended_on)]

    open_spans = [(today - plan.started_on).days for plan in open_plans]
    for plan, count in zip(open_plans, _distribute(open_spans, spec.open_contacts, rng), strict=True):
        plan.contacts = count
    closed_spans = [(plan.ended_on - plan.started_on).days for plan in closed_plans]
    for plan, count in zip(closed_plans, _distribute(closed_spans, spec.closed_contacts, rng), strict=True):
        plan.contacts = count

    # Restricted records and did-not-attend streaks, at least one of each on the demo worker's caseload.
    mine = [plan for plan in open_plans if plan.leads[-1][0] == demo_worker]
    for plan in _some_of(open_plans, spec.restricted_share, mine, rng):
        plan.client.is_restricted = True
    for plan in _some_of(open_plans, spec.dna_streak_share, mine, rng):
        plan.dna_streak = min(rng.choice([2, 2, 3]), plan.contacts)

    for plan in open_plans:
        plan.network = [
            relationship
            for relationship, chance in (
                ("gp", 0.7),
                ("family", 0.5),
                ("care_coordinator", 0.4),
                ("friend", 0.15),
                ("advocate", 0.05),
            )
            if rng.random() < chance
        ]
        if rng.random() < 0.1:
            plan.advance_statement = rng.randrange(len(ADVANCE_STATEMENTS))
    if open_plans and not any(plan.advance_statement is not None for plan in open_plans):
        (mine or open_plans)[0].advance_statement = 0
    return plans


def _some_of(plans: list[ClientPlan], share: float, mine: list[ClientPlan], rng: random.Random) -> list[ClientPlan]:
    """A share of the plans (at least one), including one of ``mine`` when there are any."""
    if not plans:
        return []
    chosen = rng.sample(plans, max(1, round(share * len(plans))))
    if mine and not any(plan in mine for plan in chosen):
        chosen[0] = rng.choice(mine)
    return chosen


# --- writing ------------------------------------------------------------------------------------


def _at(day: date, hour: int, minute: int, tz: tzinfo | None = None) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz or timezone.get_current_timezone())


@contextmanager
def _keep_given_timestamps(*models) -> Iterator[None]:
    """Let bulk_create keep the ``auto_now_add`` values we set: demo history needs a note recorded
    minutes after the visit it describes, not on the day the demo was seeded. (The other way, an
    UPDATE afterwards, would write a second history event for each of 300,000 contacts.)"""
    fields = [f for model in models for f in model._meta.concrete_fields if getattr(f, "auto_now_add", False)]
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f in fields:
            f.auto_now_add = True


def _contacts(plan: ClientPlan, *, today: date, now: datetime, late_after: timedelta) -> Iterator[Contact]:
    if not plan.contacts:
        return
    rng = random.Random(plan.seed)
    tz = timezone.get_current_timezone()
    first = plan.started_on
    last = today - timedelta(days=plan.last_gap_days) if plan.kind == "open" else plan.ended_on
    span = max((last - first).days, 0)
    offsets = [*sorted(rng.randint(0, span) for _ in range(plan.contacts - 1)), span]
    for number, offset in enumerate(offsets):
        from_newest = len(offsets) - number
        if from_newest <= plan.dna_streak:
            outcome = "did_not_attend"
        elif from_newest == 1:
            outcome = "attended"  # the flagged clients are the ones planned so
        else:
            outcome = _weighted(rng, OUTCOMES)
        contact_type = _weighted(rng, CONTACT_TYPES)
        if outcome != "attended" and contact_type == "text_email":
            contact_type = "phone"
        day = first + timedelta(days=offset)
        hour, minute = rng.choice((9, 10, 10, 11, 11, 12, 13, 14, 14, 15, 15, 16, 17)), rng.choice((0, 15, 30, 45))
        occurred_at = _at(day, hour, minute, tz)
        tags: list[str] = []
        if outcome == "attended":
            tag, topic = rng.choice(TOPICS)
            tags = [tag] if tag else []
            parts = [rng.choice(OPENERS[contact_type]), topic, rng.choice(NEXT_STEPS)]
            low, high = DURATIONS[contact_type]
            duration = rng.randrange(low, high + 1, 5) if high > low else low
        else:
            parts = [rng.choice(MISSED[outcome])]
            duration = None
        place = rng.choice(PLACES)
        note = " ".join(part for part in parts if part).format(name=plan.name, place=place, group=rng.choice(GROUPS))
        is_late = outcome == "attended" and now - occurred_at > 3 * late_after and rng.random() < 0.03
        recorded_at = occurred_at + (
            late_after + timedelta(hours=rng.randint(2, 48)) if is_late else timedelta(minutes=rng.randint(5, 240))
        )
        recorded_by = plan.worker_on(day)
        if plan.coworker and day >= plan.coworker[1] and rng.random() < 0.2:
            recorded_by = plan.coworker[0]
        yield Contact(
            client_id=plan.client.pk,
            occurred_at=occurred_at,
            contact_type=contact_type,
            outcome=outcome,
            duration_minutes=duration,
            location=place if contact_type == "face_to_face" and outcome == "attended" else "",
            note=note,
            tags=tags,
            is_late_entry=is_late,
            recorded_at=min(recorded_at, now),
            recorded_by_id=recorded_by.pk,
            idempotency_key=uuid.uuid4(),
        )


def _network(plan: ClientPlan, fake: Faker, rng: random.Random) -> Iterator[NetworkMember]:
    client, name = plan.client, plan.name
    given = plan.started_on + timedelta(days=rng.randint(0, 14))
    details = {
        "gp": (f"Dr {fake.first_name()} {fake.last_name()}", client.gp_practice, client.gp_phone,
               f"Anything relevant to {name}'s physical and mental health, as agreed at the start of support."),
        "family": (fake.name(), "", drama_mobile(rng),
                   f"{name} is happy for us to tell their {rng.choice(['mum', 'dad', 'sister', 'brother', 'aunt'])} "
                   "about appointments and how things are going, but not about health details."),
        "care_coordinator": (fake.name(), "Community mental health team", drama_mobile(rng),
                             f"Everything relevant to {name}'s care and risk, as agreed in the CPA care plan."),
        "friend": (fake.name(), "", drama_mobile(rng), "Only that we are in touch, if the friend asks."),
        "advocate": (fake.name(), "Independent advocacy service", drama_mobile(rng),
                     f"What {name} asks us to share for meetings the advocate attends."),
    }  # fmt: skip
    for relationship in plan.network:
        person, organisation, phone, may_share = details[relationship]
        yield NetworkMember(
            client=client,
            relationship=relationship,
            name=person,
            organisation=organisation,
            phone=phone,
            may_share=may_share,
            consent_given_on=given,
            consent_review_on=given + timedelta(days=365),
            recorded_by=plan.leads[0][0],
        )


def _consents(plan: ClientPlan, rng: random.Random, now: datetime) -> Iterator[ConsentRecord]:
    decided = plan.started_on + timedelta(days=rng.randint(0, 7))
    kinds = [("information_sharing", 0.92)]
    if plan.kind == "open":
        kinds += [("text_messages", 0.75)] + ([("photography", 0.6)] if rng.random() < 0.4 else [])
    for kind, chance in kinds:
        yield ConsentRecord(
            client=plan.client,
            kind=kind,
            decision="given" if rng.random() < chance else "refused",
            decided_on=decided,
            review_on=decided + timedelta(days=365),
            recorded_by=plan.leads[0][0],
            recorded_at=min(_at(decided, 15, 0), now),
        )


def _write(plans: list[ClientPlan], *, team: Team, leader: User, seed: str, today: date, now: datetime) -> None:
    rng = random.Random(f"{seed}:write:{len(plans)}")
    fake = Faker("en_GB")
    fake.seed_instance(rng.getrandbits(32))
    with _keep_given_timestamps(Client, Referral, Contact, ConsentRecord, AdvanceStatement):
        Client.objects.bulk_create([plan.client for plan in plans], batch_size=BATCH_SIZE)
        referrals = [
            Referral(
                client=plan.client,
                source=plan.source,
                source_detail=plan.source_detail,
                received_on=plan.received_on,
                reason=plan.reason,
                decision=plan.decision,
                decision_reason=plan.decision_reason,
                signposted_to=plan.signposted_to,
                decided_on=plan.decided_on,
                decided_by=leader if plan.decided_on else None,
                created_by=leader,
                created_at=plan.client.created_at,
            )
            for plan in plans
        ]
        Referral.objects.bulk_create(referrals, batch_size=BATCH_SIZE)
        Episode.objects.bulk_create(
            [
                Episode(
                    client=plan.client,
                    referral=referral,
                    accepted_on=plan.decided_on,
                    started_on=plan.started_on,
                    ended_on=plan.ended_on,
                    end_reason=plan.end_reason,
                    move_on_destination=plan.move_on_destination,
                    ended_by=leader if plan.ended_on else None,
                )
                for plan, referral in zip(plans, referrals, strict=True)
                if plan.decision == "accepted"
            ],
            batch_size=BATCH_SIZE,
        )
        allocations = []
        for plan in plans:
            for worker, start, end in plan.leads:
                # A handover happens first thing; support ends after the day's last visit.
                ended_at = None
                reason = ""
                if end and end == plan.ended_on:
                    ended_at, reason = _at(end, 18, 0), "Episode ended"
                elif end:
                    ended_at, reason = _at(end, 9, 30), "Caseload rebalanced"
                allocations.append(
                    Allocation(
                        client=plan.client,
                        worker=worker,
                        role="lead",
                        started_at=_at(start, 9, 30),
                        ended_at=ended_at,
                        allocated_by=leader,
                        reason=reason,
                    )
                )
            if plan.coworker:
                worker, start = plan.coworker
                allocations.append(
                    Allocation(
                        client=plan.client,
                        worker=worker,
                        role="co",
                        started_at=_at(start, 9, 45),
                        allocated_by=leader,
                        reason="Shares visits with the lead worker",
                    )
                )
        Allocation.objects.bulk_create(allocations, batch_size=BATCH_SIZE)

        late_after = timedelta(hours=team.service.late_entry_hours)
        batch: list[Contact] = []
        for plan in plans:
            batch.extend(_contacts(plan, today=today, now=now, late_after=late_after))
            if len(batch) >= BATCH_SIZE:
                Contact.objects.bulk_create(batch, batch_size=BATCH_SIZE)
                batch = []
        Contact.objects.bulk_create(batch, batch_size=BATCH_SIZE)

        started = [plan for plan in plans if plan.started_on]
        NetworkMember.objects.bulk_create(
            [member for plan in started for member in _network(plan, fake, rng)], batch_size=BATCH_SIZE
        )
        ConsentRecord.objects.bulk_create(
            [consent for plan in started for consent in _consents(plan, rng, now)], batch_size=BATCH_SIZE
        )
        AdvanceStatement.objects.bulk_create(
            [
                AdvanceStatement(
                    client=plan.client,
                    summary=ADVANCE_STATEMENTS[plan.advance_statement],
                    made_on=plan.started_on + timedelta(days=14),
                    where_held="A copy is with the GP and the care coordinator.",
                    recorded_by=plan.leads[0][0],
                    recorded_at=_at(plan.started_on + timedelta(days=14), 14, 0),
                )
                for plan in started
                if plan.advance_statement is not None
            ],
            batch_size=BATCH_SIZE,
        )


# One statement for what the services keep on Client: the open episode, the open lead allocation,
# the newest attended contact, and the did-not-attend streak counted from the newest contact and
# capped as clients.services.contacts does. Each lookup is an index probe per client.
REFRESH_SUMMARY_SQL = """
WITH summary AS (
    SELECT c.id,
           EXISTS (SELECT 1 FROM clients_episode e
                    WHERE e.client_id = c.id AND e.started_on IS NOT NULL AND e.ended_on IS NULL) AS is_open,
           (SELECT a.worker_id FROM clients_allocation a
             WHERE a.client_id = c.id AND a.role = 'lead' AND a.ended_at IS NULL) AS lead_worker_id,
           (SELECT max(x.occurred_at) FROM clients_contact x
             WHERE x.client_id = c.id AND x.outcome = 'attended') AS last_contact_at,
           (SELECT coalesce(min(recent.n) FILTER (WHERE recent.outcome <> 'did_not_attend') - 1, count(*))
              FROM (SELECT x.outcome, row_number() OVER (ORDER BY x.occurred_at DESC, x.id DESC) AS n
                      FROM clients_contact x
                     WHERE x.client_id = c.id
                     ORDER BY x.occurred_at DESC, x.id DESC
                     LIMIT greatest(s.dna_flag_after, 1) + 1) AS recent) AS consecutive_dna
      FROM clients_client c
      JOIN accounts_team t ON t.id = c.team_id
      JOIN accounts_service s ON s.id = t.service_id
     WHERE c.id = ANY(%s)
)
UPDATE clients_client c
   SET is_open = summary.is_open,
       lead_worker_id = summary.lead_worker_id,
       last_contact_at = summary.last_contact_at,
       consecutive_dna = summary.consecutive_dna
  FROM summary
 WHERE c.id = summary.id
   AND (c.is_open, c.lead_worker_id, c.last_contact_at, c.consecutive_dna)
       IS DISTINCT FROM (summary.is_open, summary.lead_worker_id, summary.last_contact_at, summary.consecutive_dna)
"""
ANALYZE_TABLES = (
    "clients_client", "clients_referral", "clients_episode", "clients_allocation", "clients_contact",
    "clients_networkmember", "clients_consentrecord", "clients_advancestatement",
)  # fmt: skip


def refresh_client_summaries(client_ids: list[int]) -> int:
    """Recompute the denormalised caseload fields for these clients; returns how many changed."""
    with connection.cursor() as cursor:
        cursor.execute(REFRESH_SUMMARY_SQL, [client_ids])
        return cursor.rowcount


def seed_clients(context) -> dict[str, int]:
    spec = SIZES[context.size]
    today, now = timezone.localdate(), timezone.now()
    teams = context.teams
    open_split, closed_split = _split(spec.open_clients, len(teams)), _split(spec.closed_clients, len(teams))
    created: list[int] = []
    # pgtrigger.ignore is set for every connection in settings.py, so bulk loads stay linear.
    for index, team in enumerate(teams):
        counts = {
            "open": open_split[index],
            "closed": closed_split[index],
            "waiting": spec.waiting_per_team,
            "pending": spec.pending_per_team,
            "declined": spec.declined_per_team,
        }
        existing = Client.objects.filter(team=team).count()
        if existing >= sum(counts.values()):
            continue
        leader = context.leaders_by_team[team.id]
        workers = context.workers_by_team.get(team.id) or [leader]
        seed = f"recovery-demo-clients:{context.size}:{team.name}"
        plans = plan_team(team=team, workers=workers, leader=leader, counts=counts, spec=spec, seed=seed, now=now)
        plans = plans[existing:]
        _write(plans, team=team, leader=leader, seed=seed, today=today, now=now)
        created += [plan.client.pk for plan in plans]
    if created:
        refresh_client_summaries(created)
        with connection.cursor() as cursor:
            # New rows in a GIN index wait in its unsorted "pending list" until a vacuum; every name
            # search scans that list in full (40 ms instead of 0.5 ms after the large seed), so merge it now.
            cursor.execute("SELECT gin_clean_pending_list('client_search_name_trgm'::regclass)")
            # Fresh statistics, so the first caseload after seeding is planned on the real row counts.
            # (VACUUM cannot run inside the seeder's transaction; autovacuum will follow.)
            cursor.execute(f"ANALYZE {', '.join(ANALYZE_TABLES)}")
    return {
        "clients": Client.objects.count(),
        "open": Client.objects.filter(is_open=True).count(),
        "referrals": Referral.objects.count(),
        "episodes": Episode.objects.count(),
        "allocations": Allocation.objects.count(),
        "contacts": Contact.objects.count(),
        "network": NetworkMember.objects.count(),
        "consents": ConsentRecord.objects.count(),
        "advance statements": AdvanceStatement.objects.count(),
    }


def register() -> None:
    from recovery.core.demo import DemoSeeder, demo_seeders

    demo_seeders.register(DemoSeeder("clients", seed_clients, order=10))
