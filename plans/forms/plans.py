"""Forms for a plan's sections, agreement, sign-off and setting a draft aside.

Domain rules live in ``plans.services``; these check shape and carry the record ``version``."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from plans.choices import Agreement, PlanType, WrittenBy
from plans.models import Plan

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def text_area(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def written_by_field(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=WrittenBy.choices, initial=WrittenBy.JOINT, widget=forms.RadioSelect)


class PlanStartForm(forms.Form):
    plan_type = forms.ChoiceField(
        label="What kind of plan?", choices=PlanType.choices, initial=PlanType.SUPPORT, widget=forms.RadioSelect
    )


class PlanSectionsForm(forms.ModelForm):
    """The plan's own sections (goals are added one at a time) and, where there is one, the CPA care plan."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    about_me_by = written_by_field("Who wrote “About me”?")
    strengths_by = written_by_field("Who wrote “My strengths”?")
    contingency_by = written_by_field("Who wrote “If things get difficult”?")

    class Meta:
        model = Plan
        fields = [
            "about_me",
            "about_me_by",
            "strengths",
            "strengths_by",
            "contingency",
            "contingency_by",
            "has_cpa",
            "cpa_care_coordinator",
            "cpa_coordinator_contact",
            "cpa_review_on",
        ]
        labels = {
            "about_me": "About me and what matters to me",
            "strengths": "My strengths and what already helps",
            "contingency": "If things get difficult",
            "has_cpa": "The client has an NHS Care Programme Approach (CPA) care plan",
            "cpa_care_coordinator": "CPA care coordinator",
            "cpa_coordinator_contact": "Care coordinator's team or phone",
            "cpa_review_on": "Next CPA review",
        }
        help_texts = {
            "about_me": "In the client's words where possible: who they are, what they want from support.",
            "strengths": "What the client is good at, what has helped before, who is on their side.",
            "contingency": "What the client wants to happen if they become unwell or things go wrong.",
            "cpa_care_coordinator": "The CPA care plan itself is held by the NHS; this only refers to it.",
        }
        widgets = {
            "about_me": text_area(5),
            "strengths": text_area(4),
            "contingency": text_area(4),
            "cpa_review_on": DATE_INPUT,
        }

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AgreeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    agreement = forms.ChoiceField(
        label="How did the client agree this plan?", choices=Agreement.choices, widget=forms.RadioSelect
    )
    client_typed_name = forms.CharField(
        label="Client's name, typed by the client",
        required=False,
        max_length=150,
        help_text="Hand the tablet or keyboard to the client and ask them to type their name.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    declined_reason = forms.CharField(
        label="Why the client did not want to sign",
        required=False,
        widget=text_area(2),
        help_text="In their words. The plan is still agreed; it is not signed.",
    )
    agreed_on = forms.DateField(label="Date agreed", widget=DATE_INPUT)
    review_due_on = forms.DateField(
        label="Review by",
        widget=DATE_INPUT,
        help_text="Suggested from the service's review interval. You can choose an earlier date.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("agreed_on", timezone.localdate())

    def clean(self):
        cleaned = super().clean()
        agreement = cleaned.get("agreement")
        if agreement == Agreement.SIGNED and not (cleaned.get("client_typed_name") or "").strip():
            self.add_error("client_typed_name", "Ask the client to type their name to sign the plan.")
        if agreement == Agreement.DECLINED and not (cleaned.get("declined_reason") or "").strip():
            self.add_error("declined_reason", "Enter why the client did not want to sign, in their words.")
        return cleaned


class DiscardForm(forms.Form):
    reason = forms.CharField(
        label="Why set this draft aside?",
        max_length=200,
        help_text="The draft is kept in the plan's history; it is not deleted.",
    )
