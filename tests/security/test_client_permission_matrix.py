"""Every URL that opens a client record, tried by every kind of user (DESIGN.md "Roles and access").

The URL list is read from ``clients.urls.urlpatterns`` when the tests are collected, so a new
client URL is covered as soon as it is added. Extra URL arguments (a contact, a document, ...)
come from ``OBJECTS_FOR_ARGUMENT``; a URL with an argument this file cannot build FAILS
(test_it_can_build_every_client_url) with its name, so whoever adds it adds a line here.

Expected answers:

==================================  ===============================  ===========================
who                                 GET                              POST
==================================  ===============================  ===========================
worker in the client's team         200/302 (403 on lead-only URLs)  not 403/404 (empty form)
team leader of the client's team    200/302                          not 403/404
read-only member of the team        200, or 403 on a change form     403
worker in another team, same        404                              404
service (break-glass: its form)
service manager of another service  404                              404
administrator, no clinical role     404 (break-glass: 403)           404 (break-glass: 403)
signed out                          302 to sign-in                   302 to sign-in
==================================  ===============================  ===========================
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.shortcuts import resolve_url
from django.test import Client as Browser
from django.urls import URLPattern, URLResolver, reverse
from django.utils import timezone

from clients import services
from clients.models import AdvanceStatement, Client, Document, NetworkMember
from clients.urls import urlpatterns
from recovery.accounts.factories import staff_with_role
from recovery.accounts.models import Role, User

CLIENT_ARGUMENT = "code"

# URLs only the team leader (or service manager) may use: a worker in the team gets 403.
LEAD_ONLY = frozenset(
    {
        "access_log",
        "allocation_set_lead",
        "allocation_add_coworker",
        "allocation_end",
        "referral_decide",
        "episode_start",
        "episode_end",
    }
)
# Break-glass is how someone outside the team asks for a record: they must reach its form.
BREAK_GLASS = frozenset({"break_glass"})
# Fragments the client page loads with htmx; asked for as a plain page they send the person to
# the full page that holds the same information.
HTMX_FRAGMENTS = frozenset({"recent_activity"})
# Extra URL arguments the world fixture can fill (a new one goes here and in World.arguments).
OBJECTS_FOR_ARGUMENT = frozenset(
    {
        "contact_code",
        "referral_code",
        "episode_code",
        "allocation_code",
        "member_code",
        "statement_code",
        "document_code",
    }
)


def _client_url_patterns() -> list[URLPattern]:
    found = []

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif CLIENT_ARGUMENT in pattern.pattern.converters:
                found.append(pattern)

    walk(urlpatterns)
    return found


CLIENT_URLS = {pattern.name: sorted(pattern.pattern.converters) for pattern in _client_url_patterns()}
URL_NAMES = sorted(CLIENT_URLS)


@dataclass
class World:
    client: Client
    worker: User
    team_leader: User
    read_only: User
    other_team_worker: User
    other_service_manager: User
    administrator: User
    arguments: dict


@pytest.fixture
def world(db, service, team, other_team_same_service, other_service_team, mfa_administrator) -> World:
    worker = staff_with_role(Role.WORKER, team=team)
    team_leader = staff_with_role(Role.TEAM_LEADER, team=team)
    client = services.client_create(
        team=team,
        created_by=worker,
        first_name="Nadia",
        last_name="Rahman",
        date_of_birth=timezone.localdate() - timedelta(days=365 * 30),
    )
    today = timezone.localdate()
    accepted = services.referral_create(client=client, source="gp", received_on=today, reason="Low mood", by=worker)
    services.referral_decide(referral=accepted, decision="accepted", decided_on=today, by=team_leader)
    pending = services.referral_create(client=client, source="self", received_on=today, reason="Housing", by=worker)
    allocation = services.allocation_set_lead(client=client, worker=worker, by=team_leader)
    contact, _ = services.contact_log(
        client=client,
        by=worker,
        idempotency_key=uuid.uuid4(),
        occurred_at=timezone.now() - timedelta(hours=1),
        contact_type="phone",
        outcome="attended",
        note="Phoned to plan the week.",
    )
    member = NetworkMember.objects.create(client=client, relationship="friend", name="Sam Jones", recorded_by=worker)
    statement = AdvanceStatement.objects.create(
        client=client, summary="Please call my sister first.", made_on=today, recorded_by=worker
    )
    document = Document.objects.create(
        client=client,
        title="Letter from the GP",
        file=ContentFile(b"%PDF-1.4 invented test letter", name="letter.pdf"),
        original_name="letter.pdf",
        content_type="application/pdf",
        size_bytes=29,
        uploaded_by=worker,
    )
    world = World(
        client=client,
        worker=worker,
        team_leader=team_leader,
        read_only=staff_with_role(Role.READ_ONLY, team=team),
        other_team_worker=staff_with_role(Role.WORKER, team=other_team_same_service),
        other_service_manager=staff_with_role(Role.SERVICE_MANAGER, service=other_service_team.service),
        administrator=mfa_administrator,
        arguments={
            "contact_code": contact.code,
            "referral_code": pending.code,
            "episode_code": accepted.episode.code,
            "allocation_code": allocation.code,
            "member_code": member.code,
            "statement_code": statement.code,
            "document_code": document.code,
        },
    )
    assert set(world.arguments) == OBJECTS_FOR_ARGUMENT
    return world


def _unbuildable(name: str) -> list[str]:
    return [argument for argument in CLIENT_URLS[name] if argument not in {CLIENT_ARGUMENT, *OBJECTS_FOR_ARGUMENT}]


def _url(world: World, name: str) -> str:
    missing = _unbuildable(name)
    if missing:
        pytest.fail(f"clients:{name} needs {missing}: add them to OBJECTS_FOR_ARGUMENT and the world fixture.")
    kwargs = {argument: world.arguments[argument] for argument in CLIENT_URLS[name] if argument != CLIENT_ARGUMENT}
    return reverse(f"clients:{name}", kwargs={CLIENT_ARGUMENT: world.client.code, **kwargs})


def _browser(user: User | None) -> Browser:
    browser = Browser()
    if user is not None:
        browser.force_login(user)
    return browser


def _methods(url: str) -> set[str]:
    """The methods the view accepts, from the Allow header of its 405 to a PUT."""
    response = Browser().put(url)
    assert response.status_code == 405, f"{url} does not refuse a PUT: every view names its methods"
    return {method.strip() for method in response["Allow"].split(",")}


def _status(user: User | None, method: str, url: str, **headers) -> int:
    browser = _browser(user)
    return (browser.get(url, **headers) if method == "GET" else browser.post(url, {}, **headers)).status_code


def test_it_can_build_every_client_url():
    cannot = {name: _unbuildable(name) for name in URL_NAMES if _unbuildable(name)}

    assert not cannot, f"client URLs this matrix cannot build yet (add their arguments): {cannot}"


def test_it_finds_the_client_urls():
    assert {"detail", "timeline", "edit", "contact_create", "contact_detail", "contact_amend"} <= set(URL_NAMES)


@pytest.mark.parametrize("name", URL_NAMES)
def test_it_refuses_an_unsupported_method(world, name):
    assert _methods(_url(world, name)) <= {"GET", "POST", "HEAD", "OPTIONS"}


@pytest.mark.parametrize("name", URL_NAMES)
def test_it_lets_the_teams_worker_in(world, name):
    url = _url(world, name)
    method = "GET" if "GET" in _methods(url) else "POST"

    status = _status(world.worker, method, url)

    if name in LEAD_ONLY:
        assert status == 403, f"{method} {url}"
    elif method == "GET":
        assert status in (200, 302), f"{method} {url}"
    else:
        assert status not in (403, 404, 405), f"{method} {url}"


@pytest.mark.parametrize("name", URL_NAMES)
def test_it_lets_the_team_leader_in(world, name):
    url = _url(world, name)
    method = "GET" if "GET" in _methods(url) else "POST"

    status = _status(world.team_leader, method, url)

    if method == "GET":
        assert status in (200, 302), f"{method} {url}"
    else:
        assert status not in (403, 404, 405), f"{method} {url}"


@pytest.mark.parametrize("name", URL_NAMES)
def test_it_lets_a_read_only_member_read_but_not_change(world, name):
    url = _url(world, name)
    methods = _methods(url)

    if "GET" in methods:
        status = _status(world.read_only, "GET", url)
        if name in BREAK_GLASS:
            assert status == 302, f"GET {url}"  # already in scope: straight to the record
        elif name in HTMX_FRAGMENTS:
            assert status == 302, f"GET {url}"
            assert _status(world.read_only, "GET", url, HTTP_HX_REQUEST="true") == 200, f"GET {url} (htmx)"
        elif status == 403:
            # Only a page that is itself a change form (or a lead-only page) may refuse to be read.
            page = _browser(world.team_leader).get(url).content.decode()
            assert name in LEAD_ONLY or 'method="post"' in page, f"GET {url}: 403 for a page that only reads"
        else:
            assert status == 200, f"GET {url}"
    if "POST" in methods and name not in BREAK_GLASS:
        assert _status(world.read_only, "POST", url) == 403, f"POST {url}"


def _statuses(user: User, url: str) -> dict[str, int]:
    """{method: status} for each of GET and POST that the URL accepts."""
    return {method: _status(user, method, url) for method in sorted(_methods(url) & {"GET", "POST"})}


@pytest.mark.parametrize("name", URL_NAMES)
def test_it_hides_the_record_from_another_team_in_the_service(world, name):
    url = _url(world, name)

    statuses = _statuses(world.other_team_worker, url)

    if name in BREAK_GLASS:
        # Break-glass must offer its form (an empty POST shows it again), never the record itself.
        assert statuses["GET"] == 200, url
        assert statuses["POST"] in (200, 422), url
    else:
        assert statuses == dict.fromkeys(statuses, 404), url


@pytest.mark.parametrize("name", URL_NAMES)
def test_it_hides_the_record_from_another_services_manager(world, name):
    url = _url(world, name)

    statuses = _statuses(world.other_service_manager, url)

    assert statuses == dict.fromkeys(statuses, 404), url


@pytest.mark.parametrize("name", URL_NAMES)
def test_it_hides_the_record_from_an_administrator_without_a_clinical_role(world, name):
    url = _url(world, name)

    statuses = _statuses(world.administrator, url)

    # Break-glass needs a clinical role before anything else: 403 says so without naming the client.
    assert statuses == dict.fromkeys(statuses, 403 if name in BREAK_GLASS else 404), url


@pytest.mark.parametrize("name", URL_NAMES)
def test_it_sends_a_signed_out_visitor_to_sign_in(world, name):
    url = _url(world, name)
    method = "GET" if "GET" in _methods(url) else "POST"

    response = _browser(None).get(url) if method == "GET" else _browser(None).post(url, {})

    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
