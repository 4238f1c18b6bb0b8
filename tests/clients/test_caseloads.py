"""My caseload, the team caseload (summary, per-worker counts) and bulk reallocation."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from clients import services
from clients.models import Allocation, Client
from clients.selectors import caseload_rows
from recovery.accounts.factories import TeamFactory, staff_with_role
from recovery.accounts.models import Role

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 10, 15, 0, tzinfo=LONDON)
CASELOAD = reverse("clients:caseload")
TEAM_CASELOAD = reverse("clients:team_caseload")
REALLOCATE = reverse("clients:team_reallocate")


@pytest.fixture(autouse=True)
def _fixed_today():
    # RAG and "not seen" depend on today's date: pin it (time moves on, so contacts stay in the past).
    with time_machine.travel(NOW):
        yield


def _seen(client, by, log_contact, at_noon, days_ago: int) -> Client:
    log_contact(client, by, occurred_at=at_noon(days_ago))
    client.refresh_from_db()
    return client


def _names(response) -> list[str]:
    return [row.client.display_name for row in response.context["rows"]]


# --- my caseload -------------------------------------------------------------------------------


def test_it_shows_the_workers_own_open_clients(client_for, worker, team, open_client_for):
    mine = open_client_for(worker, team, first_name="Amara", last_name="Okafor")

    response = client_for(worker).get(CASELOAD)

    assert response.status_code == 200
    assert _names(response) == [mine.display_name]


def test_it_includes_clients_the_worker_co_works(client_for, worker, colleague, team, open_client_for, team_leader):
    shared = open_client_for(colleague, team, first_name="Dev", last_name="Patel")
    services.allocation_add_coworker(client=shared, worker=worker, by=team_leader)

    assert _names(client_for(worker).get(CASELOAD)) == ["Dev Patel"]


def test_it_leaves_out_colleagues_clients(client_for, worker, colleague, team, open_client_for):
    open_client_for(colleague, team, first_name="Gwen", last_name="Evans")

    assert _names(client_for(worker).get(CASELOAD)) == []


def test_it_leaves_out_closed_clients(client_for, worker, team, open_client_for, team_leader):
    closed = open_client_for(worker, team, first_name="Isla", last_name="Taylor")
    services.episode_end(
        episode=closed.episodes.get(),
        ended_on=closed.episodes.get().started_on,
        end_reason="moved_away",
        by=team_leader,
    )

    assert _names(client_for(worker).get(CASELOAD)) == []


def test_it_leaves_out_clients_the_worker_no_longer_co_works(client_for, worker, colleague, team, open_client_for):
    shared = open_client_for(colleague, team)
    allocation = services.allocation_add_coworker(client=shared, worker=worker, by=colleague)
    services.allocation_end(allocation=allocation, by=colleague)

    assert _names(client_for(worker).get(CASELOAD)) == []


@pytest.mark.parametrize(
    ("days_ago", "rag", "label"),
    [
        (0, "green", "Seen today"),
        (13, "green", "13 days since seen"),
        (14, "amber", "14 days since seen"),
        (27, "amber", "27 days since seen"),
        (28, "red", "28 days since seen"),
        (90, "red", "90 days since seen"),
    ],
)
def test_it_colours_the_time_since_seen_by_the_services_settings(
    worker, team, open_client_for, log_contact, at_noon, days_ago, rag, label
):
    client = _seen(
        open_client_for(worker, team, started_on=NOW.date() - timedelta(days=100)),
        worker,
        log_contact,
        at_noon,
        days_ago,
    )

    [row] = caseload_rows([client])

    assert (row.rag, row.rag_label) == (rag, label)


def test_it_shows_grey_not_seen_yet_for_a_client_never_seen(worker, team, open_client_for):
    [row] = caseload_rows([open_client_for(worker, team)])

    assert (row.rag, row.rag_label) == ("grey", "Not seen yet")


def test_it_uses_a_services_changed_amber_threshold(worker, team, service, open_client_for, log_contact, at_noon):
    service.not_seen_amber_days = 7
    service.save(update_fields=["not_seen_amber_days"])
    client = _seen(open_client_for(worker, team), worker, log_contact, at_noon, 8)

    assert caseload_rows([client])[0].rag == "amber"


def test_it_shows_the_rag_label_on_the_page(client_for, worker, team, open_client_for, log_contact, at_noon):
    _seen(open_client_for(worker, team), worker, log_contact, at_noon, 20)

    html = client_for(worker).get(CASELOAD).content.decode()

    assert '<span class="app-rag app-rag-amber">20 days since seen</span>' in html


def test_it_filters_by_name(client_for, worker, team, open_client_for):
    open_client_for(worker, team, first_name="Femi", last_name="Nowak")
    open_client_for(worker, team, first_name="Hamza", last_name="Khan")

    assert _names(client_for(worker).get(CASELOAD, {"q": "nowa"})) == ["Femi Nowak"]


def test_it_filters_by_days_not_seen(client_for, worker, team, open_client_for, log_contact, at_noon):
    _seen(open_client_for(worker, team, first_name="Ben", last_name="Recent"), worker, log_contact, at_noon, 3)
    _seen(open_client_for(worker, team, first_name="Ben", last_name="Longago"), worker, log_contact, at_noon, 20)
    open_client_for(worker, team, first_name="Ben", last_name="Never")

    names = _names(client_for(worker).get(CASELOAD, {"not_seen_days": "14"}))

    assert sorted(names) == ["Ben Longago", "Ben Never"]


def test_it_filters_to_did_not_attend_flags(client_for, worker, team, open_client_for, log_contact, at_noon):
    flagged = open_client_for(worker, team, first_name="Eilidh", last_name="MacLeod")
    log_contact(flagged, worker, occurred_at=at_noon(2), outcome="did_not_attend")
    log_contact(flagged, worker, occurred_at=at_noon(1), outcome="did_not_attend")
    once = open_client_for(worker, team, first_name="Jack", last_name="Walsh")
    log_contact(once, worker, occurred_at=at_noon(1), outcome="did_not_attend")

    assert _names(client_for(worker).get(CASELOAD, {"flagged": "true"})) == ["Eilidh MacLeod"]


def test_it_puts_the_longest_unseen_first_by_default(client_for, worker, team, open_client_for, log_contact, at_noon):
    _seen(open_client_for(worker, team, first_name="Ann", last_name="Three"), worker, log_contact, at_noon, 3)
    _seen(open_client_for(worker, team, first_name="Ann", last_name="Twenty"), worker, log_contact, at_noon, 20)
    open_client_for(worker, team, first_name="Ann", last_name="Never")

    assert _names(client_for(worker).get(CASELOAD)) == ["Ann Never", "Ann Twenty", "Ann Three"]


def test_it_sorts_by_name_when_asked(client_for, worker, team, open_client_for):
    open_client_for(worker, team, first_name="Zed", last_name="Young")
    open_client_for(worker, team, first_name="Al", last_name="Adams")

    assert _names(client_for(worker).get(CASELOAD, {"sort": "-name"})) == ["Zed Young", "Al Adams"]


def test_it_says_what_to_do_when_the_caseload_is_empty(client_for, worker):
    html = client_for(worker).get(CASELOAD).content.decode()

    assert "No clients are allocated to you yet. Your team leader allocates clients" in html


def test_it_says_how_to_clear_filters_that_match_nobody(client_for, worker, team, open_client_for):
    open_client_for(worker, team)

    html = client_for(worker).get(CASELOAD, {"q": "nobody-has-this-name"}).content.decode()

    assert "No clients match these filters. Clear the filters to see everyone." in html


def test_it_answers_htmx_with_just_the_table(client_for, worker, team, open_client_for):
    open_client_for(worker, team)

    response = client_for(worker).get(CASELOAD, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="caseload-table">')
    assert "<html" not in html


def test_it_refuses_my_caseload_to_a_read_only_member(client_for, read_only):
    assert client_for(read_only).get(CASELOAD).status_code == 403


def test_it_refuses_a_post_to_my_caseload(client_for, worker):
    assert client_for(worker).post(CASELOAD).status_code == 405


def test_it_reads_my_caseload_in_the_same_queries_for_1_or_30_clients(
    client_for, worker, team, open_client_for, log_contact, at_noon, queries_for
):
    # Queries, whatever the number of rows (12 today):
    #  1. session  2. user  3-5. allauth user session: read, user, "last seen" update
    #  6. memberships (the scope, cached on the user for the request)
    #  7. count for the paginator  8. the page of clients (+ team, service, lead worker)
    #  9. did-not-attend flags  10. restricted flags (one query per caseload flag source; other
    #     apps' flag and due-date sources add one each)  11. recently allocated to me  12. session save
    browser = client_for(worker)
    _seen(open_client_for(worker, team), worker, log_contact, at_noon, 3)
    _, one = queries_for(browser, CASELOAD)
    for days in range(29):
        _seen(open_client_for(worker, team), worker, log_contact, at_noon, days)

    response, thirty = queries_for(browser, CASELOAD)

    assert len(response.context["rows"]) == 30
    assert len(thirty) == len(one), "\n".join(thirty)
    assert len(thirty) <= 20


# --- team caseload -----------------------------------------------------------------------------


@pytest.fixture
def busy_team(team, worker, colleague, team_leader, open_client_for, make_client, log_contact, at_noon):
    """worker: 2 clients (1 not seen for 40 days); colleague: 1 seen yesterday; 1 unallocated and never seen;
    1 waiting to start; 2 referrals to decide; 1 closed client; and a client in another team."""
    _seen(open_client_for(worker, team), worker, log_contact, at_noon, 2)
    _seen(open_client_for(worker, team), worker, log_contact, at_noon, 40)
    _seen(open_client_for(colleague, team), colleague, log_contact, at_noon, 1)
    open_client_for(None, team, by=team_leader, lead=False)
    waiting = make_client(team, by=team_leader)
    referral = services.referral_create(
        client=waiting, source="self", received_on=NOW.date(), reason="Stress", by=worker
    )
    services.referral_decide(referral=referral, decision="accepted", decided_on=NOW.date(), by=team_leader)
    for _ in range(2):
        services.referral_create(
            client=make_client(team, by=worker), source="gp", received_on=NOW.date(), reason="Anxiety", by=worker
        )
    closed = open_client_for(worker, team)
    services.episode_end(episode=closed.episodes.get(), ended_on=NOW.date(), end_reason="moved_away", by=team_leader)
    elsewhere = TeamFactory(service=team.service)
    open_client_for(staff_with_role(Role.WORKER, team=elsewhere), elsewhere)
    return team


def test_it_sums_up_the_team_for_the_team_leader(client_for, team_leader, busy_team):
    summary = client_for(team_leader).get(TEAM_CASELOAD).context["summary"]

    assert (
        summary.open_clients,
        summary.unallocated,
        summary.not_seen,
        summary.waiting,
        summary.pending_referrals,
    ) == (
        4,
        1,
        2,
        1,
        2,
    )


def test_it_counts_each_workers_caseload(client_for, team_leader, worker, colleague, busy_team):
    summary = client_for(team_leader).get(TEAM_CASELOAD).context["summary"]

    loads = {load.worker: (load.clients, load.not_seen) for load in summary.workers}
    assert loads == {worker: (2, 1), colleague: (1, 0), team_leader: (0, 0)}


def test_it_lists_every_open_client_of_the_team(client_for, team_leader, busy_team):
    response = client_for(team_leader).get(TEAM_CASELOAD)

    assert len(response.context["rows"]) == 4


def test_it_refuses_the_team_caseload_to_a_worker(client_for, worker):
    assert client_for(worker).get(TEAM_CASELOAD).status_code == 403


def test_it_answers_a_team_the_leader_does_not_lead_with_404(client_for, team_leader, other_team_same_service):
    response = client_for(team_leader).get(TEAM_CASELOAD, {"team": str(other_team_same_service.code)})

    assert response.status_code == 404


def test_it_lets_a_service_manager_pick_any_team_in_the_service(
    client_for, manager, other_team_same_service, other_worker, open_client_for
):
    open_client_for(other_worker, other_team_same_service)

    response = client_for(manager).get(TEAM_CASELOAD, {"team": str(other_team_same_service.code)})

    assert (response.status_code, response.context["summary"].open_clients) == (200, 1)


def test_it_reads_the_team_caseload_in_the_same_queries_for_1_or_30_clients(
    client_for, team_leader, worker, team, open_client_for, log_contact, at_noon, queries_for
):
    # Queries, whatever the number of rows (18 today):
    #  1. session  2. user  3-5. allauth user session: read, user, "last seen" update
    #  6. memberships (scope)  7. teams the user leads  8. count for the paginator
    #  9. the page of clients (+ team, service, lead worker)
    # 10. summary totals (open, unallocated, not seen) in one aggregate  11. per-worker counts
    # 12. team members  13. waiting episodes  14. pending referrals
    # 15. did-not-attend flags  16. restricted flags
    # 17. workers for the "new lead worker" picker (the same query as 12)  18. session save
    browser = client_for(team_leader)
    _seen(open_client_for(worker, team), worker, log_contact, at_noon, 3)
    _, one = queries_for(browser, TEAM_CASELOAD)
    for days in range(29):
        _seen(open_client_for(worker, team), worker, log_contact, at_noon, days)

    response, thirty = queries_for(browser, TEAM_CASELOAD)

    assert len(response.context["rows"]) == 30
    assert len(thirty) == len(one), "\n".join(thirty)
    assert len(thirty) <= 20


# --- bulk reallocation -------------------------------------------------------------------------


@pytest.fixture
def leaving(team, worker, colleague, open_client_for):
    """Two of ``worker``'s clients to move to ``colleague``."""
    return [open_client_for(worker, team, first_name=name, last_name="Byrne") for name in ("Mo", "Nia")]


