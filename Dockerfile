# Production image: gunicorn web, Celery worker and beat all run from it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core procps \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 recovery
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY --chown=recovery:recovery . .
# Collect with the production storage (hashed, compressed names in a manifest); nothing connects.
RUN DEBUG=0 SECRET_KEY=build-only-not-secret ALLOWED_HOSTS=localhost DATABASE_URL=postgres://build@localhost/build \
    REDIS_URL=redis://localhost:6379/0 python manage.py collectstatic --noinput \
    && mkdir -p /data/media && chown recovery:recovery /data/media
USER recovery
EXPOSE 8000
CMD ["gunicorn", "recovery.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
