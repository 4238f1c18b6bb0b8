"""URLs of the activities app: timetable, activities, sessions, registers, partner agencies."""

from __future__ import annotations

from django.urls import include, path

app_name = "activities"

urlpatterns = [
    path("", include("activities.urls_programme")),
]
