"""URLs of the activities app: timetable, activities, sessions, registers, partner agencies."""

from __future__ import annotations

from django.urls import include, path

from activities.views import programme, register, sessions, timetable

app_name = "activities"

urlpatterns = [
    path("activities/", programme.programme_home, name="home"),
    path("activities/feed/<str:token>.ics", timetable.timetable_feed, name="timetable_feed"),
    # A service's programme
    path("activities/services/<uuid:service_code>/", timetable.timetable_week, name="timetable_week"),
    path("activities/services/<uuid:service_code>/upcoming/", timetable.timetable_list, name="timetable_list"),
    path("activities/services/<uuid:service_code>/timetable.pdf", timetable.timetable_pdf, name="timetable_pdf"),
    path("activities/services/<uuid:service_code>/calendar/", timetable.feed_settings, name="feed_settings"),
    path(
        "activities/services/<uuid:service_code>/calendar/new-address/",
        timetable.feed_regenerate,
        name="feed_regenerate",
    ),
    path("activities/services/<uuid:service_code>/activities/", programme.activity_list, name="activity_list"),
    path("activities/services/<uuid:service_code>/activities/new/", programme.activity_create, name="activity_create"),
    path("activities/services/<uuid:service_code>/partners/", programme.partner_list, name="partner_list"),
    path("activities/services/<uuid:service_code>/partners/new/", programme.partner_create, name="partner_create"),
    path("activities/services/<uuid:service_code>/plan-templates/", programme.template_list, name="template_list"),
    path(
        "activities/services/<uuid:service_code>/plan-templates/new/",
        programme.template_create,
        name="template_create",
    ),
    path("activities/partners/<uuid:code>/", programme.partner_edit, name="partner_edit"),
    path("activities/plan-templates/<uuid:code>/", programme.template_edit, name="template_edit"),
    # An activity
    path("activities/<uuid:code>/", programme.activity_detail, name="activity_detail"),
    path("activities/<uuid:code>/edit/", programme.activity_edit, name="activity_edit"),
    path("activities/<uuid:code>/schedule/", sessions.sessions_schedule, name="sessions_schedule"),
    path("activities/<uuid:code>/regulars/search/", register.regular_search, name="regular_search"),
    path("activities/<uuid:code>/regulars/add/", register.regular_add, name="regular_add"),
    path("activities/<uuid:code>/regulars/<uuid:regular_code>/end/", register.regular_end, name="regular_end"),
    # A session
    path("activities/sessions/<uuid:code>/", sessions.session_detail, name="session_detail"),
    path("activities/sessions/<uuid:code>/cancel/", sessions.session_cancel, name="session_cancel"),
    path("activities/sessions/<uuid:code>/move/", sessions.session_move, name="session_move"),
    path("activities/sessions/<uuid:code>/plan/", sessions.session_plan, name="session_plan"),
    path("activities/sessions/<uuid:code>/search/", register.client_search, name="client_search"),
    path("activities/sessions/<uuid:code>/book/", register.booking_add, name="booking_add"),
    path(
        "activities/sessions/<uuid:code>/bookings/<uuid:booking_code>/cancel/",
        register.booking_cancel,
        name="booking_cancel",
    ),
    path("activities/sessions/<uuid:code>/register/", register.register, name="register"),
    path("activities/sessions/<uuid:code>/register/walk-in/", register.walk_in_add, name="walk_in_add"),
    path(
        "activities/sessions/<uuid:code>/register/<uuid:booking_code>/",
        register.register_mark,
        name="register_mark",
    ),
    path("", include("activities.urls_programme")),
]