def _reallocate(browser, clients, to_worker, reason="Sam has left the team.", **extra):
    data = {"clients": [str(client.code) for client in clients], "to_worker": to_worker.pk, "reason": reason}
    return browser.post(REALLOCATE, {**data, **extra}, follow=True)


def _leads(clients) -> list:
    return [Client.objects.get(pk=client.pk).lead_worker for client in clients]


def test_it_moves_the_lead_worker_for_the_chosen_clients(client_for, team_leader, colleague, leaving):
    _reallocate(client_for(team_leader), leaving, colleague)

    assert _leads(leaving) == [colleague, colleague]


def test_it_keeps_the_old_allocation_as_history(client_for, team_leader, worker, colleague, leaving):
    _reallocate(client_for(team_leader), leaving, colleague)

    ended = Allocation.objects.get(client=leaving[0], worker=worker)
    current = Allocation.objects.get(client=leaving[0], worker=colleague)
    assert ended.ended_at is not None
    assert (current.role, current.ended_at, current.reason) == ("lead", None, "Sam has left the team.")


def test_it_says_how_many_clients_were_moved(client_for, team_leader, colleague, leaving):
    response = _reallocate(client_for(team_leader), leaving, colleague)

    assert f"2 clients now allocated to {colleague}." in [str(message) for message in response.context["messages"]]


