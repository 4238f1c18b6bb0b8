"""Plans pages carry no inline script or style (the CSP would silently block them)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.plans.matrix import URLS, url_for

PAGES = [url for url in URLS if "GET" in url.methods and not url.name.endswith("_pdf")]


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


@pytest.mark.parametrize("url", PAGES, ids=[url.name for url in PAGES])
def test_it_has_no_inline_script_or_style(url, world, worker, client_for):
    parser = _InlineCode()
    parser.feed(client_for(worker).get(url_for(url, world)).content.decode())

    assert parser.found == []


def test_it_loads_its_script_from_our_own_static_files(world, worker, client_for):
    response = client_for(worker).get(reverse("plans:plan_edit", args=[world["client"].code, world["draft"].code]))

    assert '<script src="/static/js/plans.js" defer></script>' in response.content.decode()
