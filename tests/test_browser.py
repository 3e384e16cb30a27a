"""A person's view: JupyterLab in headless Chromium opens a course notebook, runs it, and a widget answers.

Driven by Playwright with Debian's Chromium (``/usr/bin/chromium``; ``.ci/run`` installs it). Outside CI the test
skips when Chromium is missing; in CI (``CI=true``) a missing browser is a failure. Screenshots are written to the
test's temporary folder, whose path the test prints.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _need_browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is not installed: .ci/run must install the Debian package 'chromium'")
        pytest.skip("Chromium is not installed (apt-get install chromium); CI runs this test")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on loopback, rooted at courses/, with no token."""
    home = tmp_path_factory.mktemp("lab")
    # Serve a copy: JupyterLab autosaves, and the committed notebooks must stay free of outputs.
    courses = home / "courses"
    shutil.copytree(ROOT / "courses", courses)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = home / "settings"
    # Render every cell (JupyterLab 4 leaves off-screen cells out of the page by default) and ask no questions.
    (settings / "@jupyterlab" / "notebook-extension").mkdir(parents=True)
    (settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings").write_text(
        '{"windowingMode": "none"}'
    )
    (settings / "@jupyterlab" / "apputils-extension").mkdir(parents=True)
    (settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        '{"fetchNews": "false", "checkForUpdates": false}'
    )
    env = {
        **os.environ,
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTER_DATA_DIR": str(home / "data"),
    }
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        "--IdentityProvider.token=", "--ServerApp.password=", f"--ServerApp.root_dir={courses}",
    ]  # fmt: skip
    if os.geteuid() == 0:
        command.append("--allow-root")
    with (home / "lab.log").open("wb") as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=log, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/api/status", timeout=2):
                break
        except OSError:
            time.sleep(0.5)
    else:
        os.killpg(server.pid, signal.SIGKILL)
        pytest.fail("JupyterLab did not start: " + (home / "lab.log").read_text(errors="replace")[-2000:])
    yield url
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


@pytest.fixture
def page(tmp_path):
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(60_000)
        yield page
        context.close()
        browser.close()


def _run_all(page, url: str, notebook: str, shots: Path) -> None:
    try:
        _open_and_run(page, url, notebook)
    except Exception:
        page.screenshot(path=shots / "run-all-failed.png")
        print(f"screenshot of the failure in {shots}")
        raise


def _open_and_run(page, url: str, notebook: str) -> None:
    # A workspace of its own, reset, so that tabs left open by an earlier test are not restored.
    workspace = Path(notebook).stem
    page.goto(f"{url}/lab/workspaces/{workspace}/tree/{notebook}?reset")
    page.locator(".jp-Notebook").first.wait_for()
    # The status bar says "Idle" only once the kernel has started and connected.
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for()
    first_prompt = page.locator(".jp-CodeCell .jp-InputPrompt").first
    for _ in range(3):
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        try:
            # "[1]:" or "[*]:" once the run has started; "[ ]:" if the kernel was not ready for it.
            page.wait_for_function(
                "el => /\\[(\\d+|\\*)\\]/.test(el.textContent)",
                arg=first_prompt.element_handle(),
                timeout=15_000,
            )
            return
        except Exception:
            continue
    raise AssertionError(f"Run All Cells did not start in {notebook}")


@pytest.mark.slow
def test_valuation_worksheet_answers_a_new_freight_amount_in_the_browser(lab, page, tmp_path):
    _run_all(page, lab, "customs-valuation/06-incoterms-freight-currency.ipynb", tmp_path)
    # EXW 12,000 + 400 + 150 + 1,100 + 80 = 13,730 x 1.25 = 17,162.50
    total = page.get_by_text("Customs value: 17,162.50 FJD")
    try:
        total.wait_for()
    except Exception:
        page.screenshot(path=tmp_path / "valuation-failed.png", full_page=False)
        print(f"screenshot of the failure in {tmp_path}")
        raise
    page.screenshot(path=tmp_path / "valuation-before.png", full_page=False)
    inputs = page.locator(".widget-text input")
    freight = next(inputs.nth(i) for i in range(inputs.count()) if inputs.nth(i).input_value() == "1100")
    freight.fill("1300")
    # 12,000 + 400 + 150 + 1,300 + 80 = 13,930 x 1.25 = 17,412.50
    changed = page.get_by_text("Customs value: 17,412.50 FJD")
    changed.wait_for()
    changed.scroll_into_view_if_needed()
    page.screenshot(path=tmp_path / "valuation-after.png", full_page=False)
    print(f"screenshots in {tmp_path}")
    assert (tmp_path / "valuation-after.png").stat().st_size > 10_000


@pytest.mark.slow
def test_hs_explorer_searches_as_the_officer_types_in_the_browser(lab, page, tmp_path):
    _run_all(page, lab, "hs-classification/01-structure-and-codes.ipynb", tmp_path)
    search = page.get_by_placeholder("type goods or a code, e.g. frozen shrimp, 8517")
    try:
        search.wait_for()
    except Exception:
        page.screenshot(path=tmp_path / "hs-failed.png")
        print(f"screenshot of the failure in {tmp_path}")
        raise
    search.scroll_into_view_if_needed()
    search.press_sequentially("frozen shrimp", delay=30)
    # Heading 03.06 (crustaceans) must be offered while typing; the listbox shows its lines as options.
    page.locator("select option", has_text="frozen shrimps and prawns").first.wait_for(state="attached")
    page.screenshot(path=tmp_path / "hs-explorer.png")
    print(f"screenshots in {tmp_path}")
    options = page.locator("select option").all_inner_texts()
    assert any(text.startswith("0306") for text in options), options[:10]


@pytest.mark.slow
def test_risk_matrix_moves_to_red_when_the_officer_raises_the_likelihood_in_the_browser(lab, page, tmp_path):
    _run_all(page, lab, "risk-management/01-risk-register-and-matrix.ipynb", tmp_path)
    page.get_by_text("Score 10: YELLOW").first.wait_for()  # likelihood 2 x impact 5 = 10
    likelihood = page.locator("select").filter(has=page.locator("option", has_text="3 – possible")).first
    likelihood.select_option(label="3 – possible")
    page.get_by_text("Score 15: RED").first.wait_for()  # 3 x 5 = 15, at the red threshold
    page.get_by_text("Score 15: RED").first.scroll_into_view_if_needed()
    page.screenshot(path=tmp_path / "risk-matrix.png")
    print(f"screenshots in {tmp_path}")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("notebook", "shown"),
    [
        # Green coffee 0901.11 -> roasted 0901.21 changes subheading: CTSH met.
        ("rules-of-origin/01-wholly-obtained-and-tariff-shift.ipynb", "roasted coffee beans: ORIGINATING"),
        # 7,500 duty + 6,000 VAT + 13,500 x 12% x 6/12 = 810 interest + 1,350 penalty = 15,660.
        ("post-clearance-audit/02-recovery-interest-penalties.ipynb", "Total to recover: 15,660.00"),
    ],
    ids=["origin", "audit"],
)
def test_topic_notebook_shows_its_widget_result_in_the_browser(lab, page, tmp_path, notebook, shown):
    _run_all(page, lab, notebook, tmp_path)
    result = page.get_by_text(shown).first
    result.wait_for()
    result.scroll_into_view_if_needed()
    page.screenshot(path=tmp_path / (Path(notebook).stem + ".png"))
    print(f"screenshots in {tmp_path}")
