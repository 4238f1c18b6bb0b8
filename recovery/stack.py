"""Run the whole stack, or one command, with the services it needs.

    python -m recovery.stack run [--port 8000]   # make run
    python -m recovery.stack exec -- CMD ...     # make test (wraps pytest and checks)
    python -m recovery.stack smoke               # make smoke

Where ``DATABASE_URL`` / ``REDIS_URL`` are unset, embedded PostgreSQL and Redis are
started first (``recovery/devservices.py``) and stopped again on exit, together with
every process this script started, so Ctrl-C leaves nothing running.

Deliberately free of Django imports: it runs before the database exists.
"""

from __future__ import annotations

import argparse
import contextlib
import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from recovery.devservices import BASE_DIR, _free_port, ensure_services

PYTHON = sys.executable


def _child_env(extra: dict[str, str]) -> dict[str, str]:
    """The environment for child processes. Importing this package set DJANGO_SETTINGS_MODULE
    to its default (recovery/celery.py does); drop that default so pytest's own setting (the test
    settings) applies. manage.py and Celery set the same default again themselves."""
    env = {**os.environ, **extra}
    if env.get("DJANGO_SETTINGS_MODULE") == "recovery.settings":
        del env["DJANGO_SETTINGS_MODULE"]
    return env


class _Stop(Exception):
    """Raised by the SIGINT/SIGTERM handler to unwind and clean up."""


def _raise_stop(signum, frame):
    raise _Stop


def _manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def _start(name: str, command: list[str], env: dict[str, str]) -> tuple[str, subprocess.Popen]:
    # A session of its own per child, so stopping it stops its children too
    # (runserver's reloader, Celery's pool processes).
    return name, subprocess.Popen(command, cwd=BASE_DIR, env=env, start_new_session=True)


def _stop_all(processes: list[tuple[str, subprocess.Popen]]) -> None:
    for _, process in processes:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    for _, process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _demo_logins(env: dict[str, str]) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", "seed_demo", "--logins-only"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip()


