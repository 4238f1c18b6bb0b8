"""Every plans URL, what it is about, its methods and whether it writes: for the access matrix and CSP checks."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Url:
    name: str
    target: str  # which object of the world the URL is about
    methods: tuple[str, ...]
    writes: bool


URLS = [
    Url("client_plans", "client", ("GET",), False),
    Url("plan_start", "client", ("GET", "POST"), True),
    Url("plan_detail", "agreed", ("GET",), False),
    Url("plan_edit", "draft", ("GET", "POST"), True),
    Url("plan_agree", "draft", ("GET", "POST"), True),
    Url("plan_sign_off", "agreed", ("POST",), True),
    Url("plan_new_version", "agreed", ("POST",), True),
    Url("plan_discard", "draft", ("POST",), True),
    Url("plan_pdf", "agreed", ("GET",), False),
    Url("plan_review", "agreed", ("GET", "POST"), True),
    Url("goal_add", "draft", ("GET", "POST"), True),
    Url("goal_edit", "draft_goal", ("GET", "POST"), True),
    Url("step_add", "draft_goal", ("GET", "POST"), True),
    Url("step_edit", "draft_step", ("GET", "POST"), True),
    Url("step_status", "agreed_step", ("POST",), True),
    Url("wrap", "client", ("GET",), False),
    Url("wrap_edit", "client", ("GET", "POST"), True),
    Url("wrap_pdf", "client", ("GET",), False),
    Url("safety_plan", "client", ("GET",), False),
    Url("safety_plan_edit", "client", ("GET", "POST"), True),
    Url("safety_plan_pdf", "client", ("GET",), False),
    Url("signs", "client", ("GET",), False),
    Url("sign_add", "client", ("POST",), True),
    Url("signature_edit", "client", ("GET", "POST"), True),
    Url("sign_archive", "sign", ("POST",), True),
]
READS = [url for url in URLS if not url.writes]
WRITES = [url for url in URLS if url.writes]
IDS = [url.name for url in URLS]


def url_for(url: Url, world) -> str:
    code = world["client"].code
    target = world[url.target]
    if url.target == "client":
        args = [code]
    elif url.target in ("agreed", "draft"):
        args = [code, target.code]
    elif url.target == "draft_goal" or url.target == "draft_step":
        args = [code, world["draft"].code, target.code]
    elif url.target == "agreed_step":
        args = [code, world["agreed"].code, target.code]
    else:
        args = [code, target.code]
    return reverse(f"plans:{url.name}", args=args)
