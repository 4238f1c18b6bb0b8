"""The Risk and safety tab, the printable risk summary, and "review now"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from clients.views.common import client_pdf_response, open_client
from recovery.core.forms import apply_service_errors
from risk import selectors, services
from risk.access import can_see_safeguarding
from risk.choices import AreaStatus, PromptSource
from risk.forms import ReviewRequestForm
from risk.views.common import client_page, status_for


@require_GET
@login_required
def client_risk(request: HttpRequest, code) -> HttpResponse:
    client = open_client(request, code, detail="risk and safety")
    overview = selectors.risk_overview(client=client, user=request.user)
    return client_page(request, client, "risk/client_risk.html", overview=overview)


@require_GET
@login_required
def risk_summary_pdf(request: HttpRequest, code) -> HttpResponse:
    """The printable summary: current assessment, plan, alerts, escalations, and safeguarding
    details only for those who may see them. Logged as an export."""
    client = open_client(request, code, detail="risk summary PDF")
    overview = selectors.risk_overview(client=client, user=request.user)
    return client_pdf_response(
        request,
        client,
        template="risk/pdf/summary.html",
        context={
            "overview": overview,
            "assessment": overview.shown,
            "concerns": selectors.visible_concerns(client=client, user=request.user),
            "hidden_open_concerns": [row for row in overview.open_concerns if not row.visible],
            "can_see_safeguarding": can_see_safeguarding(request.user, client),
            "not_assessed": [
                area.label
                for area in (overview.shown.areas.all() if overview.shown else [])
                if area.status == AreaStatus.NOT_ASSESSED and not area.fields_to_show
            ],
        },
        filename=f"risk-summary-{timezone.localdate():%Y-%m-%d}.pdf",
        detail="risk summary PDF",
    )


@require_http_methods(["GET", "POST"])
@login_required
def review_request(request: HttpRequest, code) -> HttpResponse:
    """Ask for the risk assessment to be reviewed now because something changed."""
    client = open_client(request, code, detail="ask for a risk review", for_change=True)
    contact_code = request.POST.get("contact") or request.GET.get("contact")
    contact = selectors.contact_for_client(client=client, code=contact_code) if contact_code else None
    form = ReviewRequestForm(request.POST or None, initial={"contact": contact.code if contact else None})
    if request.method == "POST" and form.is_valid():
        try:
            services.review_prompt_raise(
                client=client,
                by=request.user,
                reason=form.cleaned_data["reason"],
                source=PromptSource.CONTACT if contact else PromptSource.OTHER,
                contact=contact,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "A risk review has been asked for. It shows as due today for the lead worker.")
            if contact:
                return redirect("clients:contact_detail", code=client.code, contact_code=contact.code)
            return redirect("risk:client_risk", code=client.code)
    return client_page(
        request, client, "risk/review_request.html", form=form, contact=contact, status=status_for(request, form)
    )
