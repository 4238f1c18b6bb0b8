"""Report pages: managers of the service only. Another service is a 404; staff who can see the
service but do not manage it get a 403; wrong methods 405; list pages in constant queries."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from recovery.accounts.factories import MembershipFactory, staff_with_role
from recovery.accounts.models import Role
from recovery.reports import services
from recovery.reports.models import CaseStudy, ReportRun, RunStatus
from recovery.reports.tasks import build_report
from tests.reports.conftest import Q2, build_world


@pytest.fixture
def world(db):
    """Fewer people than the figures tests need: these tests are about who may do what."""
    return build_world(people=15)


@pytest.fixture
def other_manager(world):
    return staff_with_role(Role.SERVICE_MANAGER, service=world.other_service)


@pytest.fixture
def leader(world):
    return staff_with_role(Role.TEAM_LEADER, team=world.teams[0])


@pytest.fixture
def done_run(world, definition, report_manager, django_capture_on_commit_callbacks) -> ReportRun:
    with django_capture_on_commit_callbacks(execute=False):
        run = services.run_request(definition=definition, services=[world.service], period=Q2, by=report_manager)
    build_report.apply(args=[run.pk])
    run.refresh_from_db()
    return run


def _new_url(world) -> str:
    return reverse("reports:new", args=[world.service.code])


def _build_data(world, **extra) -> dict:
    return {
        "period": Q2.key,
        "services": [str(world.service.code)],
        "idempotency_key": str(uuid.uuid4()),
        **extra,
    }


# --- the reports list ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_lists_the_managers_services_and_recent_reports(client_for, report_manager, done_run, world):
    response = client_for(report_manager).get(reverse("reports:home"))

    assert response.status_code == 200
    assert world.service.name in response.content.decode()
    assert done_run.period_label in response.content.decode()


@pytest.mark.django_db
def test_it_refuses_the_reports_list_to_a_team_leader(client_for, leader):
    assert client_for(leader).get(reverse("reports:home")).status_code == 403


@pytest.mark.django_db
def test_it_refuses_a_post_to_the_reports_list(client_for, report_manager):
    assert client_for(report_manager).post(reverse("reports:home")).status_code == 405


@pytest.mark.django_db
def test_it_lists_reports_in_the_same_number_of_queries_for_one_and_many(
    client_for, report_manager, world, definition, django_assert_num_queries, django_capture_on_commit_callbacks
):
    # Queries: the session, the user, their memberships and the teams of the managed services
    # (the scope), the managed services; per service the newest runs (with definition, service and
    # requester joined) and the runs' services (one prefetch): 7. The session is not saved again
    # (its expiry is refreshed at most once a minute).
    browser = client_for(report_manager)

    def add_runs(count: int) -> None:
        with django_capture_on_commit_callbacks(execute=False):
            for _ in range(count):
                services.run_request(definition=definition, services=[world.service], period=Q2, by=report_manager)

    add_runs(1)
    browser.get(reverse("reports:home"))
    with django_assert_num_queries(7):
        browser.get(reverse("reports:home"))
    add_runs(29)
    with django_assert_num_queries(7):
        browser.get(reverse("reports:home"))


# --- the checklist and the build ----------------------------------------------------------------


@pytest.mark.django_db
def test_it_shows_the_data_quality_checklist_for_the_chosen_quarter(client_for, report_manager, world):
    response = client_for(report_manager).get(
        _new_url(world), {"period": Q2.key, "services": [str(world.service.code)]}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "People supported with equality monitoring not complete" in page
    assert "to fix" in page  # the fixture leaves some equality answers blank
    assert "/edit/" in page  # each example links to where it is fixed


@pytest.mark.django_db
def test_it_refuses_to_build_with_incomplete_records_unless_asked_to(client_for, report_manager, world):
    response = client_for(report_manager).post(_new_url(world), _build_data(world))

    assert response.status_code == 422
    assert "tick this box to build the report anyway" in response.content.decode()
    assert ReportRun.objects.count() == 0


@pytest.mark.django_db
def test_it_builds_anyway_and_keeps_what_was_incomplete(
    client_for, report_manager, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        response = client_for(report_manager).post(_new_url(world), _build_data(world, build_anyway="on"))

    run = ReportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:run_detail", args=[run.code])
    assert run.built_anyway is True
    assert "equality_missing" in [item["key"] for item in run.incomplete]


@pytest.mark.django_db
def test_it_makes_one_run_when_the_build_form_is_sent_twice(
    client_for, report_manager, world, django_capture_on_commit_callbacks
):
    data = _build_data(world, build_anyway="on")
    browser = client_for(report_manager)
    with django_capture_on_commit_callbacks(execute=False):
        browser.post(_new_url(world), data)
        browser.post(_new_url(world), data)

    assert ReportRun.objects.count() == 1


@pytest.mark.django_db
def test_it_makes_one_run_when_build_is_clicked_twice_on_the_checklist(
    client_for, report_manager, world, django_capture_on_commit_callbacks
):
    import re

    browser = client_for(report_manager)
    page = browser.get(_new_url(world), {"period": Q2.key, "services": [str(world.service.code)]}).content.decode()
    key = re.search(r'name="idempotency_key" value="([0-9a-f-]{36})"', page).group(1)
    data = {"period": Q2.key, "services": [str(world.service.code)], "idempotency_key": key, "build_anyway": "on"}

    with django_capture_on_commit_callbacks(execute=False):
        browser.post(_new_url(world), data)
        browser.post(_new_url(world), data)

    assert ReportRun.objects.count() == 1


@pytest.mark.django_db
def test_it_asks_for_both_dates_for_a_custom_period(client_for, report_manager, world):
    response = client_for(report_manager).get(
        _new_url(world), {"period": "custom", "services": [str(world.service.code)]}
    )

    assert "Enter the first day of the period." in response.content.decode()


@pytest.mark.django_db
def test_it_hides_another_services_report_page_with_404(client_for, other_manager, world):
    assert client_for(other_manager).get(_new_url(world)).status_code == 404


@pytest.mark.django_db
def test_it_refuses_the_new_report_page_to_a_team_leader_of_the_service(client_for, leader, world):
    assert client_for(leader).get(_new_url(world)).status_code == 403


@pytest.mark.django_db
def test_it_refuses_a_put_to_the_new_report_page(client_for, report_manager, world):
    assert client_for(report_manager).put(_new_url(world)).status_code == 405


@pytest.mark.django_db
def test_it_refuses_a_service_the_manager_does_not_manage_in_the_build(
    client_for, report_manager, world, other_manager
):
    response = client_for(report_manager).post(
        _new_url(world), {**_build_data(world, build_anyway="on"), "services": [str(world.other_service.code)]}
    )

    assert response.status_code == 422
    assert ReportRun.objects.count() == 0


@pytest.fixture
def two_service_manager(report_manager, world):
    """The report manager, also managing the other service."""
    MembershipFactory(user=report_manager, role=Role.SERVICE_MANAGER, team=None, service=world.other_service)
    return report_manager


@pytest.mark.django_db
def test_it_refuses_a_report_from_one_services_page_without_that_service(client_for, two_service_manager, world):
    response = client_for(two_service_manager).post(
        _new_url(world), {**_build_data(world, build_anyway="on"), "services": [str(world.other_service.code)]}
    )

    assert response.status_code == 422
    assert f"Tick {world.service.name}: this report uses its settings" in response.content.decode()
    assert ReportRun.objects.count() == 0


@pytest.mark.django_db
def test_it_builds_a_report_on_the_pages_service_and_another_it_manages(
    client_for, two_service_manager, world, django_capture_on_commit_callbacks
):
    chosen = [str(world.service.code), str(world.other_service.code)]
    with django_capture_on_commit_callbacks(execute=False):
        response = client_for(two_service_manager).post(
            _new_url(world), {**_build_data(world, build_anyway="on"), "services": chosen}
        )

    assert response.status_code == 302
    assert set(ReportRun.objects.get().services.all()) == {world.service, world.other_service}


# --- a run, its status, preview and downloads ----------------------------------------------------


@pytest.mark.django_db
def test_it_shows_the_download_links_once_the_run_is_done(client_for, report_manager, done_run):
    page = client_for(report_manager).get(reverse("reports:run_detail", args=[done_run.code])).content.decode()

    assert reverse("reports:run_pdf", args=[done_run.code]) in page
    assert reverse("reports:run_csv", args=[done_run.code]) in page


@pytest.mark.django_db
def test_it_polls_the_status_while_the_run_is_queued(
    client_for, report_manager, world, definition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        run = services.run_request(definition=definition, services=[world.service], period=Q2, by=report_manager)

    response = client_for(report_manager).get(reverse("reports:run_status", args=[run.code]), HTTP_HX_REQUEST="true")

    assert 'hx-trigger="every 2s"' in response.content.decode()
    assert "<html" not in response.content.decode()


@pytest.mark.django_db
def test_it_stops_polling_once_the_run_is_done(client_for, report_manager, done_run):
    response = client_for(report_manager).get(reverse("reports:run_status", args=[done_run.code]))

    assert "hx-trigger" not in response.content.decode()


@pytest.mark.django_db
def test_it_hides_a_run_of_another_service_with_404(client_for, other_manager, done_run):
    for name in ("run_detail", "run_status", "run_preview", "run_pdf", "run_csv"):
        assert client_for(other_manager).get(reverse(f"reports:{name}", args=[done_run.code])).status_code == 404


@pytest.mark.django_db
def test_it_refuses_a_download_to_a_team_leader_of_the_service(client_for, leader, done_run):
    assert client_for(leader).get(reverse("reports:run_pdf", args=[done_run.code])).status_code == 403


@pytest.mark.django_db
def test_it_refuses_a_post_to_a_download(client_for, report_manager, done_run):
    assert client_for(report_manager).post(reverse("reports:run_pdf", args=[done_run.code])).status_code == 405


@pytest.mark.django_db
def test_it_sends_the_pdf_as_an_attachment(client_for, report_manager, done_run):
    response = client_for(report_manager).get(reverse("reports:run_pdf", args=[done_run.code]))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.django_db
def test_it_has_no_preview_before_the_run_is_done(
    client_for, report_manager, world, definition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        run = services.run_request(definition=definition, services=[world.service], period=Q2, by=report_manager)

    assert client_for(report_manager).get(reverse("reports:run_preview", args=[run.code])).status_code == 404


@pytest.mark.django_db
def test_it_tries_a_failed_run_again(client_for, report_manager, done_run, django_capture_on_commit_callbacks):
    ReportRun.objects.filter(pk=done_run.pk).update(status=RunStatus.FAILED, error="Boom")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(report_manager).post(reverse("reports:run_retry", args=[done_run.code]))

    done_run.refresh_from_db()
    assert response.status_code == 302
    assert done_run.status == RunStatus.QUEUED
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_it_refuses_to_try_a_finished_run_again(client_for, report_manager, done_run):
    client_for(report_manager).post(reverse("reports:run_retry", args=[done_run.code]))

    done_run.refresh_from_db()
    assert done_run.status == RunStatus.DONE


# --- settings and case studies ------------------------------------------------------------------


@pytest.mark.django_db
def test_it_saves_the_targets_and_the_threshold(client_for, report_manager, world, definition):
    response = client_for(report_manager).post(
        reverse("reports:definition_edit", args=[world.service.code]),
        {
            "version": definition.version,
            "title": "Quarterly return",
            "commissioner_name": "Riverside City Council",
            "contract_reference": "RCC-1",
            "suppression_threshold": 10,
            "auto_build": "on",
            "auto_build_day": 12,
            "target_0": "80",
            "target_2": "90",
            "section_keys": ["exits", "referrals"],
        },
    )

    definition.refresh_from_db()
    assert response.status_code == 302
    assert definition.section_keys == ["referrals", "exits"]  # in report order
    assert definition.targets == {"Planned move-on (%)": 80.0, "Plan reviews done on time (%)": 90.0}
    assert (definition.suppression_threshold, definition.auto_build, definition.auto_build_day) == (10, True, 12)


@pytest.mark.django_db
def test_it_refuses_settings_saved_over_someone_elses(client_for, report_manager, world, definition):
    response = client_for(report_manager).post(
        reverse("reports:definition_edit", args=[world.service.code]),
        {
            "version": definition.version + 1,
            "title": "Mine",
            "suppression_threshold": 5,
            "auto_build_day": 10,
            "section_keys": ["referrals"],
        },
    )

    assert response.status_code == 422
    assert "Someone else saved changes" in response.content.decode()


@pytest.mark.django_db
def test_it_refuses_the_settings_to_a_team_leader(client_for, leader, world):
    assert client_for(leader).get(reverse("reports:definition_edit", args=[world.service.code])).status_code == 403


@pytest.mark.django_db
def test_it_adds_a_case_study_only_with_consent_confirmed(client_for, report_manager, world):
    data = {
        "title": "A new start",
        "anonymised_text": "“B” moved into her own flat after a year with us and now volunteers at the food bank.",
        "consent_recorded_on": "2026-09-01",
        "include_in_reports": "on",
    }
    browser = client_for(report_manager)
    url = reverse("reports:case_studies", args=[world.service.code])

    refused = browser.post(url, data)
    added = browser.post(url, {**data, "consent_confirmed": "on"})

    assert refused.status_code == 422
    assert added.status_code == 302
    assert list(CaseStudy.objects.values_list("title", "consent_recorded_by")) == [("A new start", report_manager.pk)]


@pytest.mark.django_db
def test_it_hides_another_services_case_studies_with_404(client_for, other_manager, world):
    assert client_for(other_manager).get(reverse("reports:case_studies", args=[world.service.code])).status_code == 404


@pytest.mark.django_db
def test_it_offers_to_try_again_a_run_whose_worker_stopped(
    client_for, report_manager, world, definition, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    with django_capture_on_commit_callbacks(execute=False):
        run = services.run_request(definition=definition, services=[world.service], period=Q2, by=report_manager)
    services.run_claim(run_id=run.pk)
    ReportRun.objects.filter(pk=run.pk).update(claimed_at=timezone.now() - timedelta(hours=2))
    browser = client_for(report_manager)

    page = browser.get(reverse("reports:run_detail", args=[run.code])).content.decode()
    with django_capture_on_commit_callbacks(execute=False):
        browser.post(reverse("reports:run_retry", args=[run.code]))

    run.refresh_from_db()
    assert "the report builder may have stopped" in page
    assert run.status == RunStatus.QUEUED


@pytest.mark.django_db
def test_it_keeps_every_section_ticked_as_all_sections(client_for, report_manager, world, definition):
    from recovery.core.registries import report_sections

    client_for(report_manager).post(
        reverse("reports:definition_edit", args=[world.service.code]),
        {
            "version": definition.version,
            "title": "Quarterly return",
            "suppression_threshold": 5,
            "auto_build_day": 10,
            "section_keys": report_sections.keys(),
        },
    )

    definition.refresh_from_db()
    assert definition.section_keys == []


@pytest.fixture
def case_study(world, report_manager):
    from datetime import date

    return services.case_study_add(
        service=world.service,
        by=report_manager,
        title="A new start",
        anonymised_text="“B” moved into her own flat after a year with us and now volunteers at the food bank.",
        consent_recorded_on=date(2026, 8, 1),
    )


@pytest.mark.django_db
def test_it_leaves_a_case_study_out_of_reports_when_the_manager_says_so(client_for, report_manager, world, case_study):
    url = reverse("reports:case_study_include", args=[world.service.code, case_study.code])

    client_for(report_manager).post(url, {"include": "0"})

    case_study.refresh_from_db()
    assert case_study.include_in_reports is False


@pytest.mark.django_db
def test_it_never_picks_a_withdrawn_case_study_again(client_for, report_manager, world, case_study):
    browser = client_for(report_manager)
    browser.post(reverse("reports:case_study_withdraw", args=[world.service.code, case_study.code]))

    browser.post(reverse("reports:case_study_include", args=[world.service.code, case_study.code]), {"include": "1"})

    case_study.refresh_from_db()
    assert (case_study.include_in_reports, case_study.withdrawn_at is not None) == (False, True)


@pytest.mark.django_db
def test_it_refuses_a_get_to_pick_a_case_study(client_for, report_manager, world, case_study):
    url = reverse("reports:case_study_include", args=[world.service.code, case_study.code])

    assert client_for(report_manager).get(url).status_code == 405


@pytest.mark.django_db
def test_it_puts_picked_consented_case_studies_in_the_report(world, report_manager, case_study):
    from recovery.reports.sections import case_studies_compute
    from tests.reports.conftest import Q2

    included = case_studies_compute(start=Q2.start, end=Q2.end, service_ids=[world.service.pk])
    services.case_study_withdraw(case_study=case_study, by=report_manager)
    withdrawn = case_studies_compute(start=Q2.start, end=Q2.end, service_ids=[world.service.pk])

    assert [study["title"] for study in included["studies"]] == ["A new start"]
    assert withdrawn["studies"] == []
