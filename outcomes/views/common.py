"""Helpers the outcomes views share."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from clients.views.common import client_context
from outcomes import measures
from outcomes.forms import ReadingForm
from outcomes.measures import Kind, Measure
from outcomes.models import OutcomeSettings
from outcomes.services import offered_measures

INVALID = 422
CONFLICT = 409


def client_page(request: HttpRequest, client, template: str, *, status: int = 200, **extra) -> HttpResponse:
    return render(request, template, client_context(request, client, **extra), status=status)


def offered_measure(settings: OutcomeSettings, key: str) -> Measure:
    """The measure if this service offers it, else 404."""
    measure = measures.CURRENT.get(key)
    if measure is None or measure not in offered_measures(settings):
        raise Http404
    return measure


def reading_form(request_data, *, measure: Measure, settings: OutcomeSettings, labels=None, tablet=False, **kwargs):
    """The reading form for this measure with the service's parts: ReQoL-10 wording, life areas."""
    options = {}
    if measure.key == "reqol10":
        options["item_texts"] = settings.reqol_items
    if measure.kind == Kind.LIFE_AREAS:
        source = labels or {
            "areas": settings.areas,
            "scale": [1, settings.area_scale_max],
            "stages": settings.stages,
        }
        options.update(areas=source["areas"], scale_max=source["scale"][1], stages=source.get("stages", []))
    return ReadingForm(request_data, measure=measure, tablet=tablet, **options, **kwargs)


def copyright_line(settings: OutcomeSettings, measure: Measure) -> str:
    if measure.key == "reqol10" and settings.reqol_copyright:
        return settings.reqol_copyright
    return measure.copyright
