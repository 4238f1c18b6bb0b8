"""Forms for risk assessments, their areas and the management plan. Domain rules live in the
services; these forms check shape and show the services' errors beside the right field."""

from __future__ import annotations

from django import forms

from risk.choices import REVIEW_PRIORITY_HELP, ActionStatus, AreaStatus, PersonInvolvement, ReviewPriority, ReviewReason
from risk.models import RiskArea

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class VersionedForm(forms.Form):
    """A form that carries the version of the record it was opened at."""

    version = forms.IntegerField(widget=forms.HiddenInput)


class StartReviewForm(forms.Form):
    review_reason = forms.ChoiceField(
        label="Why are you reviewing the assessment?",
        choices=[choice for choice in ReviewReason.choices if choice[0] != ReviewReason.FIRST],
        widget=forms.RadioSelect,
    )
    review_reason_detail = forms.CharField(
        label="What has changed",
        required=False,
        widget=textarea(3),
        help_text="Needed unless this is a scheduled review.",
    )


class AssessmentDetailsForm(VersionedForm):
    review_priority = forms.ChoiceField(
        label="Review priority",
        choices=ReviewPriority.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=REVIEW_PRIORITY_HELP,
    )
    summary = forms.CharField(
        label="Summary",
        required=False,
        widget=textarea(6),
        help_text="A short formulation in plain words: what is going on, what helps, and what the plan is.",
    )
    review_reason_detail = forms.CharField(label="What has changed", required=False, widget=textarea(3))


class AreaForm(VersionedForm):
    status = forms.ChoiceField(
        label="Is there a concern in this area now?", choices=AreaStatus.choices, widget=forms.RadioSelect
    )
    current_concerns = forms.CharField(
        label="Current concerns",
        required=False,
        widget=textarea(4),
        help_text="What is worrying now. Needed for a concern.",
    )
    history = forms.CharField(
        label="History", required=False, widget=textarea(3), help_text="What has happened before, and when."
    )
    triggers = forms.CharField(
        label="Triggers", required=False, widget=textarea(3), help_text="What tends to make things harder."
    )
    early_signs = forms.CharField(
        label="Early signs",
        required=False,
        widget=textarea(3),
        help_text="What the person or others might notice first.",
    )
    protective_factors = forms.CharField(
        label="Protective factors",
        required=False,
        widget=textarea(3),
        help_text="People, places and things that help the person stay well.",
    )
    persons_view = forms.CharField(
        label="The person's own view",
        required=False,
        widget=textarea(3),
        help_text="In their own words, as they said it.",
    )

    @classmethod
    def for_area(cls, area: RiskArea, data=None) -> AreaForm:
        initial = {name: getattr(area, name) for name in cls.base_fields if name != "version"}
        return cls(data, initial={**initial, "version": area.version})


class ActionForm(VersionedForm):
    action = forms.CharField(label="What will be done", widget=textarea(3))
    area = forms.ModelChoiceField(
        label="Area", queryset=RiskArea.objects.none(), required=False, empty_label="The whole plan"
    )
    owner = forms.ModelChoiceField(
        label="Who (member of staff)", queryset=None, required=False, empty_label="Someone else"
    )
    owner_other = forms.CharField(
        label="Who (someone else)",
        required=False,
        max_length=120,
        help_text="If not a member of staff: for example the person themselves, their GP or their sister.",
    )
    due_on = forms.DateField(label="By when", widget=DATE_INPUT)
    status = forms.ChoiceField(choices=ActionStatus.choices, initial=ActionStatus.TO_DO)

    def __init__(self, *args, areas, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        self.fields["owner"].queryset = staff
        if not self.is_bound and "version" not in self.initial:
            self.initial["version"] = 1


class ActionStatusForm(VersionedForm):
    status = forms.ChoiceField(choices=ActionStatus.choices)


class AgreeForm(VersionedForm):
    person_involvement = forms.ChoiceField(
        label="How was the person involved?", choices=PersonInvolvement.choices, widget=forms.RadioSelect
    )
    person_involvement_note = forms.CharField(
        label="Notes on the person's involvement",
        required=False,
        widget=textarea(2),
        help_text="Needed if they did not take part: say why, and when you will go through it with them.",
    )
    review_due_on = forms.DateField(
        label="Review by",
        required=False,
        widget=DATE_INPUT,
        help_text="Leave empty for the service's usual interval. Choose an earlier date if things are changing. "
        "A review is also due whenever something changes.",
    )


class SignOffForm(VersionedForm):
    note = forms.CharField(label="Comments (optional)", required=False, widget=textarea(2))


class ReviewRequestForm(forms.Form):
    reason = forms.CharField(
        label="What has changed?",
        widget=textarea(3),
        help_text="For example: told me at today's visit that she has been evicted. The lead worker will see this.",
    )
    contact = forms.UUIDField(widget=forms.HiddenInput, required=False)
