"""Template context shared by every page: the navigation the user's roles allow."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from recovery.accounts.access import scope_for
from recovery.core import registries


def navigation_items(user, current_path: str) -> list[dict]:
    scope = scope_for(user)
    items = []
    for item in sorted(registries.navigation, key=lambda entry: (entry.order, entry.key)):
        if not item.visible(scope):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        badge = item.badge(user) if item.badge is not None else 0
        items.append(
            {
                "key": item.key,
                "label": item.label,
                "url": url,
                "current": False,
                "badge": badge,
                "badge_label": item.badge_label,
            }
        )
    # Only the longest matching link is current: /caseload/team/ is "Team caseload", not "My caseload".
    matches = [
        entry
        for entry in items
        if current_path == entry["url"] or (entry["url"] != "/" and current_path.startswith(entry["url"]))
    ]
    if matches:
        max(matches, key=lambda entry: len(entry["url"]))["current"] = True
    return items


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": navigation_items(user, request.path)}
