"""Boundary dates: the first and last days of a quarter, and the clocks changing (BST)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from clients import report_sections as sections
from clients.factories import ContactFactory
from recovery.accounts.factories import ServiceFactory, TeamFactory
from recovery.reports import periods
from risk import report_sections as risk_sections
from risk.models import SafeguardingConcern
from tests.reports.conftest import at

Q1, Q2, Q3 = periods.quarter(2026, 1), periods.quarter(2026, 2), periods.quarter(2026, 3)


@pytest.fixture
def team(db):
    return TeamFactory(service=ServiceFactory())


def _contacts(period, team) -> int:
    return sections.contacts_compute(start=period.start, end=period.end, service_ids=[team.service_id])["contacts"]


@pytest.mark.django_db
def test_it_puts_a_contact_at_00_30_bst_on_1_july_in_q2(make_client, team):
    client = make_client(team)
    ContactFactory(client=client, recorded_by=client.created_by, occurred_at=at(date(2026, 7, 1), 0, 30))

    assert (_contacts(Q1, team), _contacts(Q2, team)) == (0, 1)


@pytest.mark.django_db
def test_it_puts_a_contact_at_23_30_bst_on_30_june_in_q1(make_client, team):
    client = make_client(team)
    # 22:30 UTC on 30 June: still 30 June in the UK.
    ContactFactory(client=client, recorded_by=client.created_by, occurred_at=datetime(2026, 6, 30, 22, 30, tzinfo=UTC))

    assert (_contacts(Q1, team), _contacts(Q2, team)) == (1, 0)


@pytest.mark.django_db
def test_it_puts_a_contact_at_23_59_gmt_on_31_december_in_q3(make_client, team):
    client = make_client(team)
    ContactFactory(client=client, recorded_by=client.created_by, occurred_at=at(date(2026, 12, 31), 23, 59))

    assert _contacts(Q3, team) == 1


@pytest.mark.django_db
def test_it_counts_the_contact_in_the_hour_the_clocks_go_back_once(make_client, team):
    client = make_client(team)
    # 25 Oct 2026 01:30 happens twice in the UK: once in BST, once in GMT.
    ContactFactory(client=client, recorded_by=client.created_by, occurred_at=datetime(2026, 10, 25, 0, 30, tzinfo=UTC))
    ContactFactory(client=client, recorded_by=client.created_by, occurred_at=datetime(2026, 10, 25, 1, 30, tzinfo=UTC))

    assert _contacts(Q3, team) == 2


@pytest.mark.django_db
def test_it_counts_a_start_on_the_first_day_and_an_exit_on_the_last(make_client, team):
    make_client(team, received_on=date(2026, 6, 20), started_on=Q2.start)
    make_client(team, received_on=date(2026, 3, 1), started_on=date(2026, 3, 10), ended_on=Q2.end)

    caseload = sections.caseload_compute(start=Q2.start, end=Q2.end, service_ids=[team.service_id])
    exits = sections.exits_compute(start=Q2.start, end=Q2.end, service_ids=[team.service_id])

    assert (caseload["at_start"], caseload["starts"], exits["exits"], caseload["at_end"]) == (1, 1, 1, 1)


@pytest.mark.django_db
def test_it_counts_someone_who_left_on_the_first_day_in_the_caseload_at_the_start(make_client, team):
    make_client(team, received_on=date(2026, 3, 1), started_on=date(2026, 3, 10), ended_on=Q2.start)

    caseload = sections.caseload_compute(start=Q2.start, end=Q2.end, service_ids=[team.service_id])

    assert (caseload["at_start"], caseload["at_end"]) == (1, 0)


@pytest.mark.django_db
def test_it_counts_referrals_received_on_the_first_and_last_days_only_in_their_quarter(make_client, team):
    make_client(team, received_on=Q2.start, started_on=None)
    make_client(team, received_on=Q2.end, started_on=None)
    make_client(team, received_on=Q3.start, started_on=None)

    data = sections.referrals_compute(start=Q2.start, end=Q2.end, service_ids=[team.service_id])

    assert data["received"] == 2


@pytest.mark.django_db
def test_it_puts_a_concern_raised_at_00_15_bst_on_1_october_in_q3(make_client, team):
    client = make_client(team)
    SafeguardingConcern.objects.create(
        client=client,
        categories=["financial"],
        what_happened="Money taken.",
        who_is_at_risk="The person.",
        children_in_household="no",
        other_adults_in_household="no",
        immediate_actions="Bank told.",
        raised_by=client.created_by,
        raised_at=at(date(2026, 10, 1), 0, 15),
    )

    q2 = risk_sections.safeguarding_compute(start=Q2.start, end=Q2.end, service_ids=[team.service_id])
    q3 = risk_sections.safeguarding_compute(start=Q3.start, end=Q3.end, service_ids=[team.service_id])

    assert (q2["concerns"], q3["concerns"]) == (0, 1)
