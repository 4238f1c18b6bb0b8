from django.urls import path

from clients.views import caseloads, contacts, records

app_name = "clients"

urlpatterns = [
    path("caseload/", caseloads.caseload, name="caseload"),
    path("caseload/team/", caseloads.team_caseload, name="team_caseload"),
    path("caseload/team/reallocate/", caseloads.team_reallocate, name="team_reallocate"),
    path("clients/search/", caseloads.search, name="search"),
    path("clients/new/", records.client_create, name="create"),
    path("clients/<uuid:code>/", records.client_detail, name="detail"),
    path("clients/<uuid:code>/timeline/", records.client_timeline, name="timeline"),
    path("clients/<uuid:code>/edit/", records.client_edit, name="edit"),
    path("clients/<uuid:code>/contacts/new/", contacts.contact_create, name="contact_create"),
    path("clients/<uuid:code>/contacts/<uuid:contact_code>/", contacts.contact_detail, name="contact_detail"),
    path("clients/<uuid:code>/contacts/<uuid:contact_code>/amend/", contacts.contact_amend, name="contact_amend"),
    path("clients/<uuid:code>/contacts/<uuid:contact_code>/dispute/", contacts.contact_dispute, name="contact_dispute"),
]