def run(port: int, *, seed: bool = True) -> int:
    signal.signal(signal.SIGINT, _raise_stop)
    signal.signal(signal.SIGTERM, _raise_stop)
    services = ensure_services()
    processes: list[tuple[str, subprocess.Popen]] = []
    try:
        env = _child_env(services.env)
        env.setdefault("DEBUG", "1")
        _manage("migrate", "--noinput", env=env)
        if seed:
            _manage("seed_demo", env=env)
        _manage("install_schedule", env=env)
        processes = [
            _start("web", [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"], env),
            _start(
                "worker",
                [
                    PYTHON,
                    "-m",
                    "celery",
                    "-A",
                    "recovery",
                    "worker",
                    "-Q",
                    "default,reports",
                    "--concurrency",
                    "2",
                    "--loglevel",
                    "INFO",
                ],
                env,
            ),
            _start(
                "beat",
                [
                    PYTHON,
                    "-m",
                    "celery",
                    "-A",
                    "recovery",
                    "beat",
                    "--loglevel",
                    "INFO",
                    "--scheduler",
                    "django_celery_beat.schedulers:DatabaseScheduler",
                ],
                env,
            ),
        ]
        print(
            f"\n  Recovery is running at http://127.0.0.1:{port}/\n\n{_demo_logins(env)}\n\n"
            "  Press Ctrl-C to stop the web server, worker, beat and any embedded database and Redis.\n",
            flush=True,
        )
        while True:
            for name, process in processes:
                if process.poll() is not None:
                    print(f"{name} stopped (exit {process.returncode}); stopping everything.", file=sys.stderr)
                    return 1
            time.sleep(0.5)
    except _Stop:
        print("\nStopping…", flush=True)
        return 0
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        _stop_all(processes)
        services.stop()


def exec_command(command: list[str]) -> int:
    services = ensure_services()
    try:
        return subprocess.run(command, cwd=BASE_DIR, env=_child_env(services.env), check=False).returncode
    finally:
        services.stop()


def _wait_for(url: str, deadline_seconds: float, stack: subprocess.Popen) -> None:
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        if stack.poll() is not None:
            raise RuntimeError(f"the stack exited early with code {stack.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError(f"{url} did not answer 200 within {deadline_seconds:.0f}s")


def _log_in(base_url: str, email: str, password: str) -> str:
    """Sign in over HTTP like a browser and return the home page's HTML."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login_url = f"{base_url}/accounts/login/"
    opener.open(login_url, timeout=10).read()
    token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    body = urllib.parse.urlencode({"login": email, "password": password, "csrfmiddlewaretoken": token}).encode()
    request = urllib.request.Request(login_url, data=body, headers={"Referer": login_url})  # noqa: S310
    with opener.open(request, timeout=20) as response:
        if response.url.rstrip("/") != base_url:
            raise RuntimeError(f"signing in as {email} did not reach the home page (ended at {response.url})")
        return response.read().decode()


def _running_processes_under(path: Path) -> list[str]:
    import psutil

    found = []
    for process in psutil.process_iter(attrs=["pid", "cmdline"]):
        cmdline = " ".join(process.info["cmdline"] or [])
        if str(path) in cmdline:
            found.append(f"{process.info['pid']}: {cmdline[:120]}")
    return found


def smoke() -> int:
    """`make run` on the embedded path, a login over HTTP, then a clean stop."""
    with tempfile.TemporaryDirectory(prefix="recovery-smoke-") as data_dir:
        os.chmod(data_dir, 0o755)  # noqa: S103 - embedded PostgreSQL runs as its own system user and must reach it
        env = {key: value for key, value in _child_env({}).items() if key not in ("DATABASE_URL", "REDIS_URL")}
        env["RECOVERY_DATA_DIR"] = data_dir
        port = _free_port(8765)
        stack = subprocess.Popen(
            [PYTHON, "-m", "recovery.stack", "run", "--port", str(port)],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        output: list[str] = []
        try:
            _wait_for(f"http://127.0.0.1:{port}/accounts/login/", 300, stack)
            worker_email = "worker@demo.recovery.example"
            html = _log_in(
                f"http://127.0.0.1:{port}", worker_email, os.environ.get("DEMO_PASSWORD", "recovery-demo-2026")
            )
            if not re.search(r"Hello,", html):
                raise RuntimeError("the home page did not greet the demo worker")
            print(f"smoke: login page answered 200 and {worker_email} signed in over HTTP", flush=True)
        finally:
            if stack.poll() is None:
                stack.send_signal(signal.SIGINT)
            try:
                remaining, _ = stack.communicate(timeout=60)
                output.append(remaining or "")
            except subprocess.TimeoutExpired:
                stack.kill()
                output.append("the stack did not stop within 60s of Ctrl-C")
            if stack.returncode not in (0, None):
                print("".join(output)[-6000:], file=sys.stderr)
        time.sleep(1)
        leftovers = _running_processes_under(Path(data_dir))
        if leftovers:
            print("smoke: processes left running after Ctrl-C:\n" + "\n".join(leftovers), file=sys.stderr)
            return 1
        if stack.returncode != 0:
            print(f"smoke: the stack exited with {stack.returncode}", file=sys.stderr)
            return 1
        print("smoke: stack stopped cleanly, nothing left running", flush=True)
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m recovery.stack", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser("run", help="web + worker + beat, with embedded services when needed")
    run_parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    run_parser.add_argument("--no-seed", action="store_true", help="skip seed_demo")
    exec_parser = sub.add_parser("exec", help="run one command with the services it needs")
    exec_parser.add_argument("cmd", nargs=argparse.REMAINDER)
    sub.add_parser("smoke", help="start the embedded stack, sign in over HTTP, stop it")
    args = parser.parse_args(argv)
    if args.command == "run":
        return run(args.port, seed=not args.no_seed)
    if args.command == "exec":
        command = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
        if not command:
            parser.error("exec needs a command after --")
        return exec_command(command)
    return smoke()


if __name__ == "__main__":
    sys.exit(main())
