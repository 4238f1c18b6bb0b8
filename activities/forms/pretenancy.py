"""Forms for the pre-tenancy course."""

from __future__ import annotations

from django import forms

from activities.models import Activity

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SignOffForm(forms.Form):
    signed_off_on = forms.DateField(label="Signed off on", widget=DATE_INPUT)
    note = forms.CharField(
        label="How they covered it",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: came to three budgeting sessions and made their own weekly budget.",
    )


class ModuleActivitiesForm(forms.Form):
    activities = forms.ModelMultipleChoiceField(
        queryset=Activity.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Activities whose sessions count towards this module",
    )

    def __init__(self, *args, service, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activities"].queryset = service.activities.filter(is_active=True).order_by("title")
