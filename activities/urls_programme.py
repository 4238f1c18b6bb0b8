"""URLs of the programme half of activities (feedback, pre-tenancy, risk assessments, outcomes)."""

from __future__ import annotations

from django.urls import path

from activities.views import feedback, feedback_tablet, outcomes, pretenancy, risk_assessments

P = "activities/programme/"

urlpatterns = [
    path(f"{P}services/<uuid:service_code>/settings/", risk_assessments.programme_settings, name="programme_settings"),
    path(f"{P}services/<uuid:service_code>/outcomes/", outcomes.service_outcomes, name="service_outcomes"),
    path(f"{P}services/<uuid:service_code>/outcomes.pdf", outcomes.service_outcomes_pdf, name="service_outcomes_pdf"),
    path(f"{P}activities/<uuid:code>/outcomes/", outcomes.activity_outcomes, name="activity_outcomes"),
    # activity risk assessments
    path(f"{P}services/<uuid:service_code>/risk/", risk_assessments.service_risk, name="service_risk"),
    path(f"{P}activities/<uuid:code>/risk/", risk_assessments.activity_risk, name="activity_risk"),
    path(
        f"{P}activities/<uuid:code>/risk/start/", risk_assessments.risk_assessment_start, name="risk_assessment_start"
    ),
    path(f"{P}risk/<uuid:code>/", risk_assessments.risk_assessment_detail, name="risk_assessment_detail"),
    path(f"{P}risk/<uuid:code>/edit/", risk_assessments.risk_assessment_edit, name="risk_assessment_edit"),
    path(f"{P}risk/<uuid:code>/approve/", risk_assessments.risk_assessment_approve, name="risk_assessment_approve"),
    path(f"{P}risk/<uuid:code>/hazards/add/", risk_assessments.hazard_add, name="hazard_add"),
    path(f"{P}risk/<uuid:code>/hazards/<uuid:hazard_code>/", risk_assessments.hazard_edit, name="hazard_edit"),
    path(
        f"{P}risk/<uuid:code>/hazards/<uuid:hazard_code>/remove/", risk_assessments.hazard_remove, name="hazard_remove"
    ),
    path(
        f"{P}risk/<uuid:code>/hazards/<uuid:hazard_code>/actions/add/",
        risk_assessments.risk_action_add,
        name="risk_action_add",
    ),
    path(
        f"{P}risk/<uuid:code>/actions/<uuid:action_code>/done/",
        risk_assessments.risk_action_done,
        name="risk_action_done",
    ),
    # feedback
    path(f"{P}sessions/<uuid:code>/feedback/", feedback.session_feedback, name="session_feedback"),
    # the hand-over starts from a session; the tablet pages carry no code and read the signed flag
    path(f"{P}sessions/<uuid:code>/tablet/", feedback_tablet.feedback_tablet_start, name="feedback_tablet"),
    path(
        f"{P}sessions/<uuid:code>/tablet/<uuid:client_code>/",
        feedback_tablet.feedback_tablet_start,
        name="feedback_tablet_for",
    ),
    path(f"{P}tablet/feedback/", feedback_tablet.feedback_tablet_form, name="feedback_tablet_form"),
    path(f"{P}tablet/feedback/thanks/", feedback_tablet.feedback_tablet_thanks, name="feedback_tablet_thanks"),
    path(f"{P}tablet/feedback/back/", feedback_tablet.feedback_tablet_return, name="feedback_tablet_return"),
    path(f"{P}services/<uuid:service_code>/you-said-we-did/", feedback.you_said_we_did, name="you_said_we_did"),
    path(
        f"{P}services/<uuid:service_code>/you-said-we-did/new/",
        feedback.you_said_we_did_create,
        name="you_said_we_did_create",
    ),
    # pre-tenancy course
    path(f"{P}services/<uuid:service_code>/pre-tenancy/", pretenancy.course_roster, name="pretenancy_roster"),
    path(
        f"{P}services/<uuid:service_code>/pre-tenancy/<uuid:module_code>/",
        pretenancy.module_activities,
        name="pretenancy_module",
    ),
    path(f"{P}clients/<uuid:code>/pre-tenancy/", pretenancy.client_pretenancy, name="client_pretenancy"),
    path(
        f"{P}clients/<uuid:code>/pre-tenancy/<uuid:module_code>/sign-off/",
        pretenancy.client_sign_off,
        name="pretenancy_sign_off",
    ),
    path(
        f"{P}clients/<uuid:code>/pre-tenancy/certificate.pdf", pretenancy.certificate_pdf, name="pretenancy_certificate"
    ),
]
