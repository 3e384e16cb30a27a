"""Small HTML helpers shared by the widgets: tables, feedback boxes and error lines.

Rendering is plain HTML with inline styles, so it looks the same in JupyterLab, Notebook, Voilà and a static
export, and needs nothing from the network.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

__all__ = ["error_html", "feedback_html", "table_html"]

GOOD = "#1b5e20"
BAD = "#b71c1c"


def table_html(headers: Sequence[str], rows: Iterable[Sequence[object]], *, footer: str = "") -> str:
    """A compact HTML table; every cell is escaped.

    >>> table_html(["a"], [["<b>"]])
    '<table style="border-collapse:collapse;font-size:90%"><tr><th style="text-align:left;padding:2px 8px;border-bottom:1px solid #999">a</th></tr><tr><td style="padding:2px 8px;vertical-align:top">&lt;b&gt;</td></tr></table>'
    """
    head = "".join(
        f'<th style="text-align:left;padding:2px 8px;border-bottom:1px solid #999">{escape(h)}</th>'
        for h in headers
    )
    body = "".join(
        "<tr>"
        + "".join(f'<td style="padding:2px 8px;vertical-align:top">{escape(str(c))}</td>' for c in row)
        + "</tr>"
        for row in rows
    )
    return f'<table style="border-collapse:collapse;font-size:90%"><tr>{head}</tr>{body}</table>{footer}'


def feedback_html(correct: bool, message: str) -> str:
    """A green or red line of feedback.

    >>> feedback_html(True, "Right.")
    '<div style="color:#1b5e20">✔ Right.</div>'
    """
    colour, mark = (GOOD, "✔") if correct else (BAD, "✘")
    return f'<div style="color:{colour}">{mark} {escape(message)}</div>'


def error_html(message: str) -> str:
    """An input problem, shown in place of a result.

    >>> error_html("price is -1")
    '<div style="color:#b71c1c"><b>Check your input:</b> price is -1</div>'
    """
    return f'<div style="color:{BAD}"><b>Check your input:</b> {escape(message)}</div>'
