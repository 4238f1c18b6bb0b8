"""The outcomes pages as a worker uses them: recording, scoring, incomplete readings, corrections,
the PHQ-9 item 9 prompt, the CORE-10 risk item, Recovery Star notes, the PDF, and query counts."""

from __future__ import annotations

import io
import re
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from outcomes.factories import ReadingFactory
from outcomes.models import Reading, StarReadingElsewhere
from outcomes.services import outcome_settings_for
from tests.outcomes.conftest import days_ago, swemwbs


def _new(client, measure="swemwbs") -> str:
    return reverse("outcomes:reading_new", args=[client.code, measure])


def _post(answers: dict, **fields) -> dict:
    return {
        "idempotency_key": str(uuid.uuid4()),
        "taken_on": days_ago(0).isoformat(),
        "occasion": "review",
        "completed_by": "together",
        **{key: str(value) for key, value in answers.items()},
        **fields,
    }


# --- recording -------------------------------------------------------------------------------------


def test_it_shows_the_outcomes_tab_on_the_client_page(person, worker, client_for):
    body = client_for(worker).get(reverse("clients:detail", args=[person.code])).content.decode()

    assert reverse("outcomes:client_outcomes", args=[person.code]) in body


def test_it_shows_each_item_as_a_radio_group_with_the_copyright_line(person, worker, client_for):
    body = client_for(worker).get(_new(person)).content.decode()

    assert body.count('type="radio"') == 35
    assert "been feeling optimistic about the future" in body
    assert "© NHS Health Scotland, University of Warwick and University of Edinburgh, 2008" in body


def test_it_scores_a_complete_reading_on_the_server(person, worker, client_for):
    client_for(worker).post(_new(person), _post(swemwbs(25)))

    reading = Reading.objects.get(client=person)
    assert (reading.status, reading.score, reading.scores["values"]["raw"]) == ("complete", Decimal("22.35"), "25")


def test_it_ignores_a_score_sent_with_the_form(person, worker, client_for):
    client_for(worker).post(_new(person), _post(swemwbs(25), score="35", scores="{}"))

    assert Reading.objects.get(client=person).score == Decimal("22.35")


def test_it_saves_an_incomplete_reading_without_a_score(person, worker, client_for):
    answers = swemwbs(20)
    del answers["q5"]

    response = client_for(worker).post(_new(person), _post(answers), follow=True)

    reading = Reading.objects.get(client=person)
    assert (reading.status, reading.score) == ("incomplete", None)
    assert "saved as incomplete" in response.content.decode()


def test_it_does_not_save_twice_on_a_double_submit(person, worker, client_for):
    http, data = client_for(worker), _post(swemwbs(20))

    http.post(_new(person), data)
    http.post(_new(person), data)

    assert Reading.objects.filter(client=person).count() == 1


def test_it_refuses_a_reading_dated_in_the_future_next_to_the_date(person, worker, client_for):
    response = client_for(worker).post(_new(person), _post(swemwbs(20), taken_on=days_ago(-1).isoformat()))

    assert response.status_code == 422
    assert "Enter a date on or before today" in response.content.decode()
    assert not Reading.objects.exists()


def test_it_keeps_the_answers_after_a_failed_submit(person, worker, client_for):
    response = client_for(worker).post(_new(person), _post(swemwbs(21), taken_on=days_ago(-1).isoformat()))

    # swemwbs(21) answers 5, 5, 5, 3, 1, 1, 1: item 4 keeps "Some of the time" (value 3) ticked.
    assert re.search(r'id="id_q4_2"\s+value="3"\s+checked', response.content.decode())


def test_it_refuses_an_answer_that_is_not_on_the_scale(person, worker, client_for):
    response = client_for(worker).post(_new(person), _post({**swemwbs(20), "q1": "9"}))

    assert response.status_code == 422
    assert not Reading.objects.exists()


def test_it_answers_404_for_a_measure_the_service_does_not_offer(person, worker, client_for):
    assert client_for(worker).get(_new(person, "reqol10")).status_code == 404


