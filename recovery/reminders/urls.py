"""URLs of the reminders pages."""

from __future__ import annotations

from django.urls import path

from recovery.reminders import views

app_name = "reminders"

urlpatterns = [
    path("reminders/", views.my_reminders, name="mine"),
    path("reminders/team/", views.team_overdue, name="team"),
    path("reminders/status/", views.sweep_status, name="status"),
    path("reminders/preferences/", views.preferences, name="preferences"),
    path("reminders/services/<uuid:service_code>/run/", views.run_now, name="run_now"),
    path("reminders/services/<uuid:service_code>/settings/", views.settings_edit, name="settings_edit"),
]
