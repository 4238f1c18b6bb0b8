from django.urls import path

from risk.views import alerts, assessments, escalations, overview, safeguarding, team

app_name = "risk"

CLIENT = "clients/<uuid:code>/risk/"
ASSESSMENT = CLIENT + "assessments/<uuid:assessment_code>/"
CONCERN = CLIENT + "safeguarding/<uuid:concern_code>/"

urlpatterns = [
    path(CLIENT, overview.client_risk, name="client_risk"),
    path(CLIENT + "summary.pdf", overview.risk_summary_pdf, name="summary_pdf"),
    path(CLIENT + "review-request/", overview.review_request, name="review_request"),
    path(CLIENT + "assessments/start/", assessments.assessment_start, name="assessment_start"),
    path(CLIENT + "assessments/compare/", assessments.assessment_compare, name="assessment_compare"),
    path(ASSESSMENT, assessments.assessment_detail, name="assessment_detail"),
    path(ASSESSMENT + "edit/", assessments.assessment_edit, name="assessment_edit"),
    path(ASSESSMENT + "areas/<slug:key>/", assessments.area_edit, name="area_edit"),
    path(ASSESSMENT + "actions/new/", assessments.action_create, name="action_create"),
    path(ASSESSMENT + "actions/<uuid:action_code>/", assessments.action_edit, name="action_edit"),
    path(ASSESSMENT + "actions/<uuid:action_code>/status/", assessments.action_status, name="action_status"),
    path(ASSESSMENT + "agree/", assessments.assessment_agree, name="assessment_agree"),
    path(ASSESSMENT + "sign-off/", assessments.assessment_sign_off, name="assessment_sign_off"),
    path(CLIENT + "alerts/new/", alerts.alert_create, name="alert_create"),
    path(CLIENT + "alerts/<uuid:alert_code>/", alerts.alert_edit, name="alert_edit"),
    path(CLIENT + "alerts/<uuid:alert_code>/end/", alerts.alert_end, name="alert_end"),
    path(CLIENT + "safeguarding/new/", safeguarding.concern_create, name="concern_create"),
    path(CONCERN, safeguarding.concern_detail, name="concern_detail"),
    path(CONCERN + "referrals/", safeguarding.concern_referrals, name="concern_referrals"),
    path(CONCERN + "updates/", safeguarding.concern_update_add, name="concern_update_add"),
    path(CONCERN + "close/", safeguarding.concern_close, name="concern_close"),
    path(CLIENT + "contacts/<uuid:contact_code>/escalate/", escalations.escalation_create, name="escalation_create"),
    path("risk/safeguarding/", team.safeguarding_open, name="safeguarding_open"),
    path("risk/reviews/", team.reviews_overdue, name="reviews_overdue"),
    path("risk/sign-off/", team.sign_off_queue, name="sign_off_queue"),
    path("risk/settings/", team.settings_list, name="settings_list"),
    path("risk/settings/<uuid:service_code>/", team.settings_edit, name="settings_edit"),
]