def test_it_offers_reqol10_once_the_service_enters_its_licensed_wording(person, worker, client_for):
    settings = outcome_settings_for(service=person.team.service)
    settings.disabled_measures = []
    settings.reqol_items = [f"Licensed item {number}" for number in range(1, 11)]
    settings.reqol_copyright = "Licensed copyright line"
    settings.save()

    body = client_for(worker).get(_new(person, "reqol10")).content.decode()

    assert "Licensed item 7" in body
    assert "Licensed copyright line" in body


# --- PHQ-9 item 9 and the CORE-10 risk item -----------------------------------------------------------


def test_it_prompts_a_risk_review_when_phq9_item_9_is_above_0(person, worker, client_for):
    answers = {f"q{number}": 0 for number in range(1, 10)} | {"q9": 1}

    response = client_for(worker).post(_new(person, "phq9"), _post(answers), follow=True)

    body = response.content.decode()
    assert "Talk with the person about question 9 today" in body
    assert reverse("risk:review_request", args=[person.code]) in body


def test_it_does_not_prompt_a_risk_review_when_phq9_item_9_is_0(person, worker, client_for):
    answers = {f"q{number}": 2 for number in range(1, 10)} | {"q9": 0}

    response = client_for(worker).post(_new(person, "phq9"), _post(answers), follow=True)

    assert "Talk with the person about question 9 today" not in response.content.decode()


def test_it_shows_the_core10_risk_item_on_its_own(person, worker, client_for):
    answers = {f"q{number}": 1 for number in range(1, 11)} | {"q6": 3}

    response = client_for(worker).post(_new(person, "core10"), _post(answers), follow=True)

    body = response.content.decode()
    assert "Risk item, shown on its own" in body
    assert "Often" in body.split("Risk item, shown on its own", 1)[1][:800]


def test_it_says_a_prorated_core10_was_prorated(person, worker, client_for):
    answers = {f"q{number}": 2 for number in range(1, 10)}

    response = client_for(worker).post(_new(person, "core10"), _post(answers), follow=True)

    assert "prorated" in response.content.decode()
    assert Reading.objects.get(client=person).score == 20


# --- change, correction and "entered in error" ----------------------------------------------------------


def test_it_shows_a_reliable_improvement_since_the_first_reading(person, worker, client_for):
    ReadingFactory(client=person, by=worker, taken_on=days_ago(50), answers=swemwbs(15))
    ReadingFactory(client=person, by=worker, taken_on=days_ago(1), answers=swemwbs(25))

    body = client_for(worker).get(reverse("outcomes:client_outcomes", args=[person.code])).content.decode()

    assert "+6.51 · Reliable improvement" in body


def test_it_rescores_a_corrected_reading_and_keeps_a_version(reading, worker, client_for):
    url = reverse("outcomes:reading_edit", args=[reading.client.code, reading.code])

    client_for(worker).post(url, _post(swemwbs(30), version=reading.version))

    reading.refresh_from_db()
    assert (reading.score, reading.version) == (Decimal("27.03"), 2)
    assert reading.pgh_event_model.objects.filter(pgh_obj=reading).count() == 2


def test_it_refuses_a_stale_correction_and_keeps_the_answers(reading, worker, client_for):
    url = reverse("outcomes:reading_edit", args=[reading.client.code, reading.code])
    client_for(worker).post(url, _post(swemwbs(30), version=reading.version))

    response = client_for(worker).post(url, _post(swemwbs(8), version=1))

    reading.refresh_from_db()
    assert response.status_code == 409
    assert "Someone else saved changes" in response.content.decode()
    assert reading.score == Decimal("27.03")


def test_it_leaves_a_reading_entered_in_error_out_of_the_tab(reading, worker, client_for):
    url = reverse("outcomes:reading_mark_error", args=[reading.client.code, reading.code])

    client_for(worker).post(url, {"reason": "Recorded for the wrong person", "version": reading.version})

    reading.refresh_from_db()
    body = client_for(worker).get(reverse("outcomes:client_outcomes", args=[reading.client.code])).content.decode()
    assert reading.entered_in_error is True
    assert "No outcome readings yet" in body


