"""Forms for scheduling, cancelling and moving sessions, and for the register."""

from __future__ import annotations

from django import forms

from activities import choices
from activities.forms.programme import DATE_INPUT, TIME_INPUT, VersionedForm


class ScheduleForm(forms.Form):
    frequency = forms.ChoiceField(label="How often", choices=choices.Frequency.choices, widget=forms.RadioSelect)
    first_date = forms.DateField(
        label="First session on",
        widget=DATE_INPUT,
        error_messages={
            "required": "Enter the date of the first session.",
            "invalid": "Enter a real date, like 23/11/2026.",
        },
    )
    until_date = forms.DateField(
        label="Last session on or before",
        required=False,
        widget=DATE_INPUT,
        help_text="The end of the term. Not needed for a one-off session.",
    )
    start_time = forms.TimeField(
        label="Starts at",
        widget=TIME_INPUT,
        help_text="24-hour clock, for example 10:00.",
        error_messages={"required": "Enter the time the session starts, for example 10:00."},
    )
    end_time = forms.TimeField(
        label="Ends at",
        widget=TIME_INPUT,
        error_messages={"required": "Enter the time the session ends, for example 11:30."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("frequency", choices.Frequency.WEEKLY)


class CancelForm(VersionedForm):
    reason = forms.CharField(
        label="Why is the session cancelled?",
        max_length=300,
        error_messages={
            "required": "Say why the session is cancelled: the people booked and their workers will see it."
        },
        help_text="The people booked and their workers will see this.",
    )


class MoveForm(VersionedForm):
    day = forms.DateField(label="New date", widget=DATE_INPUT, error_messages={"required": "Enter the new date."})
    start_time = forms.TimeField(
        label="Starts at",
        widget=TIME_INPUT,
        error_messages={"required": "Enter the new start time, for example 10:00."},
    )
    end_time = forms.TimeField(
        label="Ends at", widget=TIME_INPUT, error_messages={"required": "Enter the new end time, for example 11:30."}
    )
    location = forms.CharField(
        label="Room or address", max_length=200, required=False, help_text="Leave empty for the activity's usual place."
    )
    reason = forms.CharField(
        label="Why is the session moving?",
        max_length=300,
        help_text="The people booked and their workers will see this.",
    )


class MarkForm(forms.Form):
    mark = forms.ChoiceField(choices=choices.Mark.choices)


class ClientPickForm(forms.Form):
    client = forms.UUIDField()
