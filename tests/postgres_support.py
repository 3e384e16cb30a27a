"""A throwaway PostgreSQL server for tests, from Debian's ``postgresql`` package, on loopback.

The server runs as the ``postgres`` account when the tests run as root (PostgreSQL refuses root), listens on a
free port of 127.0.0.1 only, trusts local connections, and is removed with its files afterwards. A machine
without the server binaries fails the test that needs it, with the package to install: CI installs it.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    pytest.fail("PostgreSQL's server programs are missing: install Debian's postgresql package (CI does)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def temporary_postgres(database: str = "gradebook") -> Iterator[str]:
    """Start a server, create ``database`` and yield its SQLAlchemy URL (user ``mtp``, no password)."""
    import psycopg

    binaries = _binaries()
    base = Path(tempfile.mkdtemp(prefix="mtp-pg-"))
    base.chmod(0o755)  # the postgres account must reach its data folder
    data, sockets, log = base / "data", base / "run", base / "server.log"
    as_owner: list[str] = []
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        for folder in (data, sockets):
            folder.mkdir()
            os.chown(folder, owner.pw_uid, owner.pw_gid)
        log.touch()
        os.chown(log, owner.pw_uid, owner.pw_gid)
        as_owner = ["runuser", "-u", "postgres", "--"]
    else:
        sockets.mkdir()
    port = _free_port()
    started = False
    try:
        subprocess.run(
            [*as_owner, str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "mtp", "-E", "UTF8",
             "--no-sync"],
            check=True, capture_output=True,
        )  # fmt: skip
        options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            [*as_owner, str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start"],
            check=True, capture_output=True,
        )  # fmt: skip
        started = True
        with psycopg.connect(f"host=127.0.0.1 port={port} user=mtp dbname=postgres", autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{database}"')
        yield f"postgresql+psycopg://mtp@127.0.0.1:{port}/{database}"
    finally:
        if started:
            subprocess.run(
                [*as_owner, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                capture_output=True,
            )  # fmt: skip
        shutil.rmtree(base, ignore_errors=True)
