"""NICE NG225: risk is never graded low/medium/high. The only level is the review priority, and it
is always labelled as such. Checked in the templates, the rendered pages and the PDF text."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from risk import services
from risk.choices import ReviewReason
from risk.forms import AssessmentDetailsForm
from risk.models import RiskAssessment

FORBIDDEN = re.compile(r"\b(low|medium|high)\s+risk\b", re.IGNORECASE)
RISK_TEMPLATES = Path(settings.BASE_DIR) / "templates" / "risk"


def _forbidden_in(text: str) -> list[str]:
    return FORBIDDEN.findall(text)


def test_it_never_grades_risk_in_the_templates():
    found = {
        str(path.relative_to(RISK_TEMPLATES)): _forbidden_in(path.read_text())
        for path in RISK_TEMPLATES.rglob("*.html")
        if _forbidden_in(path.read_text())
    }

    assert found == {}


@pytest.fixture
def pages(person, worker, team_leader, agreed_assessment, raise_concern, log_contact, client_for) -> dict[str, str]:
    """Every risk page a worker or team leader sees, rendered with real records on it."""
    current = agreed_assessment(person, worker, priority="urgent")
    services.assessment_start(client=person, by=worker, review_reason=ReviewReason.SCHEDULED)
    draft = RiskAssessment.objects.get(client=person, agreed_at__isnull=True)
    concern = raise_concern(person, worker)
    contact = log_contact(person, worker)
    services.alert_set(client=person, by=worker, alert_type="visit_in_pairs", starts_on=current.created_at.date())
    code = person.code
    urls = {
        "risk tab": (worker, reverse("risk:client_risk", args=[code])),
        "current assessment": (worker, reverse("risk:assessment_detail", args=[code, current.code])),
        "draft": (worker, reverse("risk:assessment_detail", args=[code, draft.code])),
        "priority form": (worker, reverse("risk:assessment_edit", args=[code, draft.code])),
        "area form": (worker, reverse("risk:area_edit", args=[code, draft.code, "suicide"])),
        "agree": (worker, reverse("risk:assessment_agree", args=[code, draft.code])),
        "compare": (worker, reverse("risk:assessment_compare", args=[code])),
        "concern": (worker, reverse("risk:concern_detail", args=[code, concern.code])),
        "new concern": (worker, reverse("risk:concern_create", args=[code])),
        "escalation": (worker, reverse("risk:escalation_create", args=[code, contact.code])),
        "contact": (worker, reverse("clients:contact_detail", args=[code, contact.code])),
        "open safeguarding": (team_leader, reverse("risk:safeguarding_open")),
        "overdue reviews": (team_leader, reverse("risk:reviews_overdue")),
    }
    rendered = {}
    for name, (user, url) in urls.items():
        response = client_for(user).get(url)
        assert response.status_code == 200, name
        rendered[name] = response.content.decode()
    return rendered


def test_it_never_grades_risk_on_the_rendered_pages(pages):
    assert {name: _forbidden_in(body) for name, body in pages.items() if _forbidden_in(body)} == {}


def test_it_labels_the_only_level_as_review_priority(pages):
    assert "Review priority: urgent" in pages["risk tab"]
    assert "Review priority" in pages["priority form"]
    assert "It is not a prediction of what the person will do." in pages["current assessment"]


def test_it_labels_the_form_field_review_priority():
    assert AssessmentDetailsForm.base_fields["review_priority"].label == "Review priority"


def test_it_never_grades_risk_in_the_pdf(person, worker, team_leader, agreed_assessment, raise_concern, client_for):
    agreed_assessment(person, worker, priority="soon")
    raise_concern(person, worker)

    response = client_for(team_leader).get(reverse("risk:summary_pdf", args=[person.code]))

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert _forbidden_in(text) == []
    assert "Review priority" in text
