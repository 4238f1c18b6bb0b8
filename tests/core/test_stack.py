"""Embedded services for a newcomer's laptop (``recovery/devservices.py``).

Only Redis is started here: it is fast. Starting the embedded PostgreSQL is covered by
``make smoke``, which runs the whole embedded stack end to end.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest
import redis

from recovery import devservices


@pytest.fixture
def started() -> Iterator[list[devservices.EmbeddedServices]]:
    """Whatever a test starts is appended here and stopped afterwards, even on failure."""
    services: list[devservices.EmbeddedServices] = []
    yield services
    for each in services:
        each.stop()


def test_it_starts_nothing_when_both_urls_are_set(started):
    services = devservices.ensure_services(
        {"DATABASE_URL": "postgres://recovery@db.invalid/recovery", "REDIS_URL": "redis://redis.invalid:6379/0"}
    )
    started.append(services)

    assert services.env == {}
    assert (services._redis, services._postgres) == (None, None)


def test_it_starts_an_embedded_redis_that_answers_ping(started):
    url, process = devservices.start_redis()
    started.append(devservices.EmbeddedServices(_redis=process))

    assert redis.Redis.from_url(url, socket_timeout=5).ping() is True


def test_it_stops_the_embedded_redis_it_started(started):
    url, process = devservices.start_redis()
    services = devservices.EmbeddedServices(env={"REDIS_URL": url}, _redis=process)
    started.append(services)

    services.stop()

    assert process.poll() is not None
    with pytest.raises(redis.ConnectionError):
        redis.Redis.from_url(url, socket_timeout=2).ping()


def test_it_starts_only_redis_when_only_the_redis_url_is_missing(started):
    services = devservices.ensure_services({"DATABASE_URL": "postgres://recovery@db.invalid/recovery"})
    started.append(services)

    assert list(services.env) == ["REDIS_URL"]
    assert isinstance(services._redis, subprocess.Popen)
    assert services._postgres is None
    assert redis.Redis.from_url(services.env["REDIS_URL"], socket_timeout=5).ping() is True
