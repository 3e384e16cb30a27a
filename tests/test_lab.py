"""`make lab`, the README's first command, serves JupyterLab on the courses folder and opens the course map;
`make trainer` serves the course directory with nbgrader's formgrader."""

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def _page_config(page: bytes) -> dict:
    return json.loads(re.search(rb'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S)[1])


@contextlib.contextmanager
def _serving(target: str, tmp_path: Path) -> Iterator[str]:
    """Run ``make TARGET`` on a free loopback port with no token; yield its base URL once /lab answers."""
    port = _free_port()
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTER_DATA_DIR": str(tmp_path / "data"),
    }
    args = f"--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token= --ServerApp.password="
    log = tmp_path / f"{target}.log"
    with log.open("wb") as stderr:  # the child keeps its own copy of the descriptor
        server = subprocess.Popen(
            ["make", "-C", str(ROOT), target, f"LAB_ARGS={args}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and server.poll() is None:
            try:
                _get(f"{base}/lab")
                break
            except OSError:
                time.sleep(0.5)
        assert server.poll() is None, log.read_text(errors="replace")[-2000:]
        yield base
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


@pytest.mark.slow
def test_make_lab_serves_jupyterlab_on_the_courses_folder(tmp_path):
    with _serving("lab", tmp_path) as base:
        status, page = _get(f"{base}/lab")
        assert status == 200
        assert b"JupyterLab" in page
        config = _page_config(page)
        # No prompt about Jupyter's news feed; without the feed, JupyterLab never asks PyPI for its latest version.
        assert config["news"] == {"disabled": True}
        # Self-study has no course, exchange or gradebook: nbgrader's menus and formgrader are off.
        assert "@jupyter/nbgrader" in config["disabledExtensions"]
        assert _get(f"{base}/formgrader")[0] == 404
        # The front door opens the course map.
        with urllib.request.urlopen(f"{base}/", timeout=5) as response:
            assert response.url.endswith("/lab/tree/index.ipynb")
        _, listing = _get(f"{base}/api/contents")
        names = {item["name"] for item in json.loads(listing)["content"]}
        assert "README.md" in names  # the root is courses/, not the repository
        assert "pyproject.toml" not in names


@pytest.mark.slow
def test_make_trainer_serves_formgrader_on_the_course_directory(tmp_path):
    before = sorted(p.relative_to(ROOT) for p in (ROOT / "assessments").rglob("*"))
    with _serving("trainer", tmp_path) as base:
        status, page = _get(f"{base}/formgrader")
        assert status == 200
        assert b"<title>nbgrader formgrade</title>" in page
        _, lab = _get(f"{base}/lab")
        assert _page_config(lab)["news"] == {"disabled": True}
        assert "@jupyter/nbgrader" not in _page_config(lab)["disabledExtensions"]
        _, listing = _get(f"{base}/api/contents")
        names = {item["name"] for item in json.loads(listing)["content"]}
        assert {"nbgrader_config.py", "source"} <= names  # the root is the course directory
    assert sorted(p.relative_to(ROOT) for p in (ROOT / "assessments").rglob("*")) == before  # nothing written
