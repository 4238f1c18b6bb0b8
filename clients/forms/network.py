"""Forms for the network, consent decisions and advance statements. The services hold the rules;
these check shape and carry the labels people read."""

from __future__ import annotations

from django import forms

from clients.forms.core import DATE_INPUT
from clients.models import AdvanceStatement, ConsentRecord, NetworkMember
from clients.services.network import NETWORK_MEMBER_FIELDS


class NetworkMemberForm(forms.ModelForm):
    class Meta:
        model = NetworkMember
        fields = list(NETWORK_MEMBER_FIELDS)
        labels = {
            "relationship": "Relationship to the person",
            "name": "Name",
            "organisation": "Organisation or practice",
            "may_share": "What may be shared with them",
            "consent_given_on": "Date the person agreed to share it",
            "consent_review_on": "Review or expiry date",
        }
        help_texts = {
            "name": "For a GP practice or agency, the named contact if there is one.",
            "may_share": "In the person's words where possible, for example "
            "\u201cappointment times and how I am getting on\u201d. Leave empty if nothing may be shared.",
            "consent_given_on": "Needed when something may be shared.",
            "consent_review_on": "When to check with the person that they still agree.",
        }
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "may_share": forms.Textarea(attrs={"rows": 3}),
            "consent_given_on": DATE_INPUT,
            "consent_review_on": DATE_INPUT,
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in NETWORK_MEMBER_FIELDS}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter a reason."},
    )

    def __init__(self, *args, label: str, help_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].help_text = help_text


class ConsentRecordForm(forms.ModelForm):
    class Meta:
        model = ConsentRecord
        fields = ["kind", "decision", "decided_on", "review_on", "notes"]
        labels = {
            "kind": "What the consent is for",
            "decision": "The person's decision",
            "decided_on": "Date of the decision",
            "review_on": "Review date",
        }
        help_texts = {
            "review_on": "When to check the decision with the person again.",
            "notes": "For example, any limits the person set, or how the decision was explained.",
        }
        widgets = {
            "decision": forms.RadioSelect,
            "decided_on": DATE_INPUT,
            "review_on": DATE_INPUT,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A radio list with a "---------" choice reads oddly; the decision must be chosen.
        self.fields["decision"].choices = [c for c in self.fields["decision"].choices if c[0]]
        self.fields["decision"].error_messages["required"] = "Choose whether consent was given, refused or withdrawn."
        self.fields["kind"].choices = [("", "Choose one"), *[c for c in self.fields["kind"].choices if c[0]]]
        self.fields["kind"].error_messages["required"] = "Choose what the consent is for."


class DocumentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, document) -> str:
        return f"{document.title} (uploaded {document.uploaded_at:%d %b %Y})"


class AdvanceStatementForm(forms.ModelForm):
    document = DocumentChoiceField(
        queryset=None,
        required=False,
        empty_label="No document",
        label="A copy held in Recovery",
        help_text="To attach a copy, upload it on the Documents tab first.",
    )

    class Meta:
        model = AdvanceStatement
        fields = ["kind", "summary", "made_on", "where_held", "document"]
        labels = {"kind": "Kind of statement", "made_on": "Date the person made it"}
        help_texts = {"where_held": "For example: with the person, with their GP, on the NHS trust's record."}
        widgets = {
            "kind": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 5}),
            "made_on": DATE_INPUT,
        }

    def __init__(self, *args, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0]]
