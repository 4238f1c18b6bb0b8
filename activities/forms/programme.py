"""Forms for partner agencies, activities and session plan templates. Domain rules live in the
services; these forms check shape and show the services' errors beside the right field."""

from __future__ import annotations

import re

from django import forms

from activities import choices

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class VersionedForm(forms.Form):
    """A form that carries the version of the record it was opened at."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PartnerAgencyForm(VersionedForm):
    name = forms.CharField(label="Name", max_length=150, error_messages={"required": "Enter the agency's name."})
    agency_type = forms.ChoiceField(label="Type", choices=choices.AgencyType.choices)
    contact_name = forms.CharField(label="Main contact", max_length=150, required=False)
    phone = forms.CharField(label="Phone", max_length=30, required=False)
    email = forms.EmailField(label="E-mail", required=False)
    website = forms.URLField(label="Website", required=False, assume_scheme="https")
    address = forms.CharField(label="Address", required=False, widget=textarea(2))
    offers = forms.CharField(label="What they offer", required=False, widget=textarea(3))
    agreement = forms.CharField(
        label="Agreement",
        max_length=200,
        required=False,
        help_text="For example: data-sharing agreement, service-level agreement.",
    )
    agreement_expires_on = forms.DateField(label="Agreement expires on", required=False, widget=DATE_INPUT)
    notes = forms.CharField(label="Notes", required=False, widget=textarea(2))


class PartnerAgencyEditForm(PartnerAgencyForm):
    is_active = forms.BooleanField(
        label="We still work with this agency", required=False, help_text="Untick to keep it for past activities only."
    )


class ActivityForm(VersionedForm):
    title = forms.CharField(
        label="Title",
        max_length=150,
        help_text="For example: Cooking on a budget.",
        error_messages={"required": "Enter the activity's title, for example: Cooking on a budget."},
    )
    category = forms.ChoiceField(label="Kind of activity", choices=choices.Category.choices)
    description = forms.CharField(
        label="Description", required=False, widget=textarea(3), help_text="What happens and who it is for."
    )
    team = forms.ModelChoiceField(
        label="Team that runs it", queryset=None, required=False, empty_label="The whole service"
    )
    facilitators = forms.ModelMultipleChoiceField(
        label="Facilitators", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    learning = forms.ModelMultipleChoiceField(
        label="Co-facilitating to learn",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Colleagues running the group alongside a facilitator to learn how.",
    )
    partner_agency = forms.ModelChoiceField(
        label="Partner agency", queryset=None, required=False, empty_label="None: we run it ourselves"
    )
    location_kind = forms.ChoiceField(label="Where", choices=choices.LocationKind.choices, widget=forms.RadioSelect)
    location = forms.CharField(
        label="Room or address",
        max_length=200,
        error_messages={"required": "Enter the room, or the community address where people meet."},
    )
    capacity = forms.IntegerField(
        label="Places", required=False, min_value=1, max_value=500, help_text="Leave empty for no limit."
    )
    accessibility_notes = forms.CharField(
        label="Accessibility",
        required=False,
        widget=textarea(2),
        help_text="Step-free access, hearing loop, quiet space...",
    )
    booking_required = forms.BooleanField(label="People need to book a place", required=False)

    def __init__(self, *args, teams, staff, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["facilitators"].queryset = staff
        self.fields["learning"].queryset = staff
        self.fields["partner_agency"].queryset = agencies
        self.initial.setdefault("location_kind", choices.LocationKind.IN_HOUSE)


class ActivityEditForm(ActivityForm):
    is_active = forms.BooleanField(
        label="Still running", required=False, help_text="Untick to take it off the programme; its past sessions stay."
    )


_STEP = re.compile(r"^\s*(?:(\d{1,3})\s*(?:min(?:ute)?s?)?\s*[:\-–|]?\s*)?(.*)$", re.IGNORECASE)


def parse_outline(text: str) -> list[dict]:
    """One step a line, starting with its minutes: "10 Welcome and check-in"."""
    steps = []
    for line in (text or "").splitlines():
        match = _STEP.match(line)
        minutes, item = match.group(1), match.group(2).strip()
        if item:
            steps.append({"minutes": int(minutes) if minutes else None, "item": item})
    return steps


def outline_text(outline: list[dict]) -> str:
    return "\n".join(
        f"{step['minutes']} {step['item']}" if step.get("minutes") else step["item"] for step in outline or []
    )


class PlanContentForm(VersionedForm):
    aims = forms.CharField(
        label="Aims",
        widget=textarea(3),
        help_text="What people can get from the session.",
        error_messages={"required": "Write what people can get from the session, in a sentence or two."},
    )
    outline = forms.CharField(
        label="Outline with timings",
        required=False,
        widget=textarea(6),
        help_text="One step a line, starting with its minutes, for example: 10 Welcome and check-in.",
    )
    materials = forms.CharField(label="Materials and equipment", required=False, widget=textarea(2))
    facilitator_notes = forms.CharField(label="Facilitator notes", required=False, widget=textarea(3))
    adaptations = forms.CharField(
        label="Adaptations",
        required=False,
        widget=textarea(2),
        help_text="How the session can change for different needs: easy read, seated, quieter space...",
    )

    def clean_outline(self):
        return parse_outline(self.cleaned_data["outline"])


class PlanTemplateForm(PlanContentForm):
    title = forms.CharField(
        label="Title",
        max_length=150,
        help_text="For example: Budgeting week 1.",
        error_messages={"required": "Enter a title, for example: Budgeting week 1."},
    )
    category = forms.ChoiceField(
        label="Kind of activity", choices=[("", "Any"), *choices.Category.choices], required=False
    )
    field_order = ["title", "category", "aims", "outline", "materials", "facilitator_notes", "adaptations"]


class PlanTemplateEditForm(PlanTemplateForm):
    is_active = forms.BooleanField(label="Offer this template for new plans", required=False)
