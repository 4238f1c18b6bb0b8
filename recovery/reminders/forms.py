"""Forms: a person's digest preference and a service's reminder settings."""

from __future__ import annotations

from django import forms

from recovery.reminders.models import DigestFrequency, Weekday


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class PreferenceForm(VersionedForm):
    frequency = forms.ChoiceField(
        label="How often do you want the reminders e-mail?",
        choices=DigestFrequency.choices,
        widget=forms.RadioSelect,
        help_text="Overdue items are always sent, whatever you choose.",
    )
    weekday = forms.TypedChoiceField(
        label="Which day, if once a week",
        choices=Weekday.choices,
        coerce=int,
        error_messages={"invalid_choice": "Choose a day of the week."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["frequency"].error_messages["required"] = "Choose how often you want the e-mail."


class ReminderSettingsForm(VersionedForm):
    sweep_time = forms.TimeField(
        label="Daily sweep time (UK time)",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="Reminders are worked out and e-mails sent at this time each day.",
        error_messages={"required": "Enter a time such as 07:00.", "invalid": "Enter a time such as 07:00."},
    )
    look_ahead_days = forms.IntegerField(
        label="Remind this many days ahead",
        min_value=1,
        max_value=90,
        error_messages={
            "required": "Enter a number of days between 1 and 90.",
            "min_value": "Enter a number of days between 1 and 90.",
            "max_value": "Enter a number of days between 1 and 90.",
        },
    )
    escalate_after_days = forms.IntegerField(
        label="Tell the team leader after this many days overdue",
        min_value=1,
        max_value=90,
        error_messages={
            "required": "Enter a number of days between 1 and 90.",
            "min_value": "Enter a number of days between 1 and 90.",
            "max_value": "Enter a number of days between 1 and 90.",
        },
    )
