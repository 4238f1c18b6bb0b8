"""The production image (Dockerfile) against what compose and the settings expect of it."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from tests.deploy.helpers import clean_env, production_env, run_python

ROOT = Path(settings.BASE_DIR)
PRINT_STATIC_STORAGE = "from django.conf import settings; print(settings.STORAGES['staticfiles']['BACKEND'])"
# Commands a healthcheck might use that python:*-slim images do not have, and their packages.
NOT_IN_SLIM_IMAGES = {"pgrep": "procps", "pkill": "procps", "ps": "procps", "curl": "curl", "wget": "wget"}


@pytest.fixture(scope="module")
def run_lines() -> list[str]:
    """Each RUN instruction as one line (continuations joined)."""
    text = re.sub(r"\\\n\s*", " ", (ROOT / "Dockerfile").read_text())
    return [line.strip()[4:] for line in text.splitlines() if line.strip().startswith("RUN ")]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_it_collects_static_files_for_the_storage_production_serves_them_from(run_lines):
    collect = next(line for line in run_lines if "collectstatic" in line)
    build_env = dict(word.split("=", 1) for word in shlex.split(collect) if re.match(r"^[A-Z_]+=", word))

    at_build = run_python("-c", PRINT_STATIC_STORAGE, env=clean_env(**build_env))
    at_run = run_python("-c", PRINT_STATIC_STORAGE, env=production_env())

    assert at_build.returncode == at_run.returncode == 0, at_build.stderr + at_run.stderr
    assert at_build.stdout == at_run.stdout


def test_it_installs_the_commands_the_healthchecks_use(compose, run_lines):
    installed = " ".join(line for line in run_lines if "apt-get install" in line).split()
    needed = {}
    for name, service in compose["services"].items():
        if "build" not in service:  # an image of its own (postgres, redis)
            continue
        test = (service.get("healthcheck") or {}).get("test") or []
        words = re.split(r"[\s'\"|;&]+", " ".join(test) if isinstance(test, list) else test)
        needed |= {f"{name}: {word}": NOT_IN_SLIM_IMAGES[word] for word in words if word in NOT_IN_SLIM_IMAGES}

    assert {command: package for command, package in needed.items() if package not in installed} == {}


def test_it_lets_the_app_user_write_uploads_to_the_media_volume(compose, run_lines):
    media_root = compose["services"]["web"]["environment"]["MEDIA_ROOT"]

    # A new named volume takes the owner of the image's directory at its mount point;
    # without one it belongs to root and the app's user cannot save an upload.
    assert any(media_root in line and ("chown" in line or " -o " in line) for line in run_lines)
