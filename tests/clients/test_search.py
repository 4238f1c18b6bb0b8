"""Finding a client: by (misspelt) name, preferred name, date of birth, NHS number or record code."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from clients import services
from clients.models import Client
from clients.selectors import client_search
from recovery.accounts.access import forget_scope

SEARCH = reverse("clients:search")


@pytest.fixture
def john(make_client, team, worker):
    return make_client(
        team, by=worker, first_name="John", last_name="Smith", date_of_birth=date(1985, 3, 14), nhs_number="9434765919"
    )


def _found(user, query: str) -> list[Client]:
    forget_scope(user)
    return client_search(user=user, query=query)


def test_it_finds_a_misspelt_name(worker, john, make_client, team):
    make_client(team, by=worker, first_name="Priya", last_name="Natarajan")

    assert _found(worker, "Jon Smyth") == [john]


def test_it_finds_a_name_typed_exactly(worker, john):
    assert _found(worker, "john smith") == [john]


def test_it_finds_the_start_of_a_surname(worker, john):
    assert _found(worker, "smi") == [john]


def test_it_finds_a_preferred_name(worker, make_client, team):
    jo = make_client(team, by=worker, first_name="Josephine", last_name="Adeyemi", preferred_name="Jojo")

    assert _found(worker, "jojo") == [jo]


def test_it_finds_a_date_of_birth_written_the_uk_way(worker, john, make_client, team):
    make_client(team, by=worker, first_name="Jane", last_name="Smith", date_of_birth=date(1985, 4, 14))

    assert _found(worker, "14/03/1985") == [john]


def test_it_finds_nothing_for_an_impossible_date(worker, john):
    assert _found(worker, "31/02/1985") == []


def test_it_finds_an_nhs_number_typed_with_spaces(worker, john):
    assert _found(worker, "943 476 5919") == [john]


def test_it_finds_a_record_code(worker, john):
    assert _found(worker, str(john.code)) == [john]


def test_it_never_finds_another_teams_client(other_worker, john):
    assert _found(other_worker, "John Smith") == []
    assert _found(other_worker, "943 476 5919") == []
    assert _found(other_worker, str(john.code)) == []


def test_it_never_finds_a_restricted_client_the_worker_is_not_allocated(worker, colleague, open_client_for, team):
    hidden = open_client_for(colleague, team, first_name="John", last_name="Smith", restricted=True)

    assert _found(worker, "John Smith") == []
    assert _found(worker, str(hidden.code)) == []


def test_it_finds_a_restricted_client_for_the_allocated_worker(worker, open_client_for, team):
    restricted = open_client_for(worker, team, first_name="John", last_name="Smith", restricted=True)

    assert _found(worker, "John Smith") == [restricted]


@pytest.mark.parametrize("query", ["", "   "])
def test_it_finds_nothing_for_an_empty_search(worker, john, query):
    assert _found(worker, query) == []


def test_it_shows_no_results_for_an_empty_search_on_the_page(client_for, worker, john):
    response = client_for(worker).get(SEARCH, {"q": ""})

    assert response.status_code == 200
    assert response.context["results"] == []
    assert "No client you can see matches" not in response.content.decode()


def test_it_shows_the_results_on_the_page(client_for, worker, john):
    html = client_for(worker).get(SEARCH, {"q": "John Smith"}).content.decode()

    assert reverse("clients:detail", args=[john.code]) in html
    assert "1 match for “John Smith”" in html


def test_it_says_what_to_try_when_nothing_matches(client_for, worker, john):
    html = client_for(worker).get(SEARCH, {"q": "Zebedee"}).content.decode()

    assert "No client you can see matches “Zebedee”. Check the spelling" in html


def test_it_answers_htmx_with_just_the_results(client_for, worker, john):
    html = client_for(worker).get(SEARCH, {"q": "John"}, HTTP_HX_REQUEST="true").content.decode()

    assert html.lstrip().startswith('<div id="search-results"')
    assert "<html" not in html


def test_it_refuses_search_to_an_administrator_without_a_clinical_role(client_for, mfa_administrator):
    assert client_for(mfa_administrator).get(SEARCH, {"q": "John"}).status_code == 403


def test_it_refuses_a_post_to_search(client_for, worker):
    assert client_for(worker).post(SEARCH, {"q": "John"}).status_code == 405


def test_it_searches_in_the_same_queries_for_1_or_25_results(client_for, worker, make_client, team, queries_for):
    # Queries, whatever the number of results (9 today):
    #  1. session  2. user  3-5. allauth user session: read, user, "last seen" update
    #  6. memberships (scope, for the role check and the visible teams)
    #  7. the search itself (+ team, lead worker)  8. session save  (+ one per extra scope lookup)
    browser = client_for(worker)
    make_client(team, by=worker, first_name="Ada", last_name="Thistlewood")
    _, one = queries_for(browser, SEARCH, data={"q": "thistlewood"})
    for n in range(24):
        make_client(team, by=worker, first_name=f"Ada{n}", last_name="Thistlewood")

    response, many = queries_for(browser, SEARCH, data={"q": "thistlewood"})

    assert len(response.context["results"]) == 25
    assert len(many) == len(one), "\n".join(many)
    assert len(many) <= 20


def test_it_uses_the_trigram_index_for_the_name_search(team, worker):
    # 2,500 records with fresh statistics; no planner setting is forced. The GIN index keeps new
    # entries in its "pending list" (fastupdate) until VACUUM/autovacuum merges them; straight after
    # a bulk insert that list makes the index look expensive, so merge it as autovacuum would.
    born = date(1970, 1, 1)
    Client.objects.bulk_create(
        Client(team=team, created_by=worker, first_name=f"Person{n}", last_name=f"Surname{n:05d}", date_of_birth=born)
        for n in range(2500)
    )
    services.client_create(team=team, created_by=worker, first_name="John", last_name="Smith", date_of_birth=born)
    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list('client_search_name_trgm'::regclass)")
        cursor.execute("ANALYZE clients_client")

    plan = Client.objects.filter(search_name__trigram_word_similar="smyth").explain()

    assert "Bitmap Index Scan on client_search_name_trgm" in plan, plan
