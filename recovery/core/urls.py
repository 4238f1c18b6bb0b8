from django.urls import path

from recovery.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("system/status/", views.status, name="system_status"),
    path("healthz", views.healthz, name="healthz"),
]
