"""Root URLs. Each domain app adds its own ``urls.py`` with an ``app_name`` as it lands."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

# The admin signs in through allauth, so rate limits and MFA apply there too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Recovery administration"
admin.site.site_title = "Recovery administration"

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("recovery.core.urls")),
    path("", include("clients.urls")),
    path("", include("plans.urls")),
    path("", include("risk.urls")),
    path("", include("recovery.reminders.urls")),
    path("", include("outcomes.urls")),
    path("", include("activities.urls")),
    path("", include("recovery.reports.urls")),
]