def test_it_needs_a_reason_to_reallocate_and_changes_nothing(client_for, team_leader, worker, colleague, leaving):
    response = _reallocate(client_for(team_leader), leaving, colleague, reason="")

    # The message must tell the person what is missing, not just "This field is required".
    messages = [str(message) for message in response.context["messages"]]
    assert any("reason" in message.lower() for message in messages), messages
    assert _leads(leaving) == [worker, worker]


def test_it_does_not_reallocate_another_teams_client(
    client_for, team_leader, colleague, leaving, other_worker, other_team_same_service, open_client_for
):
    foreign = open_client_for(other_worker, other_team_same_service)

    _reallocate(client_for(team_leader), [*leaving, foreign], colleague)

    assert _leads([foreign]) == [other_worker]
    assert not Allocation.objects.filter(client=foreign, worker=colleague).exists()


def test_it_still_reallocates_the_teams_own_clients_when_a_foreign_one_is_posted(
    client_for, team_leader, colleague, leaving, other_worker, other_team_same_service, open_client_for
):
    foreign = open_client_for(other_worker, other_team_same_service)

    _reallocate(client_for(team_leader), [*leaving, foreign], colleague)

    assert _leads(leaving) == [colleague, colleague]


def test_it_refuses_reallocation_to_a_worker(client_for, worker, colleague, leaving):
    response = client_for(worker).post(
        REALLOCATE, {"clients": [str(leaving[0].code)], "to_worker": colleague.pk, "reason": "Swap"}
    )

    assert response.status_code == 403
    assert _leads(leaving) == [worker, worker]


def test_it_refuses_a_get_to_reallocate(client_for, team_leader):
    assert client_for(team_leader).get(REALLOCATE).status_code == 405
