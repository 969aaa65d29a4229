"""A real PostgreSQL server for the tests: `initdb` and `pg_ctl` on a temporary folder, a free loopback port.

One server per test process, started on first use and stopped at exit; each test gets a database of its own
(`pg_url`). Found in PATH, /usr/local/bin or /usr/lib/postgresql/*/bin; without binaries the tests that need
it skip and say why (`.ci/run` installs Debian's `postgresql` package, so CI never skips). PostgreSQL
refuses to run as root: as root the server runs as the `postgres` user the Debian package creates.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

SUPERUSER = "factbot"


def find_bin(name: str) -> str | None:
    """The newest PostgreSQL's `name` (initdb, pg_ctl) on this machine, or None."""
    found = shutil.which(name) or shutil.which(name, path="/usr/local/bin")
    if found:
        return found
    versions = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(Path(p).parts[-3] or 0)
    )
    return versions[-1] if versions else None


def _ctype() -> str:
    """A UTF-8 character class locale: pg_trgm makes trigrams of letters only, and under plain C a Chinese
    character is no letter (no trigrams at all). Sorting stays bytewise (lc-collate C), as SQLite's."""
    try:
        names = subprocess.run(["locale", "-a"], capture_output=True, text=True, check=False).stdout.split()
    except OSError:
        names = []
    return next((n for n in names if n.lower().replace("-", "") in ("c.utf8", "en_us.utf8")), "C")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    """A throwaway cluster: trust authentication on 127.0.0.1 only, no Unix socket, fsync off (tests)."""

    def __init__(self) -> None:
        initdb, pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
        if not initdb or not pg_ctl:
            raise RuntimeError("no PostgreSQL binaries (initdb, pg_ctl) in PATH or /usr/lib/postgresql/*/bin")
        self.pg_ctl = pg_ctl
        self.user: str | None = None
        if os.geteuid() == 0:
            try:
                pw = pwd.getpwnam("postgres")
            except KeyError:
                raise RuntimeError("running as root and no 'postgres' user to run PostgreSQL as") from None
            self.user = "postgres"
            self._ids = (pw.pw_uid, pw.pw_gid)
        self.root = Path(tempfile.mkdtemp(prefix="factbot-pg-"))
        if self.user:
            os.chown(self.root, *self._ids)
        self.data = self.root / "data"
        self._run(
            [
                initdb,
                "-D",
                str(self.data),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--lc-collate=C",
                f"--lc-ctype={_ctype()}",
            ],
        )
        self.port = 0
        last = ""
        for _ in range(3):  # a free port can be taken between the look and the start
            self.port = _free_port()
            opts = (
                f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories='' "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60 "
                "-c shared_buffers=32MB"
            )
            proc = self._run(
                [
                    self.pg_ctl,
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.root / "log"),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    opts,
                    "start",
                ],
                check=False,
            )
            if proc.returncode == 0:
                return
            last = proc.stdout + proc.stderr + self.log()
        self.stop()
        raise RuntimeError(f"PostgreSQL did not start: {last[-2000:]}")

    def _run(self, cmd: list[str], check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run(
            cmd, user=self.user, capture_output=True, text=True, cwd=self.root, timeout=120, check=False
        )
        if check and proc.returncode:
            raise RuntimeError(f"{cmd[0]} failed: {proc.stdout}{proc.stderr}")
        return proc

    def log(self) -> str:
        with contextlib.suppress(OSError):
            return (self.root / "log").read_text(errors="replace")
        return ""

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, name: str, template: str | None = None) -> str:
        """A new database (a copy of `template`'s, a database no one is connected to, when given)."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def stop(self) -> None:
        if self.data.exists():
            self._run([self.pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop"], check=False)
        shutil.rmtree(self.root, ignore_errors=True)


_server: PgServer | None = None
_why_not: str | None = None
_names = itertools.count(1)


def server() -> PgServer:
    """The process's server (started on first call), or pytest.skip saying why there is none."""
    global _server, _why_not
    if _server is None and _why_not is None:
        try:
            import psycopg  # noqa: F401
        except ImportError:
            _why_not = 'psycopg is not installed (pip install -e ".[postgres]")'
        else:
            try:
                _server = PgServer()
            except RuntimeError as exc:
                _why_not = str(exc)
            else:
                atexit.register(_server.stop)
    if _server is None:
        pytest.skip(f"no PostgreSQL server for this test: {_why_not}")
    return _server


@pytest.fixture(scope="session")
def pg_server() -> PgServer:
    return server()


def seeds_template() -> str:
    """The name of a database holding the seeds' index (built once per process), to copy from."""
    global _seeds
    if _seeds is None:
        from bot.ingest import build_index
        from tests.conftest import SEEDS

        build_index([SEEDS], Path(server().create_database("seeds_template")))
        from bot.store.pg import schema

        schema.close_shared()  # a template must have no connection
        _seeds = "seeds_template"
    return _seeds


_seeds: str | None = None


@pytest.fixture
def pg_seeded(pg_server: PgServer) -> Path:
    """A database of its own holding the seeds' index, as a location (what `--index` takes)."""
    return Path(pg_server.create_database(f"s{os.getpid()}_{next(_names)}", seeds_template()))


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    """A new, empty database of its own for one test."""
    return pg_server.create_database(f"t{os.getpid()}_{next(_names)}")
