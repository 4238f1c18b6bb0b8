"""The printable risk summary (an audited export) and the change history of every risk record."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from recovery.audit.models import AccessAction, RecordAccess
from risk import services
from risk.models import Alert, ManagementAction, RiskArea, RiskAssessment, SafeguardingConcern


def _pdf_text(response) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_it_prints_the_current_assessment_and_plan(person, worker, agreed_assessment, client_for):
    agreed_assessment(person, worker)

    response = client_for(worker).get(reverse("risk:summary_pdf", args=[person.code]))

    text = _pdf_text(response)
    assert response["Content-Type"] == "application/pdf"
    assert "Risk summary: Amara Okafor" in text
    assert "Agree a crisis plan together." in text
    assert "I just want the nights to be easier." in text


def test_it_logs_the_pdf_as_an_export(person, worker, agreed_assessment, client_for):
    agreed_assessment(person, worker)

    client_for(worker).get(reverse("risk:summary_pdf", args=[person.code]))

    export = RecordAccess.objects.get(action=AccessAction.EXPORTED)
    assert (export.user, export.subject_code, export.detail) == (worker, person.code, "risk summary PDF")


def test_it_prints_safeguarding_details_for_the_team_leader(person, worker, team_leader, raise_concern, client_for):
    raise_concern(person, worker)

    text = _pdf_text(client_for(team_leader).get(reverse("risk:summary_pdf", args=[person.code])))

    assert "Two men staying at the flat took her bank card." in text


def test_it_leaves_safeguarding_details_out_for_a_colleague(person, worker, colleague, raise_concern, client_for):
    raise_concern(person, worker)

    text = _pdf_text(client_for(colleague).get(reverse("risk:summary_pdf", args=[person.code])))

    assert "bank card" not in text
    assert "Details are held by the allocated workers" in text


def test_it_marks_a_draft_as_not_agreed_in_the_pdf(person, worker, client_for):
    services.assessment_start(client=person, by=worker)

    text = _pdf_text(client_for(worker).get(reverse("risk:summary_pdf", args=[person.code])))

    assert "Draft, not agreed." in text


# --- every change is in the audit history ---------------------------------------------------------------


def _events(model):
    return apps.get_model("risk", f"{model.__name__}Event").objects.select_related("pgh_context").order_by("pgh_id")


@pytest.mark.parametrize("model", [RiskAssessment, RiskArea, ManagementAction, Alert, SafeguardingConcern])
def test_it_keeps_every_change_in_the_audit_history_with_who_made_it(
    model, person, worker, agreed_assessment, raise_concern
):
    agreed_assessment(person, worker)
    services.alert_set(client=person, by=worker, alert_type="visit_in_pairs", starts_on=timezone.localdate())
    raise_concern(person, worker)

    events = list(_events(model))

    assert events
    assert {event.pgh_context.metadata["user"] for event in events} == {worker.pk}


def test_it_keeps_the_history_of_an_area_as_it_was_after_each_save(person, worker):
    assessment, _ = services.assessment_start(client=person, by=worker)
    area = assessment.areas.get(key="suicide")
    services.area_update(area=area, by=worker, expected_version=1, status="concern", current_concerns="First.")
    services.area_update(area=area, by=worker, expected_version=2, status="concern", current_concerns="Second.")

    snapshots = list(_events(RiskArea).filter(pgh_obj=area).values_list("pgh_label", "current_concerns"))

    assert snapshots == [("insert", ""), ("update", "First."), ("update", "Second.")]
