"""Template tags for the programme half of activities.

``{% ra_status_for session as ra %}`` gives the state of the session's activity's risk
assessment on the session's day. The timetable includes it in every cell, so the first call
reads the facts for every activity of that service in one query and keeps them on the request
(or, without one, on the render context): a week of sessions costs one query, not one per cell.
"""

from __future__ import annotations

from django import template
from django.utils import timezone

from activities.models import Activity
from activities.selectors.risk_assessments import NO_ASSESSMENT, RiskStatus, risk_facts

register = template.Library()


def _cache(context) -> dict:
    request = context.get("request")
    holder = request if request is not None else context.render_context
    if isinstance(holder, dict) or hasattr(holder, "dicts"):
        return holder.setdefault("_activities_ra_facts", {})
    if not hasattr(holder, "_activities_ra_facts"):
        holder._activities_ra_facts = {}
    return holder._activities_ra_facts


@register.simple_tag(takes_context=True)
def ra_status_for(context, session) -> RiskStatus:
    cache = _cache(context)
    service_id = session.activity.service_id
    if service_id not in cache:
        ids = Activity.objects.filter(service_id=service_id).values_list("pk", flat=True)
        cache[service_id] = risk_facts(activity_ids=ids)
    facts = cache[service_id].get(session.activity_id, NO_ASSESSMENT)
    return facts.status_on(timezone.localtime(session.starts_at).date())
