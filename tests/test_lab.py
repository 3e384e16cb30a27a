"""`make lab`, the README's first command, serves JupyterLab on the courses folder and opens the course map."""

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read()


@pytest.mark.slow
def test_make_lab_serves_jupyterlab_on_the_courses_folder(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTER_DATA_DIR": str(tmp_path / "data"),
    }
    args = f"--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token= --ServerApp.password="
    log = tmp_path / "lab.log"
    with log.open("wb") as stderr:  # the child keeps its own copy of the descriptor
        server = subprocess.Popen(
            ["make", "-C", str(ROOT), "lab", f"LAB_ARGS={args}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 120
        status = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status, page = _get(f"http://127.0.0.1:{port}/lab")
                break
            except OSError:
                time.sleep(0.5)
        assert server.poll() is None, log.read_text(errors="replace")[-2000:]
        assert status == 200
        assert b"JupyterLab" in page
        # No prompt about Jupyter's news feed; without the feed, JupyterLab never asks PyPI for its latest version.
        config = json.loads(re.search(rb'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S)[1])
        assert config["news"] == {"disabled": True}
        # The front door opens the course map.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            assert response.url.endswith("/lab/tree/index.ipynb")
        _, listing = _get(f"http://127.0.0.1:{port}/api/contents")
        names = {item["name"] for item in json.loads(listing)["content"]}
        assert "README.md" in names  # the root is courses/, not the repository
        assert "pyproject.toml" not in names
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
