"""docker-compose.yml and Procfile: the pieces a deployment needs are all there.

The compose file is read as Compose would read it: YAML merge keys (``<<: *defaults``)
and ``x-`` extension blocks are resolved by the YAML loader, ``environment`` may be a
mapping or a list of KEY=VALUE, and ``env_file`` entries add to it.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from django.conf import settings
from django.test import Client

ROOT = Path(settings.BASE_DIR)
APP_SERVICES = ["web", "worker", "beat"]
REQUIRED_ENV = ["DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS"]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _env_file_values(entry) -> dict[str, str]:
    path = entry["path"] if isinstance(entry, dict) else entry
    values = {}
    for line in (ROOT / path).read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            name, _, value = line.removeprefix("export ").partition("=")
            values[name.strip()] = value.strip()
    return values


def _environment(service: dict) -> dict[str, str | None]:
    env: dict[str, str | None] = {}
    env_files = service.get("env_file") or []
    for entry in [env_files] if isinstance(env_files, str | dict) else env_files:
        env.update(_env_file_values(entry))
    declared = service.get("environment") or {}
    if isinstance(declared, dict):
        env.update({name: None if value is None else str(value) for name, value in declared.items()})
    else:
        for item in declared:
            name, sep, value = item.partition("=")
            env[name] = value if sep else None
    return env


def _volume_mounts(service: dict) -> list[tuple[str, str]]:
    """(source, target) of each volume, from the short or the long syntax."""
    mounts = []
    for volume in service.get("volumes") or []:
        if isinstance(volume, dict):
            mounts.append((str(volume.get("source", "")), str(volume["target"])))
        else:
            source, _, rest = volume.partition(":")
            mounts.append((source, rest.split(":")[0]) if rest else ("", source))
    return mounts


def test_it_defines_the_web_worker_beat_db_and_redis_services(compose):
    assert {"web", "worker", "beat", "db", "redis"} <= set(compose["services"])


@pytest.mark.parametrize(("service", "image"), [("db", "postgres:15"), ("redis", "redis:7")])
def test_it_runs_the_supported_database_and_broker_versions(compose, service, image):
    assert compose["services"][service]["image"].startswith(image)


@pytest.mark.parametrize("service", APP_SERVICES)
def test_it_gives_each_app_process_the_settings_production_requires(compose, service):
    env = _environment(compose["services"][service])

    assert [name for name in REQUIRED_ENV if name not in env] == []


def test_it_gives_every_service_a_healthcheck(compose):
    without = [name for name, service in compose["services"].items() if not service.get("healthcheck")]

    assert without == []


def _command(service: dict) -> str:
    command = service.get("command") or ""
    return " ".join(command) if isinstance(command, list) else command


def _celery_workers(compose: dict) -> list[str]:
    return [
        name
        for name, service in compose["services"].items()
        if "celery" in _command(service) and " worker" in _command(service)
    ]


def _queues(command: str) -> set[str]:
    words = command.split()
    for flag in ("-Q", "--queues"):
        if flag in words:
            return set(words[words.index(flag) + 1].split(","))
    return {"celery"}  # Celery's own default when no queue is named


def test_it_runs_a_worker_for_every_queue_tasks_are_sent_to(compose):
    queues_sent_to = {settings.CELERY_TASK_DEFAULT_QUEUE} | {
        route["queue"] for route in settings.CELERY_TASK_ROUTES.values()
    }
    consumed = set().union(*(_queues(_command(compose["services"][name])) for name in _celery_workers(compose)))

    assert queues_sent_to - consumed == set()


@pytest.mark.parametrize("service", ["web", "worker"])
def test_it_keeps_uploaded_files_on_a_named_volume(compose, service):
    definition = compose["services"][service]
    media_root = _environment(definition).get("MEDIA_ROOT")
    assert media_root, f"{service}: set MEDIA_ROOT so the uploads volume has a known mount point"

    sources = [source for source, target in _volume_mounts(definition) if target.rstrip("/") == media_root.rstrip("/")]

    assert sources, f"{service}: nothing is mounted at MEDIA_ROOT ({media_root})"
    assert sources[0] in (compose.get("volumes") or {}), f"{service}: {sources[0]!r} is not a named volume"


def test_it_shares_one_uploads_volume_between_web_and_every_worker(compose):
    def uploads(service: str) -> set[str]:
        definition = compose["services"][service]
        media_root = (_environment(definition).get("MEDIA_ROOT") or "").rstrip("/")
        return {source for source, target in _volume_mounts(definition) if target.rstrip("/") == media_root}

    web = uploads("web")

    assert web
    assert {name: uploads(name) for name in _celery_workers(compose)} == dict.fromkeys(_celery_workers(compose), web)


def _procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return {
        name.strip(): command.strip()
        for name, _, command in (line.partition(":") for line in lines if line.strip() and not line.startswith("#"))
    }


def test_it_lists_web_worker_and_beat_in_the_procfile():
    assert {"web", "worker", "beat"} <= _procfile().keys()


def test_it_runs_a_procfile_worker_for_every_queue_tasks_are_sent_to():
    queues_sent_to = {settings.CELERY_TASK_DEFAULT_QUEUE} | {
        route["queue"] for route in settings.CELERY_TASK_ROUTES.values()
    }
    workers = [command for command in _procfile().values() if "celery" in command and " worker" in command]

    assert queues_sent_to - set().union(*(_queues(command) for command in workers)) == set()


def test_it_answers_the_web_healthcheck_as_production_is_configured(compose, settings, db):
    test = compose["services"]["web"]["healthcheck"]["test"]
    url = urlsplit(re.search(r"https?://[^'\"\s)]+", " ".join(test) if isinstance(test, list) else test).group())
    settings.ALLOWED_HOSTS = ["recovery.example.org"]
    settings.SECURE_SSL_REDIRECT = True  # production's default

    response = Client().get(url.path, HTTP_HOST=url.netloc, secure=url.scheme == "https")

    assert response.status_code == 200
