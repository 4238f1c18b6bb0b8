from django.urls import path

from outcomes.views import client, service, tablet

app_name = "outcomes"

CLIENT = "clients/<uuid:code>/outcomes/"
READING = CLIENT + "readings/<uuid:reading_code>/"

urlpatterns = [
    path(CLIENT, client.client_outcomes, name="client_outcomes"),
    path(CLIENT + "outcomes.pdf", client.client_outcomes_pdf, name="client_pdf"),
    path(CLIENT + "new/<slug:measure_key>/", client.reading_new, name="reading_new"),
    path(CLIENT + "tablet/<slug:measure_key>/", tablet.tablet_start, name="tablet_start"),
    path(CLIENT + "star/new/", client.star_new, name="star_new"),
    path(READING, client.reading_detail, name="reading_detail"),
    path(READING + "edit/", client.reading_edit, name="reading_edit"),
    path(READING + "entered-in-error/", client.reading_mark_error, name="reading_mark_error"),
    path("outcomes/questionnaire/", tablet.tablet_form, name="tablet_form"),
    path("outcomes/questionnaire/hand-back/", tablet.tablet_return, name="tablet_return"),
    path("outcomes/service/", service.service_outcomes, name="service_outcomes"),
    path("outcomes/service/export.csv", service.service_outcomes_csv, name="service_outcomes_csv"),
    path("outcomes/settings/", service.settings_list, name="settings_list"),
    path("outcomes/settings/<uuid:service_code>/", service.settings_edit, name="settings_edit"),
]