def test_it_asks_why_a_reading_was_entered_in_error(reading, worker, client_for):
    url = reverse("outcomes:reading_mark_error", args=[reading.client.code, reading.code])

    response = client_for(worker).post(url, {"reason": "", "version": reading.version})

    assert response.status_code == 422
    assert Reading.objects.get(pk=reading.pk).entered_in_error is False


# --- Recovery Star kept elsewhere, life areas, goals --------------------------------------------------


def test_it_notes_a_star_reading_with_only_date_worker_and_place(person, worker, client_for):
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "taken_on": days_ago(3).isoformat(),
        "worker": worker.pk,
        "where_held": "Recovery Star Online",
    }

    client_for(worker).post(reverse("outcomes:star_new", args=[person.code]), data)

    star = StarReadingElsewhere.objects.get(client=person)
    assert (star.taken_on, star.worker, star.where_held) == (days_ago(3), worker, "Recovery Star Online")


def test_it_asks_where_a_star_reading_is_kept(person, worker, client_for):
    data = {"idempotency_key": str(uuid.uuid4()), "taken_on": days_ago(3).isoformat(), "worker": worker.pk}

    response = client_for(worker).post(reverse("outcomes:star_new", args=[person.code]), data)

    assert response.status_code == 422
    assert "Say where the Star reading is kept" in response.content.decode()


def _with_areas(person):
    settings = outcome_settings_for(service=person.team.service)
    settings.areas = [{"key": "home", "label": "Home"}, {"key": "people", "label": "People around me"}]
    settings.stages = [{"from": 1, "label": "Starting out"}, {"from": 6, "label": "Getting there"}]
    settings.disabled_measures = ["reqol10"]
    settings.save()


def test_it_draws_the_life_areas_as_a_radar_with_first_and_latest(person, worker, client_for):
    _with_areas(person)
    ReadingFactory(
        client=person, by=worker, measure_key="life_areas", taken_on=days_ago(40), answers={"home": 2, "people": 3}
    )
    ReadingFactory(
        client=person, by=worker, measure_key="life_areas", taken_on=days_ago(2), answers={"home": 6, "people": 7}
    )

    body = client_for(worker).get(reverse("outcomes:client_outcomes", args=[person.code])).content.decode()

    assert "Life areas: first and latest" in body
    assert "Home 2, People around me 3. Latest" in body


def test_it_keeps_the_life_areas_a_reading_was_taken_with(person, worker):
    _with_areas(person)
    reading = ReadingFactory(client=person, by=worker, measure_key="life_areas", answers={"home": 2, "people": 3})
    settings = outcome_settings_for(service=person.team.service)
    settings.areas = [{"key": "money", "label": "Money"}]
    settings.save()

    reading.refresh_from_db()
    assert [area["label"] for area in reading.labels["areas"]] == ["Home", "People around me"]


def test_it_needs_a_goal_in_the_persons_words_for_each_rating(person, worker, client_for):
    response = client_for(worker).post(_new(person, "gbo"), _post({"goal1": 4}))

    assert response.status_code == 422
    assert "Write the goal in the person" in response.content.decode()


def test_it_records_goals_with_their_wording(person, worker, client_for):
    client_for(worker).post(_new(person, "gbo"), _post({"goal1": 4}, goal1_text="Cook for my sister"))

    reading = Reading.objects.get(client=person)
    assert (reading.score, reading.labels["goal1"]) == (4, "Cook for my sister")


# --- PDF and charts ------------------------------------------------------------------------------


def test_it_puts_the_same_chart_in_the_pdf_as_on_the_page(person, worker, client_for):
    ReadingFactory(client=person, by=worker, taken_on=days_ago(50), answers=swemwbs(15))
    ReadingFactory(client=person, by=worker, taken_on=days_ago(1), answers=swemwbs(25))
    http = client_for(worker)
    page = http.get(reverse("outcomes:client_outcomes", args=[person.code])).content.decode()
    from outcomes.selectors.client import client_outcomes

    chart = client_outcomes(client=person).histories[0].chart

    response = http.get(reverse("outcomes:client_pdf", args=[person.code]))

    text = "".join(page_.extract_text() for page_ in PdfReader(io.BytesIO(response.content)).pages)
    pdf_html = render_to_string(
        "outcomes/pdf/client_outcomes.html", {"client": person, "overview": client_outcomes(client=person)}
    )
    assert chart.data_uri in page
    assert chart.data_uri in pdf_html
    assert response["Content-Type"] == "application/pdf"
    assert "University of Warwick" in text


