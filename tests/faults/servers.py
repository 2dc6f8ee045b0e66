"""Throw-away services of the fault suite: PostgreSQL, Redis, Celery workers, gunicorn.

Every server runs from the machine's binaries on a free port with its data under one temporary
folder; the machine's own services (5432, 6379) are never touched. As root, PostgreSQL runs as
the ``postgres`` OS user (``runuser``), which owns its folder.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _pg_bin() -> Path:
    """FAULTS_PG_BIN, else the newest /usr/lib/postgresql/<version>/bin (Debian layout)."""
    if os.environ.get("FAULTS_PG_BIN"):
        return Path(os.environ["FAULTS_PG_BIN"])
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
    )
    return versions[-1].parent if versions else Path("/usr/lib/postgresql/15/bin")


PG_BIN = _pg_bin()
VENV_BIN = Path(sys.executable).parent


def missing_tools() -> list[str]:
    tools = [PG_BIN / "initdb", PG_BIN / "pg_ctl", shutil.which("redis-server") or "redis-server"]
    missing = [str(tool) for tool in tools if not Path(tool).exists()]
    if not shutil.which("chattr"):
        missing.append("chattr (e2fsprogs)")
    if not (VENV_BIN / "celery").exists():
        missing.append(str(VENV_BIN / "celery"))
    if not (VENV_BIN / "gunicorn").exists():
        missing.append(str(VENV_BIN / "gunicorn"))
    return missing


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout: float, what: str, step: float = 0.1) -> float:
    """Poll ``predicate`` until true; the seconds it took. Raises after ``timeout``."""
    start = time.monotonic()
    while True:
        if predicate():
            return time.monotonic() - start
        if time.monotonic() - start > timeout:
            raise TimeoutError(f"{what}: not reached after {timeout:.0f} s")
        time.sleep(step)


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _as_postgres() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


class Postgres:
    def __init__(self, folder: Path):
        self.folder = folder / "pg"
        self.folder.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self.data = self.folder / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/cnm_faults"

    def _run(self, *args: str) -> None:
        subprocess.run([*_as_postgres(), *args], check=True, capture_output=True, timeout=60)  # noqa: S603

    def init(self) -> None:
        self._run(
            str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
            "-E", "UTF8", "--no-sync",
        )  # fmt: skip
        self.start()
        subprocess.run(  # noqa: S603
            [str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
             "cnm_faults"],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
        )
        self._run(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options,
            "-l", str(self.folder / "log"), "-w", "-t", "30", "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def restart(self) -> None:
        """Stop (fast: sessions are cut) and start again, as an administrator or a crash would.
        Not ``pg_ctl restart``: without ``-l`` the new server would inherit our pipes."""
        self.stop("fast")
        self.start()


class Redis:
    def __init__(self, folder: Path):
        self.folder = folder / "redis"
        self.folder.mkdir()
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port),
             "--bind", "127.0.0.1", "--dir", str(self.folder), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(lambda: port_open(self.port), 15, "redis")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(10)
        self.process = None

    def pause(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)


class Process:
    """A child process in its own group (killed as a whole), its output in a log file."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], folder: Path):
        self.name, self.args, self.env = name, args, env
        self.log = folder / f"{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(  # noqa: S603
                self.args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def kill(self) -> None:
        """SIGKILL to the whole group (a Celery worker's main process and its pool children)."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()

    def tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def worker(name: str, env: dict[str, str], folder: Path) -> Process:
    return Process(
        name,
        [str(VENV_BIN / "celery"), "-A", "tests.faults.celery_app", "worker", "-P", "prefork",
         "-c", "1", "-n", f"{name}@faults", "--without-gossip", "--without-mingle",
         "--without-heartbeat", "-l", "WARNING"],
        env, folder,
    )  # fmt: skip


def gunicorn(port: int, env: dict[str, str], folder: Path) -> Process:
    return Process(
        "gunicorn",
        [str(VENV_BIN / "gunicorn"), "cnm_portal.wsgi:application", "-b", f"127.0.0.1:{port}",
         "-w", "2", "--timeout", "30", "--graceful-timeout", "5"],
        env, folder,
    )  # fmt: skip
