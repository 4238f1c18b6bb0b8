"""URLs of the programme half of activities (feedback, pre-tenancy, risk assessments, outcomes)."""

from __future__ import annotations

urlpatterns: list = []
