from django.urls import path

from recovery.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("system/status/", views.status, name="system_status"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("notifications/<uuid:code>/", views.notification_open, name="notification_open"),
    path("healthz", views.healthz, name="healthz"),
]
