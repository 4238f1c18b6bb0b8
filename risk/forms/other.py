"""Forms for alerts, safeguarding concerns, escalations and the service's risk settings."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from risk.choices import (
    CareActCategory,
    ClosureReason,
    EscalatedTo,
    LocalAuthorityDecision,
    LocalAuthorityReferral,
    ReferralConsent,
    Severity,
    YesNoUnknown,
)
from risk.forms.assessments import DATE_INPUT, DATETIME_FORMATS, DATETIME_INPUT, VersionedForm, textarea

# --- alerts -----------------------------------------------------------------------------------


class AlertForm(forms.Form):
    alert_type = forms.ChoiceField(label="Type of alert", choices=())
    text = forms.CharField(
        label="Alert",
        required=False,
        max_length=80,
        help_text="What colleagues see on caseloads, up to 80 characters. Leave empty to use the type, "
        "for example Visit in pairs.",
    )
    detail = forms.CharField(label="More detail", required=False, widget=textarea(3), help_text="Why, and what to do.")
    starts_on = forms.DateField(label="From", widget=DATE_INPUT)
    review_on = forms.DateField(label="Review by", required=False, widget=DATE_INPUT)
    ends_on = forms.DateField(
        label="Until", required=False, widget=DATE_INPUT, help_text="Leave empty if it applies until it is reviewed."
    )

    def __init__(self, *args, alert_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alert_type"].choices = [(entry["key"], entry["label"]) for entry in alert_types]
        self.initial.setdefault("starts_on", timezone.localdate())


class AlertEditForm(VersionedForm):
    text = forms.CharField(label="Alert", max_length=80)
    detail = forms.CharField(label="More detail", required=False, widget=textarea(3))
    review_on = forms.DateField(label="Review by", required=False, widget=DATE_INPUT)
    ends_on = forms.DateField(label="Until", required=False, widget=DATE_INPUT)


class AlertEndForm(forms.Form):
    reason = forms.CharField(label="Why does the alert no longer apply?", max_length=200)


# --- safeguarding -----------------------------------------------------------------------------


class ConcernForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label="Type of concern",
        choices=CareActCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose all that apply (Care Act 2014 categories).",
    )
    what_happened = forms.CharField(
        label="What happened",
        widget=textarea(5),
        help_text="What you saw, or what you were told, in the words used where you can. Facts, not opinions.",
    )
    occurred_on = forms.DateField(
        label="When it happened", required=False, widget=DATE_INPUT, help_text="Leave empty if not known."
    )
    who_is_at_risk = forms.CharField(label="Who is at risk", widget=textarea(2))
    source = forms.CharField(
        label="How the concern came to light",
        required=False,
        max_length=200,
        help_text="For example: Sam told me at a home visit.",
    )
    children_in_household = forms.ChoiceField(
        label="Do children live in or visit the household?", choices=YesNoUnknown.choices, widget=forms.RadioSelect
    )
    other_adults_in_household = forms.ChoiceField(
        label="Could other adults in the household be at risk?", choices=YesNoUnknown.choices, widget=forms.RadioSelect
    )
    household_details = forms.CharField(
        label="About the household",
        required=False,
        widget=textarea(3),
        help_text="Think Family: who else lives there or visits, their ages, and how they may be affected.",
    )
    persons_views = forms.CharField(
        label="What the person wants to happen",
        required=False,
        widget=textarea(3),
        help_text="Making Safeguarding Personal: in their words.",
    )
    referral_consent = forms.ChoiceField(
        label="Did the person agree to a referral?",
        choices=ReferralConsent.choices,
        initial=ReferralConsent.NOT_ASKED,
        widget=forms.RadioSelect,
    )
    immediate_actions = forms.CharField(
        label="Immediate actions taken",
        widget=textarea(3),
        help_text="What was done straight away to keep people safe.",
    )
    raised_at = forms.DateTimeField(
        label="When the concern was raised", widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS
    )
    contact = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("raised_at", timezone.localtime().replace(second=0, microsecond=0))


class ConcernReferralsForm(VersionedForm):
    la_referral = forms.ChoiceField(
        label="Referral to the local authority", choices=LocalAuthorityReferral.choices, widget=forms.RadioSelect
    )
    la_referred_on = forms.DateField(label="Date referred", required=False, widget=DATE_INPUT)
    la_reference = forms.CharField(label="Local authority reference", required=False, max_length=60)
    la_not_referred_reason = forms.CharField(
        label="Why not referred", required=False, widget=textarea(2), help_text="And who agreed the decision."
    )
    la_decision = forms.ChoiceField(
        label="Local authority decision", choices=LocalAuthorityDecision.choices, required=False
    )
    la_decision_on = forms.DateField(label="Date of decision", required=False, widget=DATE_INPUT)
    police_informed_on = forms.DateField(
        label="Police informed on",
        required=False,
        widget=DATE_INPUT,
        help_text="Leave empty if the police were not told.",
    )
    police_reference = forms.CharField(label="Police reference", required=False, max_length=60)
    lead_informed_on = forms.DateField(label="Safeguarding lead informed on", required=False, widget=DATE_INPUT)
    lead_name = forms.CharField(label="Safeguarding lead", required=False, max_length=120)


class ConcernUpdateForm(forms.Form):
    note = forms.CharField(
        label="Decision or update",
        widget=textarea(3),
        help_text="For example: strategy discussion held; agreed that Sam will stay with her sister this week.",
    )


class ConcernCloseForm(VersionedForm):
    closure_reason = forms.ChoiceField(
        label="Why is the concern being closed?", choices=ClosureReason.choices, widget=forms.RadioSelect
    )
    outcome = forms.CharField(
        label="Outcome", widget=textarea(4), help_text="What happened as a result, and what the person thinks of it."
    )


# --- escalations ------------------------------------------------------------------------------


class EscalationForm(forms.Form):
    escalated_to = forms.ChoiceField(label="Escalated to", choices=EscalatedTo.choices, widget=forms.RadioSelect)
    escalated_to_detail = forms.CharField(
        label="Name or service", required=False, max_length=150, help_text="Needed for Other."
    )
    escalated_at = forms.DateTimeField(label="When", widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS)
    reason = forms.CharField(label="Why", widget=textarea(3))
    outcome = forms.CharField(label="Outcome", widget=textarea(3), help_text="What was agreed or what happened next.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("escalated_at", timezone.localtime().replace(second=0, microsecond=0))


# --- settings ---------------------------------------------------------------------------------


class RiskSettingsForm(VersionedForm):
    areas = forms.CharField(
        label="Areas every assessment covers",
        widget=textarea(9),
        help_text="One area per line, in the order they should appear. Earlier assessments keep the areas "
        "they were written with.",
    )
    sign_off_required = forms.BooleanField(
        label="A team leader signs off each agreed assessment",
        required=False,
        help_text="The assessment is in force as soon as it is agreed; sign-off is a check afterwards.",
    )
    safeguarding_follow_up_days = forms.IntegerField(
        label="Safeguarding follow-up after (days)",
        min_value=1,
        max_value=90,
        help_text="Remind the team when an open concern has no local authority decision after this many days.",
    )


class AlertTypeForm(forms.Form):
    label = forms.CharField(label="Alert type", max_length=60, required=False)
    severity = forms.ChoiceField(label="Shown as", choices=Severity.choices, initial=Severity.WARNING)


AlertTypeFormSet = forms.formset_factory(AlertTypeForm, extra=2)
