"""nbgrader's exchange on a shared server, with each submission readable by its candidate and the trainers only.

nbgrader's own submit step leaves a submission's files readable by every account on the machine (it relies on
the submission folder's random name and on an inbound folder nobody can list). On a programme server that is
not enough: a candidate who learns a path can copy another's answers. :class:`PrivateSubmit` submits exactly as
nbgrader does, then takes away the access of "other" accounts, leaving the candidate and the inbound folder's
group. nbgrader creates ``inbound`` set-group-ID, so everything submitted into it belongs to the group of the
trainer who released the assessment; ``nbgrader collect`` reads through that group.

The access is narrowed only when that group is really the trainers': if the submitting candidate is in it (the
inbound folder belongs to a shared group such as ``users``), group access would leak too, and if the folder is
not set-group-ID the trainer could not collect. Files nbgrader writes after copying get the candidate's group, so
:func:`regroup` moves them into the trainers' group first. In those cases the submission keeps nbgrader's permissions and
the candidate is told why, so that nothing submitted is ever lost. The site-wide ``deploy/hub/nbgrader_config.py``
selects this class with ``c.ExchangeFactory.submit``.
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import stat
import tempfile
from pathlib import Path

from nbgrader.exchange.default.submit import ExchangeSubmit

#: Modes a submission gets: owner and trainers' group read, nobody else. The folder itself stays
#: group-writable so a trainer can remove it after collecting.
FILE_MODE = 0o640
FOLDER_MODE = 0o750
SUBMISSION_MODE = 0o770


def private_group(inbound: os.stat_result, *, uid: int) -> tuple[bool, str]:
    """Whether a submission inside a folder with status *inbound* can be kept from other accounts.

    It can when the folder is set-group-ID (so files inherit its group) and the submitting account, *uid*, is
    not in that group (so the group is the trainers', not one the candidates share).

    >>> class Status:  # stands in for os.stat_result: a folder with mode 0733, not set-group-ID
    ...     st_mode, st_gid = 0o40733, 0
    >>> private_group(Status(), uid=0)
    (False, 'the inbound folder is not set-group-ID, so the trainer could not read a private submission')
    """
    if not inbound.st_mode & stat.S_ISGID:
        return (
            False,
            "the inbound folder is not set-group-ID, so the trainer could not read a private submission",
        )
    try:
        account = pwd.getpwuid(uid)
    except KeyError:
        return False, f"account {uid} has no entry in the password database"
    try:
        group = grp.getgrgid(inbound.st_gid)
    except KeyError:
        return False, f"the inbound folder's group {inbound.st_gid} has no entry in the group database"
    if account.pw_gid == group.gr_gid or account.pw_name in group.gr_mem:
        return (
            False,
            f"{account.pw_name} is in the inbound folder's group {group.gr_name}, so the group is not the trainers' alone",
        )
    return True, f"readable by {account.pw_name} and group {group.gr_name} only"


def make_private(submission: Path) -> None:
    """Take every access of other accounts away from *submission* (a folder), keeping owner and group.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()) / "cand+wg1+2026-11-28"
    >>> (folder / "part").mkdir(parents=True)
    >>> _ = (folder / "part" / "answers.ipynb").write_text("{}")
    >>> make_private(folder)
    >>> [oct((folder / name).stat().st_mode & 0o7777) for name in (".", "part", "part/answers.ipynb")]
    ['0o770', '0o750', '0o640']
    """
    for folder, subfolders, files in os.walk(submission):
        for name in files:
            os.chmod(os.path.join(folder, name), FILE_MODE)
        for name in subfolders:
            os.chmod(os.path.join(folder, name), FOLDER_MODE)
    os.chmod(submission, SUBMISSION_MODE)


def regroup(submission: Path, *, inbound: Path) -> None:
    """Give every file of *submission* the group of *inbound*, which must be set-group-ID.

    nbgrader copies the candidate's folder with ``shutil.copytree``, whose last step copies the folder's mode and
    so clears the set-group-ID bit it inherited; files nbgrader writes afterwards (``timestamp.txt``, the
    submission secret) get the candidate's own group, and the trainer could not read them. A candidate cannot
    change a file's group to one they are not in, but a file they create in the set-group-ID inbound folder gets
    its group, and a rename keeps it: each such file is rewritten there and moved back over itself.
    """
    group = os.stat(inbound).st_gid
    for folder, subfolders, files in os.walk(submission):
        for name in subfolders:
            if os.stat(os.path.join(folder, name)).st_gid != group:
                raise OSError(f"folder {name!r} of the submission is not in the inbound folder's group")
        for name in files:
            path = os.path.join(folder, name)
            if os.stat(path).st_gid == group:
                continue
            handle, temporary = tempfile.mkstemp(dir=inbound, prefix=".mtp-regroup-")
            try:
                with os.fdopen(handle, "wb") as copy, open(path, "rb") as original:
                    shutil.copyfileobj(original, copy)
                # Keep nbgrader's mode until make_private runs, so that a submission left half-way stays readable.
                os.chmod(temporary, stat.S_IMODE(os.stat(path).st_mode))
                os.replace(temporary, path)
            finally:
                if os.path.exists(temporary):
                    os.unlink(temporary)


class PrivateSubmit(ExchangeSubmit):
    """nbgrader's submit step, then :func:`make_private` on the submission when the exchange allows it."""

    def copy_files(self) -> None:
        super().copy_files()
        submission = Path(self.inbound_path) / self.assignment_filename
        private, reason = private_group(os.stat(self.inbound_path), uid=os.getuid())
        if private:
            try:
                regroup(submission, inbound=Path(self.inbound_path))
            except OSError as error:
                private, reason = False, f"its files could not all be given the trainers' group ({error})"
        if private:
            make_private(submission)
            self.log.info("Submission %s is %s", submission.name, reason)
        else:
            self.log.warning(
                "Submission %s is kept with nbgrader's permissions (other accounts can read it if they know its "
                "name): %s. Ask the programme's administrator to check the exchange (deploy/hub/README.md).",
                submission.name,
                reason,
            )
