"""The Content Security Policy and the pages it has to allow.

The policy forbids inline script and inline style, so a page with a <script> block, an
on*="" handler or a style="" attribute is broken in the browser (silently: the browser
only logs it). Each foundation page is checked here as HTML.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse


class _InlineCode(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style> block")
        self.found += [f'<{tag} {name}="...">' for name in names if name == "style" or name.startswith("on")]


def _inline_code(html: str) -> list[str]:
    parser = _InlineCode()
    parser.feed(html)
    return parser.found


def _csp(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


def test_it_allows_scripts_and_styles_from_our_own_origin_only(client, db):
    policy = _csp(client.get(reverse("account_login")))

    assert (policy["script-src"], policy["style-src"]) == (["'self'"], ["'self'"])


def test_it_allows_no_unsafe_sources_anywhere(client, db):
    policy = _csp(client.get(reverse("account_login")))

    assert [(name, value) for name, values in policy.items() for value in values if "unsafe" in value] == []


def test_it_forbids_framing(client, db):
    response = client.get(reverse("account_login"))

    assert _csp(response)["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    ("who", "url_name"),
    [
        (None, "account_login"),
        ("worker", "home"),
        ("administrator", "home"),  # sent on to set up an authenticator app
        ("mfa_administrator", "system_status"),
    ],
)
def test_it_serves_pages_without_inline_script_or_style(client, client_for, request, who, url_name):
    browser = client_for(request.getfixturevalue(who)) if who else client

    response = browser.get(reverse(url_name), follow=True)

    assert response.status_code == 200
    assert _inline_code(response.content.decode()) == []


def test_it_serves_the_404_page_without_inline_script_or_style(client_for, worker):
    response = client_for(worker).get("/no-such-page/")

    assert _inline_code(response.content.decode()) == []
