"""Submissions through nbgrader's exchange are kept from other accounts when the exchange allows it.

The multi-account proof (a second candidate is refused the first one's files) is ``scripts/check-hub``; these
tests pin the permission rule and run nbgrader's real release, fetch and submit with :class:`PrivateSubmit`.
"""

from __future__ import annotations

import grp
import json
import os
import pwd
import stat
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from mtp_kit.grading._exchange import make_private, private_group
from tests.nbgrader_support import run_nbgrader

SUBMIT = "--ExchangeFactory.submit=mtp_kit.grading._exchange.PrivateSubmit"


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o7777


def _group_without(uid: int) -> grp.struct_group:
    """A group of this machine that the account *uid* is not in, neither as primary nor as member."""
    account = pwd.getpwuid(uid)
    for group in grp.getgrall():
        if group.gr_gid != account.pw_gid and account.pw_name not in group.gr_mem:
            return group
    raise AssertionError("this machine has no group the test account is outside of")


def test_make_private_leaves_nothing_to_other_accounts(tmp_path):
    """Files become owner read-write and group read; folders lose every access of other accounts."""
    submission = tmp_path / "cand+wg1+2026-11-28 10:00:00.000000 UTC+abc"
    (submission / "data").mkdir(parents=True)
    notebook = submission / "answers.ipynb"
    notebook.write_text("{}")
    (submission / "data" / "ledger.csv").write_text("a,b\n")
    for path in (notebook, submission / "data" / "ledger.csv"):
        path.chmod(0o644)
    make_private(submission)
    assert _mode(submission) == 0o770
    assert _mode(submission / "data") == 0o750
    assert _mode(notebook) == 0o640
    assert _mode(submission / "data" / "ledger.csv") == 0o640
    assert notebook.read_text() == "{}"


def test_an_inbound_folder_without_set_group_id_keeps_nbgrader_permissions():
    """Without set-group-ID the files would carry the candidate's group, and the trainer could not collect them."""
    other = _group_without(os.getuid())
    private, reason = private_group(SimpleNamespace(st_mode=0o40733, st_gid=other.gr_gid), uid=os.getuid())
    assert not private
    assert "not set-group-ID" in reason


def test_a_group_the_candidate_belongs_to_is_not_private():
    """If the inbound folder's group is the candidate's own, group read would reach other candidates in it."""
    own = pwd.getpwuid(os.getuid()).pw_gid
    private, reason = private_group(SimpleNamespace(st_mode=0o42733, st_gid=own), uid=os.getuid())
    assert not private
    assert "is in the inbound folder's group" in reason
    assert "not the trainers' alone" in reason


def test_a_set_group_id_folder_of_another_group_is_private():
    """The trainer's group, which the candidate is not in, makes the submission private."""
    other = _group_without(os.getuid())
    private, reason = private_group(SimpleNamespace(st_mode=0o42733, st_gid=other.gr_gid), uid=os.getuid())
    assert private
    assert reason.endswith(f"group {other.gr_name} only")


def test_an_unknown_group_is_not_trusted():
    """A group id with no name cannot be checked, so the submission keeps nbgrader's permissions."""
    used = {group.gr_gid for group in grp.getgrall()}
    unknown = next(gid for gid in range(54321, 65000) if gid not in used)
    private, reason = private_group(SimpleNamespace(st_mode=0o42733, st_gid=unknown), uid=os.getuid())
    assert not private
    assert str(unknown) in reason


