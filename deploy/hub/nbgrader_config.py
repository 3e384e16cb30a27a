"""Site-wide nbgrader settings for a programme server: where the exchange is and which course it serves.

Put this file in a folder on every user's JUPYTER_CONFIG_PATH (the hub sets MTP_JUPYTER_CONFIG for that). The
exchange root must exist, be shared by all users and be world-writable (mode 777): nbgrader itself keeps each
candidate's submissions unreadable to the others.
"""

import os

c = get_config()  # noqa: F821 - injected by traitlets when it loads this file

c.Exchange.root = os.environ.get("MTP_EXCHANGE", "/srv/nbgrader/exchange")
c.CourseDirectory.course_id = "mtp-kit"
if os.environ.get("MTP_GRADEBOOK_URL"):
    c.CourseDirectory.db_url = os.environ["MTP_GRADEBOOK_URL"]
