"""django-filter FilterSets for caseloads."""

from __future__ import annotations

from datetime import datetime, timedelta

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils import timezone

from clients.models import Client


class CaseloadFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_name", label="Name contains")
    not_seen_days = django_filters.ChoiceFilter(
        method="filter_not_seen",
        label="Not seen for",
        empty_label="Any time",
        choices=[("7", "7 days or more"), ("14", "14 days or more"), ("28", "28 days or more")],
    )
    flagged = django_filters.BooleanFilter(
        method="filter_flagged", label="Did not attend in a row", widget=forms.CheckboxInput
    )
    sort = django_filters.OrderingFilter(
        label="Sort by",
        empty_label=None,
        fields=(("last_name", "name"), ("last_contact_at", "last_seen"), ("date_of_birth", "date_of_birth")),
        field_labels={
            "name": "Name (A to Z)",
            "-name": "Name (Z to A)",
            "last_seen": "Longest since seen first",
            "-last_seen": "Most recently seen first",
            "date_of_birth": "Oldest first",
            "-date_of_birth": "Youngest first",
        },
    )

    class Meta:
        model = Client
        fields: list[str] = []

    def filter_name(self, queryset, name, value):
        value = value.strip().lower()
        return queryset.filter(search_name__contains=value) if value else queryset

    def filter_not_seen(self, queryset, name, value):
        if not value:
            return queryset
        days = int(value)
        since = timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=days), datetime.min.time()))
        return queryset.filter(Q(last_contact_at__isnull=True) | Q(last_contact_at__lt=since))

    def filter_flagged(self, queryset, name, value):
        return queryset.filter(consecutive_dna__gte=F("team__service__dna_flag_after")) if value else queryset

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("sort"):
            # Longest since seen first: who needs attention comes to the top.
            queryset = queryset.order_by(F("last_contact_at").asc(nulls_first=True), "last_name", "id")
        return queryset
