"""Site-wide nbgrader settings for a programme server: where the exchange is and which course it serves.

Put this file in a folder on every user's JUPYTER_CONFIG_PATH (the hub sets MTP_JUPYTER_CONFIG for that). The
exchange root must exist, be shared by all users and be world-writable (mode 777). Submissions go through
MTP Kit's submit step, which leaves each one readable by its candidate and the trainers' group only
(``mtp_kit/grading/_exchange.py``); nbgrader's own would leave it readable by any account that knows its path.
"""

import os

c = get_config()  # noqa: F821 - injected by traitlets when it loads this file

c.Exchange.root = os.environ.get("MTP_EXCHANGE", "/srv/nbgrader/exchange")
c.CourseDirectory.course_id = "mtp-kit"
c.ExchangeFactory.submit = "mtp_kit.grading._exchange.PrivateSubmit"
if os.environ.get("MTP_GRADEBOOK_URL"):
    c.CourseDirectory.db_url = os.environ["MTP_GRADEBOOK_URL"]
