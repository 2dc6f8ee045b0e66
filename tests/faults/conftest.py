"""The fault suite's stack: its own PostgreSQL, Redis, two Celery workers, gunicorn and a
driver process, all on free ports under one temporary folder (see ``servers.py``).

The suite runs when DATABASE_URL is PostgreSQL and CELERY_BROKER_URL is set (``.ci/run``), or
with FAULTS=1; otherwise its tests are skipped with the reason. It never uses those two URLs:
they only say "this is the real-services run".
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
import requests

from tests.faults import servers

ARTIFACTS = Path("test-artifacts") / "faults"


def skip_reason() -> str | None:
    wanted = os.environ.get("FAULTS") == "1" or (
        os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
        and bool(os.environ.get("CELERY_BROKER_URL"))
    )
    if not wanted:
        return "fault suite: needs DATABASE_URL=postgres://… and CELERY_BROKER_URL (or FAULTS=1)"
    missing = servers.missing_tools()
    if missing:
        return f"fault suite: missing {', '.join(missing)}"
    return None


def pytest_collection_modifyitems(config, items):
    reason = skip_reason()
    if reason is None:
        return
    for item in items:
        if item.get_closest_marker("faults"):
            item.add_marker(pytest.mark.skip(reason=reason))


class Driver:
    """The driver process (``driver.py``): ``driver("cmd", **args)`` → its answer."""

    def __init__(self, env: dict[str, str], folder: Path):
        self.env, self.folder = env, folder
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.faults.driver"],
            cwd=servers.ROOT,
            env=self.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=open(self.folder / "driver.log", "ab"),  # noqa: SIM115
            text=True,
            bufsize=1,
        )
        assert json.loads(self.process.stdout.readline()) == {"ready": True}

    def __call__(self, cmd: str, **args):
        answer = self.call(cmd, **args)
        if "error" in answer:
            raise AssertionError(f"driver {cmd}: {answer['error']}\n{answer['trace']}")
        return answer["ok"]

    def call(self, cmd: str, **args) -> dict:
        self.process.stdin.write(json.dumps({"cmd": cmd, "args": args}) + "\n")
        return json.loads(self.process.stdout.readline())

    def stop(self) -> None:
        self.process.stdin.close()
        self.process.wait(15)


class Traffic:
    """Requests against gunicorn while a fault runs: the home page and signups (each signup
    commits a user and queues its confirmation e-mail through the outbox)."""

    def __init__(self, base_url: str, prefix: str):
        self.base_url, self.prefix = base_url, prefix
        self.results: list[tuple[str, int, float]] = []
        self.signups: dict[str, int] = {}  # e-mail → status of its signup POST
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._n = 0

    def __enter__(self) -> Traffic:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(30)

    def _timed(self, name: str, call) -> requests.Response | None:
        start = time.monotonic()
        try:
            response = call()
            status = response.status_code
        except requests.RequestException:
            response, status = None, 0  # no answer within the client timeout
        self.results.append((name, status, time.monotonic() - start))
        return response

    def _run(self) -> None:
        while not self._stop.is_set():
            self._visit(requests.Session())
            self._stop.wait(0.2)

    def _visit(self, session: requests.Session) -> None:
        signup = self.base_url + "/compte/signup/"
        self._timed("GET /", lambda: session.get(self.base_url + "/", timeout=10))
        page = self._timed("GET signup", lambda: session.get(signup, timeout=10))
        if page is None or page.status_code != 200:
            return
        self._n += 1
        data = {
            "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
            "email": f"{self.prefix}-{self._n}@faults.test",
            "password1": "Correct-Horse-Battery-9",
            "password2": "Correct-Horse-Battery-9",
            "last_name": "Durand",
            "first_name": "Alice",
        }
        answer = self._timed(
            "POST signup",
            lambda: session.post(
                signup, data=data, timeout=10, allow_redirects=False, headers={"Referer": signup}
            ),
        )
        self.signups[data["email"]] = answer.status_code if answer is not None else 0

    def problems(self) -> list[str]:
        return [
            f"{name}: {'no answer' if status == 0 else status} in {seconds:.1f} s"
            for name, status, seconds in self.results
            if status == 0 or status >= 500 or seconds > 5
        ]


class Stack:
    def __init__(self, folder: Path):
        self.folder = folder
        self.media = folder / "media"
        self.media.mkdir()
        self.marks = folder / "marks"
        self.marks.mkdir()
        self.mail_file = folder / "mail.jsonl"
        self.pg = servers.Postgres(folder)
        self.redis = servers.Redis(folder)
        self.http_port = servers.free_port()
        self.base_url = f"http://127.0.0.1:{self.http_port}"
        self.workers: dict[str, servers.Process] = {}

    @property
    def env(self) -> dict[str, str]:
        environ = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_URL", "CELERY_", "CACHE_URL", "EMAIL_"))
        }
        environ.update(
            DJANGO_ENV="development",
            DJANGO_SETTINGS_MODULE="tests.faults.settings_faults",
            DATABASE_URL=self.pg.url,
            CELERY_BROKER_URL=self.redis.url,
            FAULTS_MAIL_FILE=str(self.mail_file),
            FAULTS_MEDIA_ROOT=str(self.media),
            FAULTS_MARK_DIR=str(self.marks),
            PYTHONPATH=str(servers.ROOT),
        )
        return environ

    def up(self) -> None:
        self.pg.init()
        self.redis.start()
        migrate = subprocess.Popen(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=servers.ROOT,
            env=self.env,
            stdout=open(self.folder / "migrate.log", "ab"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )
        for name in ("w1", "w2"):
            self.start_worker(name, wait=False)
        # Django boots in gunicorn and the driver while the schema is created (no query yet)
        self.gunicorn = servers.gunicorn(self.http_port, self.env, self.folder)
        self.gunicorn.start()
        self.driver = Driver(self.env, self.folder)
        if migrate.wait(300) != 0:
            raise RuntimeError((self.folder / "migrate.log").read_text()[-3000:])
        for name in self.workers:
            self.wait_worker(name)
        servers.wait_for(lambda: servers.port_open(self.http_port), 60, "gunicorn")
        # the first request of each gunicorn worker compiles URLs and templates: not a fault
        for _ in range(6):
            for path in ("/", "/compte/signup/"):
                requests.get(self.base_url + path, timeout=60)

    def start_worker(self, name: str, wait: bool = True) -> None:
        (self.marks / f"ready-{name}@faults").unlink(missing_ok=True)
        self.workers[name] = servers.worker(name, self.env, self.folder)
        self.workers[name].start()
        if wait:
            self.wait_worker(name)

    def wait_workers(self) -> None:
        for name in self.workers:
            self.wait_worker(name)

    def wait_worker(self, name: str) -> float:
        return servers.wait_for(
            lambda: (self.marks / f"ready-{name}@faults").exists(), 90, f"worker {name}"
        )

    def slow(self, **steps: float) -> None:
        """Pause the named steps (see ``hooks.py``); ``slow()`` removes every pause."""
        for marker in self.marks.glob("*.*.*"):
            if not marker.name.startswith("ready-"):
                marker.unlink()
        target = self.marks / "slow.json"
        if steps:
            target.write_text(json.dumps(steps))
        else:
            target.unlink(missing_ok=True)

    def wait_mark(self, step: str, count: int = 1, timeout: float = 60) -> float:
        return servers.wait_for(
            lambda: len(list(self.marks.glob(f"{step}.*"))) >= count, timeout, f"step {step}"
        )

    def mails(self) -> list[dict]:
        if not self.mail_file.exists():
            return []
        return [json.loads(line) for line in self.mail_file.read_text().splitlines() if line]

    def down(self) -> None:
        for process in [*self.workers.values(), getattr(self, "gunicorn", None)]:
            if process is not None:
                process.stop()
        if hasattr(self, "driver"):
            self.driver.stop()
        self.redis.stop()
        with contextlib.suppress(subprocess.CalledProcessError):
            self.pg.stop("immediate")


@pytest.fixture(scope="session")
def stack():
    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    folder = Path(tempfile.mkdtemp(prefix="cnm-faults-"))
    folder.chmod(0o755)
    stack = Stack(folder)
    try:
        stack.up()
        yield stack
    finally:
        subprocess.run(["chattr", "-R", "-i", str(stack.media)], capture_output=True)  # noqa: S603,S607
        stack.down()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for log in folder.glob("*.log"):
            shutil.copy(log, ARTIFACTS / log.name)
        shutil.copy(stack.pg.folder / "log", ARTIFACTS / "postgresql.log")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def fault_row(request):
    """``fault_row(fault=…, work=…, recovered=…, lost=…, doubled=…)`` for the summary table."""

    def record(**row) -> None:
        request.node.user_properties.append(("fault_row", json.dumps(row)))

    return record
