"""Forms for WRAP, the safety plan and the relapse signature."""

from __future__ import annotations

from django import forms

from plans.choices import SignKind, WrapSharing, WrittenBy
from plans.forms.plans import text_area
from plans.models import RelapseSignature, SafetyPlan, Wrap
from plans.services import SAFETY_TEXT_FIELDS, WRAP_TEXT_FIELDS

# (legend, fields) in the order of Copeland's WRAP.
WRAP_SECTIONS = [
    ("Wellness toolbox", ["wellness_toolbox"]),
    ("Daily maintenance plan", ["daily_maintenance"]),
    ("Triggers and what I do", ["triggers", "triggers_actions"]),
    ("Early warning signs and what I do", ["early_warning_signs", "early_warning_actions"]),
    ("When things are breaking down", ["breaking_down_signs", "breaking_down_actions"]),
    ("Crisis plan", ["crisis_plan"]),
    ("Post-crisis plan", ["post_crisis_plan"]),
]

# Stanley–Brown order.
SAFETY_SECTIONS = [
    ("Step 1: My warning signs", ["warning_signs"]),
    ("Step 2: Things I can do on my own", ["coping_strategies"]),
    ("Step 3: People and places that take my mind off things", ["distractions"]),
    ("Step 4: People I can ask for help", ["people_to_ask"]),
    ("Step 5: Professionals and services I can contact", ["professionals"]),
    ("Step 6: Making where I am safer", ["safer_environment"]),
    ("What matters most to me", ["reason_for_living"]),
]


class WrapForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    sharing = forms.ChoiceField(
        label="Who may see this WRAP? The client decides.", choices=WrapSharing.choices, widget=forms.RadioSelect
    )
    shared_with = forms.ModelMultipleChoiceField(
        label="People in the client's network who may see it",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only for “my support team and people I name in my network”.",
    )
    written_by = forms.ChoiceField(
        label="Who wrote this WRAP?", choices=WrittenBy.choices, initial=WrittenBy.CLIENT, widget=forms.RadioSelect
    )

    class Meta:
        model = Wrap
        fields = ["sharing", "written_by", *WRAP_TEXT_FIELDS]
        labels = {
            "wellness_toolbox": "My wellness toolbox",
            "daily_maintenance": "What I need to do every day to stay well",
            "triggers": "My triggers",
            "triggers_actions": "What I do if a trigger comes up",
            "early_warning_signs": "My early warning signs",
            "early_warning_actions": "What I do when I notice them",
            "breaking_down_signs": "How I know things are breaking down",
            "breaking_down_actions": "What I do then",
            "crisis_plan": "My crisis plan: what I want others to do",
            "post_crisis_plan": "My post-crisis plan: getting back on track",
        }
        help_texts = {
            "wellness_toolbox": "Things that help me stay well and feel better, for example a walk, music, a call with my sister.",
            "crisis_plan": "Who I want involved, what helps, what does not, and where I want to be supported.",
        }
        widgets = {name: text_area(3) for name in WRAP_TEXT_FIELDS}

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shared_with"].queryset = network
        for name in WRAP_TEXT_FIELDS:
            self.fields[name].required = False

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("sharing", "shared_with", "written_by", *WRAP_TEXT_FIELDS)}


class SafetyPlanForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    written_by = forms.ChoiceField(
        label="Who wrote this safety plan?",
        choices=WrittenBy.choices,
        initial=WrittenBy.CLIENT,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = SafetyPlan
        fields = ["written_by", *SAFETY_TEXT_FIELDS]
        labels = {
            "warning_signs": "Thoughts, feelings or situations that tell me a crisis may be coming",
            "coping_strategies": "Things I can do on my own to take my mind off my problems",
            "distractions": "People and social places that take my mind off things",
            "people_to_ask": "People I can ask for help, with their numbers",
            "professionals": "My own professionals, with their numbers",
            "safer_environment": "How I can make where I am safer",
            "reason_for_living": "The one thing that matters most to me and is worth living for",
        }
        help_texts = {
            "warning_signs": "In the client's own words.",
            "professionals": "For example my care coordinator or GP. Samaritans, NHS 111 and the crisis line "
            "the service has set are always printed too.",
        }
        widgets = {name: text_area(3) for name in SAFETY_TEXT_FIELDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in SAFETY_TEXT_FIELDS:
            self.fields[name].required = False

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("written_by", *SAFETY_TEXT_FIELDS)}


class SignatureForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = RelapseSignature
        fields = ["what_helps", "who_to_tell"]
        labels = {"what_helps": "What helps me when I notice these signs", "who_to_tell": "Who I want told"}
        help_texts = {"who_to_tell": "Names and how to reach them, for example “My mum, Jan, 07700 900123”."}
        widgets = {"what_helps": text_area(3), "who_to_tell": text_area(3)}

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("what_helps", "who_to_tell")}


class SignForm(forms.Form):
    kind = forms.ChoiceField(
        label="Sign or trigger?", choices=SignKind.choices, widget=forms.RadioSelect, initial=SignKind.SIGN
    )
    description = forms.CharField(
        label="In the client's words",
        max_length=200,
        help_text="Short enough to tick on a contact, for example “I stop answering the phone”.",
    )
