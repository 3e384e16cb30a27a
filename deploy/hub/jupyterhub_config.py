"""JupyterHub for an MTP programme server: candidates and trainers as users, nbgrader's exchange, formgrader.

One machine, local system accounts, one single-user Jupyter server per person started by the hub. Candidates
fetch and submit assessments through nbgrader's exchange (a shared folder); trainers release, collect, grade with
``mtp grade`` and formgrader in their own server. Settings come from environment variables so that the same file
serves a real programme and the loopback test (``scripts/check-hub``):

    MTP_HUB_IP / MTP_HUB_PORT      where the hub listens (default 127.0.0.1:8000; put TLS in front for real use)
    MTP_HUB_STATE                  folder for the hub's database and cookie secret (default /srv/jupyterhub)
    MTP_HUB_CANDIDATES             comma-separated user names of the candidates
    MTP_HUB_TRAINERS               comma-separated user names of the trainers (hub admins)
    MTP_HUB_AUTH                   "pam" (system passwords, the default) or "dummy" (tests only: one shared password)
    MTP_HUB_PASSWORD               the shared password of the dummy authenticator
    MTP_HUB_SINGLEUSER             path of jupyterhub-singleuser in the environment where MTP Kit is installed
    MTP_JUPYTER_CONFIG             folder holding the site-wide nbgrader_config.py (exchange root, course id)
    MTP_HUB_SERVICE_TOKEN          optional: an API token for an admin service (used by the test to drive the hub)
    MTP_GRADEBOOK_URL              optional: the gradebook's database URL (e.g. postgresql://...) for the trainers
    MTP_HUB_PRIVATE_HOMES          "1" (the default): a person's home folder is made private (mode 700) when their
                                   server starts, so no candidate can open another's work or a trainer's sources
    MTP_HUB_IDLE_MINUTES           minutes after which an unused kernel is shut down (default 60; a server with no
                                   kernel and no activity stops after twice that)
"""

import os
import pwd
import secrets
import stat

c = get_config()  # noqa: F821 - injected by traitlets when it loads this file


def _names(variable: str) -> set[str]:
    return {name.strip() for name in os.environ.get(variable, "").split(",") if name.strip()}


state = os.environ.get("MTP_HUB_STATE", "/srv/jupyterhub")
candidates, trainers = _names("MTP_HUB_CANDIDATES"), _names("MTP_HUB_TRAINERS")

c.JupyterHub.ip = os.environ.get("MTP_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("MTP_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.db_url = f"sqlite:///{state}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = f"{state}/jupyterhub_cookie_secret"
c.ConfigurableHTTPProxy.pid_file = f"{state}/jupyterhub-proxy.pid"

if os.environ.get("MTP_HUB_AUTH", "pam") == "dummy":
    # Tests only: every listed user logs in with one shared password.
    c.JupyterHub.authenticator_class = "dummy"
    c.DummyAuthenticator.password = os.environ.get("MTP_HUB_PASSWORD") or secrets.token_urlsafe(16)
else:
    c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = candidates | trainers
c.Authenticator.admin_users = trainers

# Trainers and candidates in groups nbgrader's JupyterHub integration understands (one course: mtp-kit).
c.JupyterHub.load_groups = {
    "formgrade-mtp-kit": {"users": sorted(trainers)},
    "nbgrader-mtp-kit": {"users": sorted(candidates)},
}

c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [os.environ.get("MTP_HUB_SINGLEUSER", "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.environment = {
    key: value
    for key, value in {
        "JUPYTER_CONFIG_PATH": os.environ.get("MTP_JUPYTER_CONFIG", ""),
        "MTP_GRADEBOOK_URL": os.environ.get("MTP_GRADEBOOK_URL", ""),
    }.items()
    if value
}


def _private_home(spawner) -> None:
    """Make the person's home folder readable by them alone before their server starts.

    Debian and Ubuntu create homes with mode 755, so any account could read another candidate's answers or a
    trainer's ``source/`` folder with its solutions and hidden tests.
    """
    home = pwd.getpwnam(spawner.user.name).pw_dir
    mode = stat.S_IMODE(os.stat(home).st_mode)
    if mode & 0o077:
        os.chmod(home, mode & 0o700)
        spawner.log.info(
            "home folder %s of %s made private (mode %o, was %o)", home, spawner.user.name, mode & 0o700, mode
        )


if os.environ.get("MTP_HUB_PRIVATE_HOMES", "1") == "1":
    c.Spawner.pre_spawn_hook = _private_home

# Old laptops on slow links: give a server time to start, and stop idle ones from holding memory.
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
idle = int(os.environ.get("MTP_HUB_IDLE_MINUTES", "60")) * 60
c.Spawner.args = [
    # A kernel nobody has used for an hour, with no browser tab attached, is shut down; the notebook itself is
    # saved by JupyterLab and reopens as it was (only variables are lost, and re-running the cells restores them).
    f"--MappingKernelManager.cull_idle_timeout={idle}",
    "--MappingKernelManager.cull_interval=300",
    "--MappingKernelManager.cull_connected=False",
    # A server with no kernel and no activity for twice that long stops, and starts again at the next login.
    f"--ServerApp.shutdown_no_activity_timeout={2 * idle}",
]

token = os.environ.get("MTP_HUB_SERVICE_TOKEN")
if token:
    c.JupyterHub.services = [{"name": "mtp-admin", "api_token": token}]
    c.JupyterHub.load_roles = [
        {
            "name": "mtp-admin",
            "scopes": ["admin:users", "admin:servers", "list:users", "read:users", "access:servers"],
            "services": ["mtp-admin"],
        }
    ]