def _nbgrader(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess:
    return run_nbgrader(
        cwd,
        *args,
        HOME=str(home),
        JUPYTER_CONFIG_DIR=str(home / ".jupyter"),
        JUPYTER_DATA_DIR=str(home / "data"),
    )


@pytest.fixture
def released(tmp_path):
    """An exchange with assessment ``a1`` released by this account, and a candidate folder that fetched it."""
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)
    course = tmp_path / "course"
    (course / "release" / "a1").mkdir(parents=True)
    notebook = {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (course / "release" / "a1" / "answers.ipynb").write_text(json.dumps(notebook))
    common = [f"--Exchange.root={exchange}", "--CourseDirectory.course_id=c1"]
    done = _nbgrader("release_assignment", "a1", *common, cwd=course, home=tmp_path / "trainer")
    assert done.returncode == 0, done.stderr[-2000:]
    candidate = tmp_path / "candidate"
    candidate.mkdir()
    done = _nbgrader("fetch_assignment", "a1", *common, cwd=candidate, home=candidate)
    assert done.returncode == 0, done.stderr[-2000:]
    work = candidate / "a1" / "answers.ipynb"
    work.write_text(json.dumps({**notebook, "metadata": {"answer": "CIF 17412.50"}}))
    return SimpleNamespace(
        exchange=exchange, candidate=candidate, common=common, inbound=exchange / "c1" / "inbound"
    )


def _submission(inbound: Path) -> Path:
    (submission,) = inbound.iterdir()
    return submission


def test_submit_keeps_nbgrader_permissions_and_says_why_when_the_group_is_shared(released):
    """Released and submitted by one account: the group is the candidate's own, so nothing is narrowed or lost."""
    done = _nbgrader(
        "submit", "a1", *released.common, SUBMIT, cwd=released.candidate, home=released.candidate
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "is kept with nbgrader's permissions" in done.stderr
    assert "is in the inbound folder's group" in done.stderr
    submission = _submission(released.inbound)
    assert _mode(submission / "answers.ipynb") == 0o644
    assert "CIF 17412.50" in (submission / "answers.ipynb").read_text()


@pytest.mark.skipif(
    os.geteuid() != 0, reason="giving the inbound folder a group the submitter is not in needs root"
)
def test_submit_into_the_trainers_group_is_private(released):
    """With the inbound folder in a group the candidate is not in, the submission is owner and group only."""
    trainers = _group_without(os.getuid())
    os.chown(released.inbound, -1, trainers.gr_gid)
    released.inbound.chmod(0o2733)  # chown clears set-group-ID; nbgrader's release sets exactly this mode
    done = _nbgrader(
        "submit", "a1", *released.common, SUBMIT, cwd=released.candidate, home=released.candidate
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"group {trainers.gr_name} only" in done.stderr
    submission = _submission(released.inbound)
    notebook = submission / "answers.ipynb"
    assert _mode(submission) == 0o770
    files = sorted(path for path in submission.rglob("*"))
    assert {path.name for path in files} == {"answers.ipynb", "timestamp.txt", "submission_secret.txt"}
    for path in files:  # including the files nbgrader writes after copying the candidate's folder
        assert _mode(path) == 0o640, path.name
        assert not path.stat().st_mode & (stat.S_IROTH | stat.S_IWOTH)
        assert path.stat().st_gid == trainers.gr_gid, path.name
    assert "CIF 17412.50" in notebook.read_text()
    assert [path.name for path in released.inbound.iterdir()] == [submission.name]  # no temporary file left


@pytest.mark.skipif(
    os.geteuid() != 0, reason="giving the inbound folder a group the submitter is not in needs root"
)
def test_regroup_keeps_each_files_mode(tmp_path):
    """A rewritten file keeps nbgrader's mode, so a submission left half-way is never less readable than before."""
    from mtp_kit.grading._exchange import regroup

    trainers = _group_without(os.getuid())
    inbound = tmp_path / "inbound"
    inbound.mkdir()
    os.chown(inbound, -1, trainers.gr_gid)
    inbound.chmod(0o2733)
    submission = inbound / "cand+a1+2026-11-28 10:00:00.000000 UTC+abc"
    submission.mkdir()
    submission.chmod(
        0o755
    )  # as copytree leaves it: the set-group-ID bit gone, so new files get the writer's group
    stamp = submission / "timestamp.txt"
    stamp.write_text("2026-11-28 10:00:00.000000 UTC")
    stamp.chmod(0o644)
    assert stamp.stat().st_gid != trainers.gr_gid
    regroup(submission, inbound=inbound)
    assert _mode(stamp) == 0o644
    assert stamp.stat().st_gid == trainers.gr_gid
    assert stamp.read_text() == "2026-11-28 10:00:00.000000 UTC"
    assert [p.name for p in inbound.iterdir()] == [submission.name]
