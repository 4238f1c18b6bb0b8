"""The health check answers before host validation and the HTTPS redirect.

Load balancers and the compose healthcheck call it by IP address over plain HTTP, which
ALLOWED_HOSTS and SECURE_SSL_REDIRECT would otherwise refuse. It reveals nothing but
whether the database answers.
"""

from __future__ import annotations

HEALTH_PATH = "/healthz"


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == HEALTH_PATH:
            from recovery.core.views import healthz

            return healthz(request)
        return self.get_response(request)
