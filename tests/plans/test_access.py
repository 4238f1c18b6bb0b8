"""The access matrix for every plans URL: who may read, who may write, and who must not know it exists.

Another team's client is a 404 (never a 403); a read-only member gets a 403 on anything that writes;
a wrong HTTP method is a 405; nobody signed out gets past the sign-in page.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import reverse

from plans import services
from plans.choices import WrapSharing
from recovery.accounts.factories import staff_with_role
from recovery.accounts.models import Role


@dataclass(frozen=True)
class Url:
    name: str
    target: str  # which object of the world the URL is about
    methods: tuple[str, ...]
    writes: bool


URLS = [
    Url("client_plans", "client", ("GET",), False),
    Url("plan_start", "client", ("GET", "POST"), True),
    Url("plan_detail", "agreed", ("GET",), False),
    Url("plan_edit", "draft", ("GET", "POST"), True),
    Url("plan_agree", "draft", ("GET", "POST"), True),
    Url("plan_sign_off", "agreed", ("POST",), True),
    Url("plan_new_version", "agreed", ("POST",), True),
    Url("plan_discard", "draft", ("POST",), True),
    Url("plan_pdf", "agreed", ("GET",), False),
    Url("plan_review", "agreed", ("GET", "POST"), True),
    Url("goal_add", "draft", ("GET", "POST"), True),
    Url("goal_edit", "draft_goal", ("GET", "POST"), True),
    Url("step_add", "draft_goal", ("GET", "POST"), True),
    Url("step_edit", "draft_step", ("GET", "POST"), True),
    Url("step_status", "agreed_step", ("POST",), True),
    Url("wrap", "client", ("GET",), False),
    Url("wrap_edit", "client", ("GET", "POST"), True),
    Url("wrap_pdf", "client", ("GET",), False),
    Url("safety_plan", "client", ("GET",), False),
    Url("safety_plan_edit", "client", ("GET", "POST"), True),
    Url("safety_plan_pdf", "client", ("GET",), False),
    Url("signs", "client", ("GET",), False),
    Url("sign_add", "client", ("POST",), True),
    Url("signature_edit", "client", ("GET", "POST"), True),
    Url("sign_archive", "sign", ("POST",), True),
]
READS = [url for url in URLS if not url.writes]
WRITES = [url for url in URLS if url.writes]
IDS = [url.name for url in URLS]


@pytest.fixture
def world(client_record, worker, draft_plan, agree):
    """One client with an agreed support plan, a draft crisis plan, a WRAP, a safety plan and a sign."""
    agreed = agree(draft_plan(), worker)
    draft = draft_plan(plan_type="crisis", contingency="Ring my sister first.")
    draft_goal = draft.goals.get()
    services.wrap_save(
        client=client_record, by=worker, expected_version=None, sharing=WrapSharing.TEAM, wellness_toolbox="A walk."
    )
    services.safety_plan_save(
        client=client_record,
        by=worker,
        expected_version=None,
        warning_signs="I stop answering my phone.",
        coping_strategies="My playlist.",
    )
    sign = services.sign_add(client=client_record, by=worker, kind="sign", description="I sleep all day")
    return {
        "client": client_record,
        "agreed": agreed,
        "draft": draft,
        "draft_goal": draft_goal,
        "draft_step": draft_goal.steps.get(),
        "agreed_step": agreed.goals.get().steps.get(),
        "sign": sign,
    }


def url_for(url: Url, world) -> str:
    code = world["client"].code
    target = world[url.target]
    if url.target == "client":
        args = [code]
    elif url.target in ("agreed", "draft"):
        args = [code, target.code]
    elif url.target == "draft_goal" or url.target == "draft_step":
        args = [code, world["draft"].code, target.code]
    elif url.target == "agreed_step":
        args = [code, world["agreed"].code, target.code]
    else:
        args = [code, target.code]
    return reverse(f"plans:{url.name}", args=args)


def _call(http, method: str, path: str):
    return http.get(path) if method == "GET" else http.post(path, {})


@pytest.mark.parametrize("url", READS, ids=[url.name for url in READS])
def test_it_shows_each_page_to_a_worker_in_the_team(url, world, colleague, client_for):
    response = client_for(colleague).get(url_for(url, world))

    assert response.status_code == 200


@pytest.mark.parametrize("url", WRITES, ids=[url.name for url in WRITES])
def test_it_lets_a_worker_in_the_team_reach_each_write(url, world, worker, team, client_for):
    leader = staff_with_role(Role.TEAM_LEADER, team=team)  # sign-off is for team leaders
    http = client_for(leader if url.name == "plan_sign_off" else worker)

    response = _call(http, url.methods[0], url_for(url, world))

    assert response.status_code in (200, 302, 422)


@pytest.mark.parametrize("url", URLS, ids=IDS)
def test_it_hides_each_url_from_another_teams_worker(url, world, other_team_worker, client_for):
    http = client_for(other_team_worker)

    statuses = {_call(http, method, url_for(url, world)).status_code for method in url.methods}

    assert statuses == {404}


@pytest.mark.parametrize("url", URLS, ids=IDS)
def test_it_hides_each_url_from_an_administrator_without_a_clinical_role(url, world, mfa_administrator, client_for):
    http = client_for(mfa_administrator)

    statuses = {_call(http, method, url_for(url, world)).status_code for method in url.methods}

    assert statuses == {404}


@pytest.mark.parametrize("url", WRITES, ids=[url.name for url in WRITES])
def test_it_refuses_each_write_to_a_read_only_member(url, world, read_only, client_for):
    http = client_for(read_only)

    statuses = {_call(http, method, url_for(url, world)).status_code for method in url.methods}

    assert statuses == {403}


@pytest.mark.parametrize("url", READS, ids=[url.name for url in READS])
def test_it_lets_a_read_only_member_read_each_page(url, world, read_only, client_for):
    response = client_for(read_only).get(url_for(url, world))

    assert response.status_code == 200


@pytest.mark.parametrize("url", URLS, ids=IDS)
def test_it_answers_a_wrong_method_with_405(url, world, worker, client_for):
    http = client_for(worker)
    path = url_for(url, world)

    response = http.put(path) if "GET" in url.methods and "POST" in url.methods else None
    if response is None:
        response = http.post(path) if url.methods == ("GET",) else http.get(path)

    assert response.status_code == 405


@pytest.mark.parametrize("url", URLS, ids=IDS)
def test_it_sends_someone_signed_out_to_sign_in(url, world, client):
    response = _call(client, url.methods[0], url_for(url, world))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_it_lets_a_service_manager_read_plans_across_the_service(world, manager, client_for):
    response = client_for(manager).get(reverse("plans:client_plans", args=[world["client"].code]))

    assert response.status_code == 200


def test_it_refuses_sign_off_to_a_worker(world, worker, client_for):
    response = client_for(worker).post(
        reverse("plans:plan_sign_off", args=[world["client"].code, world["agreed"].code])
    )

    assert response.status_code == 403


def test_it_answers_a_plan_of_another_client_with_404(world, worker, open_client_for, team, client_for):
    other = open_client_for(worker, team)

    response = client_for(worker).get(reverse("plans:plan_detail", args=[other.code, world["agreed"].code]))

    assert response.status_code == 404