def test_it_writes_charts_without_script(person, worker):
    ReadingFactory(client=person, by=worker, taken_on=days_ago(50), answers=swemwbs(15))
    from outcomes.selectors.client import client_outcomes

    svg = client_outcomes(client=person).histories[0].chart.svg

    assert "<script" not in svg
    assert svg.startswith("<svg")


# --- queries ---------------------------------------------------------------------------------------------


SAVEPOINTS = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def _count_queries(http, url) -> int:
    """Queries of one request, as ``manage.py bench`` counts them (savepoints aside), after a first
    request that fills the per-session caches (the unread-notifications count)."""
    http.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert http.get(url).status_code == 200
    return sum(1 for query in captured.captured_queries if not query["sql"].startswith(SAVEPOINTS))


@pytest.mark.parametrize("measure", ["swemwbs", "phq9"])
def test_it_reads_the_outcomes_tab_in_the_same_queries_for_1_and_30_readings(person, worker, client_for, measure):
    # Session and user, the scope (2), the client, the access log, the header (episode, referral,
    # flags and due dates from every registered source), the tabs, then for outcomes: the service's
    # settings, the readings, the schedule row and the Recovery Star notes.
    http = client_for(worker)
    url = reverse("outcomes:client_outcomes", args=[person.code])
    answers = swemwbs(20) if measure == "swemwbs" else {f"q{number}": 1 for number in range(1, 10)}
    ReadingFactory(client=person, by=worker, measure_key=measure, taken_on=days_ago(59), answers=answers)
    one = _count_queries(http, url)
    for day in range(29):
        ReadingFactory(client=person, by=worker, measure_key=measure, taken_on=days_ago(58 - day), answers=answers)

    thirty = _count_queries(http, url)

    assert one == thirty
    assert thirty <= 20


def test_it_reads_the_service_page_in_the_same_queries_for_1_and_30_pairs(
    make_open_client, team, worker, team_leader, client_for
):
    http = client_for(team_leader)
    url = reverse("outcomes:service_outcomes")
    first = make_open_client(worker, team)
    ReadingFactory(client=first, by=worker, taken_on=days_ago(50), answers=swemwbs(12))
    ReadingFactory(client=first, by=worker, taken_on=days_ago(5), answers=swemwbs(22))
    one = _count_queries(http, url)
    for _ in range(29):
        other = make_open_client(worker, team)
        ReadingFactory(client=other, by=worker, taken_on=days_ago(50), answers=swemwbs(12))
        ReadingFactory(client=other, by=worker, taken_on=days_ago(5), answers=swemwbs(22))

    assert _count_queries(http, url) == one


def test_it_keeps_the_phq9_item_9_prompt_on_the_tab_while_it_is_the_latest_reading(person, worker, client_for):
    ReadingFactory(client=person, by=worker, measure_key="phq9", answers={f"q{n}": 0 for n in range(1, 9)} | {"q9": 2})

    body = client_for(worker).get(reverse("outcomes:client_outcomes", args=[person.code])).content.decode()

    assert "question 9 (thoughts of being better off dead or of self-harm) was answered above" in body
    assert reverse("risk:review_request", args=[person.code]) in body


def test_it_charts_reqol10_with_the_services_cutoff_and_copyright_line(person, worker, client_for):
    settings = outcome_settings_for(service=person.team.service)
    settings.disabled_measures = []
    settings.reqol_items = [f"Licensed item {number}" for number in range(1, 11)]
    settings.reqol_negative_items = [1, 3, 6, 9]
    settings.reqol_copyright = "Licensed copyright line"
    settings.reqol_cutoff = 25
    settings.save()
    ReadingFactory(client=person, by=worker, measure_key="reqol10", answers={f"q{n}": 2 for n in range(1, 11)})

    body = client_for(worker).get(reverse("outcomes:client_outcomes", args=[person.code])).content.decode()

    assert "Shaded on the chart: clinical range (below 25)" in body
    assert "Licensed copyright line" in body
