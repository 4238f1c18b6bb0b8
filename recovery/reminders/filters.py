"""The filters of "My reminders": what kind of item, which client, where it stands."""

from __future__ import annotations

import django_filters

from recovery.core.registries import reminder_sources
from recovery.reminders.models import OPEN_STATUSES, Reminder, ReminderStatus

OPEN = "open"


class ReminderFilter(django_filters.FilterSet):
    source = django_filters.ChoiceFilter(label="Kind of item", empty_label="All kinds", choices=())
    client = django_filters.ChoiceFilter(
        field_name="client_code", label="Client", empty_label="All clients", choices=()
    )
    status = django_filters.ChoiceFilter(
        method="filter_status",
        label="Status",
        empty_label=None,
        choices=[(OPEN, "Still to do"), *ReminderStatus.choices],
    )

    class Meta:
        model = Reminder
        fields: list[str] = []

    def __init__(self, data=None, *args, client_choices=(), **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("status", OPEN)
        super().__init__(data, *args, **kwargs)
        self.filters["source"].extra["choices"] = [(source.key, source.label) for source in reminder_sources]
        self.filters["client"].extra["choices"] = list(client_choices)
        for field in self.form.fields.values():
            field.widget.attrs["class"] = "form-select"

    def filter_status(self, queryset, name, value):
        if value == OPEN or not value:
            return queryset.filter(status__in=OPEN_STATUSES)
        return queryset.filter(status=value)
