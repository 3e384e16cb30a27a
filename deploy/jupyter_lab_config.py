"""JupyterLab settings for every MTP Kit server: ``make lab``, Binder and the programme hub.

Officers often work on slow or metered connections, and nothing should reach the network unless they ask.
JupyterLab would otherwise ask each new user whether to fetch Jupyter's news feed and, if they agree, check the
Python package index for newer JupyterLab versions — a prompt about software news in the middle of a customs
course. Both are turned off here.
"""

c = get_config()  # noqa: F821 - injected by traitlets when it loads this file

c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
