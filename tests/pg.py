"""A throwaway PostgreSQL server for the tests.

``IPS_TEST_PG_URL`` (an admin URL such as
``postgresql+psycopg://postgres@127.0.0.1:5433/postgres``) points the tests at a running
server. Otherwise, when PostgreSQL's programs are installed, a private cluster is created
with ``initdb`` in a temporary directory and started with ``pg_ctl`` on a free loopback port,
as the ``postgres`` user when the tests run as root (initdb refuses root). Each test gets a
fresh database. Locally the PostgreSQL tests are skipped when no server can be had; under CI
(``CI`` set) that is a failure instead.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path


class PgUnavailable(Exception):
    """No PostgreSQL server could be found or started."""


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PgServer:
    """An admin URL to a server, and the cluster we started (if we did)."""

    def __init__(self) -> None:
        self.admin_url = os.environ.get("IPS_TEST_PG_URL", "")
        self.directory: Path | None = None
        self._as: list[str] = []
        if not self.admin_url:
            self._start()

    def _start(self) -> None:
        initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
        if not initdb or not pg_ctl:
            raise PgUnavailable("PostgreSQL's initdb and pg_ctl are not installed")
        self.directory = Path(tempfile.mkdtemp(prefix="ips-pg-"))
        data, sockets = self.directory / "data", self.directory / "sock"
        sockets.mkdir()
        if os.geteuid() == 0:
            runuser = shutil.which("runuser")
            if runuser is None:
                raise PgUnavailable("running as root and runuser is missing")
            shutil.chown(self.directory, "postgres")
            shutil.chown(sockets, "postgres")
            os.chmod(self.directory, 0o755)
            self._as = [runuser, "-u", "postgres", "--"]
        self.port = _free_port()
        self._run([initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync",
                   "-E", "UTF8"])
        self._run([pg_ctl, "-D", str(data), "-w", "-t", "60", "-l",
                   str(self.directory / "server.log"), "start", "-o",
                   f"-p {self.port} -k {sockets} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c full_page_writes=off"])
        self.pg_ctl, self.data = pg_ctl, data
        self.admin_url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, command: list[str]) -> None:
        done = subprocess.run([*self._as, *command], capture_output=True, text=True,
                              timeout=120)
        if done.returncode != 0:
            raise PgUnavailable(f"{Path(command[0]).name} failed: "
                                f"{(done.stderr or done.stdout).strip()[-300:]}")

    def new_database(self) -> str:
        """Create an empty database and return its SQLAlchemy URL."""
        import psycopg

        name = f"t_{uuid.uuid4().hex[:12]}"
        plain = self.admin_url.replace("postgresql+psycopg://", "postgresql://")
        for attempt in range(20):
            try:
                with psycopg.connect(plain, autocommit=True) as conn:
                    conn.execute(f'CREATE DATABASE "{name}"')
                break
            except psycopg.OperationalError:
                if attempt == 19:
                    raise
                time.sleep(0.25)
        return self.admin_url.rsplit("/", 1)[0] + f"/{name}"

    def stop(self) -> None:
        if self.directory is not None:
            subprocess.run([*self._as, self.pg_ctl, "-D", str(self.data), "-m", "immediate",
                            "stop"], capture_output=True, timeout=60)
            shutil.rmtree(self.directory, ignore_errors=True)
