from django.urls import path

from clients.views import access as access_views
from clients.views import allocations, brief, caseloads, contacts, episodes, records
from clients.views import documents as document_views
from clients.views import network as network_views

app_name = "clients"

urlpatterns = [
    path("caseload/", caseloads.caseload, name="caseload"),
    path("caseload/team/", caseloads.team_caseload, name="team_caseload"),
    path("caseload/team/reallocate/", caseloads.team_reallocate, name="team_reallocate"),
    path("clients/search/", caseloads.search, name="search"),
    path("clients/new/", records.client_create, name="create"),
    path("clients/<uuid:code>/", records.client_detail, name="detail"),
    path("clients/<uuid:code>/timeline/", records.client_timeline, name="timeline"),
    path("clients/<uuid:code>/recent/", records.client_recent_activity, name="recent_activity"),
    path("clients/<uuid:code>/edit/", records.client_edit, name="edit"),
    path("clients/<uuid:code>/link/", records.client_link, name="link"),
    path("clients/<uuid:code>/contacts/new/", contacts.contact_create, name="contact_create"),
    path("clients/<uuid:code>/contacts/<uuid:contact_code>/", contacts.contact_detail, name="contact_detail"),
    path("clients/<uuid:code>/contacts/<uuid:contact_code>/amend/", contacts.contact_amend, name="contact_amend"),
    path("clients/<uuid:code>/contacts/<uuid:contact_code>/dispute/", contacts.contact_dispute, name="contact_dispute"),
    # Referrals, episodes and the waiting list
    path("clients/<uuid:code>/support/", episodes.episodes, name="episodes"),
    path("clients/<uuid:code>/support/referrals/new/", episodes.referral_create, name="referral_create"),
    path(
        "clients/<uuid:code>/support/referrals/<uuid:referral_code>/decision/",
        episodes.referral_decide,
        name="referral_decide",
    ),
    path("clients/<uuid:code>/support/<uuid:episode_code>/start/", episodes.episode_start, name="episode_start"),
    path("clients/<uuid:code>/support/<uuid:episode_code>/end/", episodes.episode_end, name="episode_end"),
    path("waiting-list/", episodes.waiting, name="waiting"),
    # Allocation
    path("clients/<uuid:code>/workers/", allocations.allocation, name="allocation"),
    path("clients/<uuid:code>/workers/lead/", allocations.allocation_set_lead, name="allocation_set_lead"),
    path(
        "clients/<uuid:code>/workers/co-workers/", allocations.allocation_add_coworker, name="allocation_add_coworker"
    ),
    path("clients/<uuid:code>/workers/<uuid:allocation_code>/end/", allocations.allocation_end, name="allocation_end"),
    # Helpline and café brief contacts
    path("helpline/", brief.brief_list, name="brief_list"),
    path("helpline/<uuid:brief_code>/referral/", brief.brief_convert, name="brief_convert"),
    # Break-glass and the access log
    path("clients/search/all-teams/", access_views.search_all_teams, name="search_all"),
    path("clients/<uuid:code>/break-glass/", access_views.break_glass, name="break_glass"),
    path("clients/<uuid:code>/access-log/", access_views.access_log, name="access_log"),
    path("break-glass/", access_views.break_glass_list, name="break_glass_log"),
    # Network, consent and advance statements
    path("clients/<uuid:code>/network/", network_views.network, name="network"),
    path("clients/<uuid:code>/network/people/new/", network_views.network_member_create, name="network_member_create"),
    path(
        "clients/<uuid:code>/network/people/<uuid:member_code>/edit/",
        network_views.network_member_edit,
        name="network_member_edit",
    ),
    path(
        "clients/<uuid:code>/network/people/<uuid:member_code>/no-longer-involved/",
        network_views.network_member_inactive,
        name="network_member_inactive",
    ),
    path("clients/<uuid:code>/network/consent/new/", network_views.consent_create, name="consent_create"),
    path(
        "clients/<uuid:code>/network/advance-statements/new/",
        network_views.advance_statement_create,
        name="advance_statement_create",
    ),
    path(
        "clients/<uuid:code>/network/advance-statements/<uuid:statement_code>/not-current/",
        network_views.advance_statement_not_current,
        name="advance_statement_not_current",
    ),
    # Documents
    path("clients/<uuid:code>/documents/", document_views.documents, name="documents"),
    path("clients/<uuid:code>/documents/upload/", document_views.document_upload, name="document_upload"),
    path(
        "clients/<uuid:code>/documents/<uuid:document_code>/download/",
        document_views.document_download,
        name="document_download",
    ),
    path(
        "clients/<uuid:code>/documents/<uuid:document_code>/archive/",
        document_views.document_archive,
        name="document_archive",
    ),
]
