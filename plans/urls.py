from django.urls import path

from plans.views import goals, plans, reviews, safety, settings, signs, wrap

app_name = "plans"

_plan = "clients/<uuid:code>/plans/<uuid:plan_code>/"

urlpatterns = [
    path("clients/<uuid:code>/plans/", plans.client_plans, name="client_plans"),
    path("clients/<uuid:code>/plans/new/", plans.plan_start, name="plan_start"),
    path(_plan, plans.plan_detail, name="plan_detail"),
    path(f"{_plan}edit/", plans.plan_edit, name="plan_edit"),
    path(f"{_plan}agree/", plans.plan_agree, name="plan_agree"),
    path(f"{_plan}sign-off/", plans.plan_sign_off, name="plan_sign_off"),
    path(f"{_plan}new-version/", plans.plan_new_version, name="plan_new_version"),
    path(f"{_plan}set-aside/", plans.plan_discard, name="plan_discard"),
    path(f"{_plan}client-copy.pdf", plans.plan_pdf, name="plan_pdf"),
    path(f"{_plan}review/", reviews.plan_review, name="plan_review"),
    path(f"{_plan}goals/new/", goals.goal_add, name="goal_add"),
    path(f"{_plan}goals/<uuid:goal_code>/", goals.goal_edit, name="goal_edit"),
    path(f"{_plan}goals/<uuid:goal_code>/steps/new/", goals.step_add, name="step_add"),
    path(f"{_plan}steps/<uuid:step_code>/", goals.step_edit, name="step_edit"),
    path(f"{_plan}steps/<uuid:step_code>/status/", goals.step_status, name="step_status"),
    path("clients/<uuid:code>/plans/wrap/", wrap.wrap_detail, name="wrap"),
    path("clients/<uuid:code>/plans/wrap/edit/", wrap.wrap_edit, name="wrap_edit"),
    path("clients/<uuid:code>/plans/wrap/wrap.pdf", wrap.wrap_pdf, name="wrap_pdf"),
    path("clients/<uuid:code>/plans/safety/", safety.safety_plan_detail, name="safety_plan"),
    path("clients/<uuid:code>/plans/safety/edit/", safety.safety_plan_edit, name="safety_plan_edit"),
    path("clients/<uuid:code>/plans/safety/safety-plan.pdf", safety.safety_plan_pdf, name="safety_plan_pdf"),
    path("clients/<uuid:code>/plans/signs/", signs.signs, name="signs"),
    path("clients/<uuid:code>/plans/signs/add/", signs.sign_add, name="sign_add"),
    path("clients/<uuid:code>/plans/signs/what-helps/", signs.signature_edit, name="signature_edit"),
    path("clients/<uuid:code>/plans/signs/<uuid:sign_code>/archive/", signs.sign_archive, name="sign_archive"),
    path("plans/settings/", settings.settings_list, name="settings_list"),
    path("plans/settings/<uuid:service_code>/", settings.settings_edit, name="settings_edit"),
]
