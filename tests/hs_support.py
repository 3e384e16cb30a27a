"""Helpers shared by the HS tests: where the full HS 2022 table lives, and how to skip or fail without it.

The full table is never copied into the project; it is read from ``<repo>/../shared/data/hs``. Outside CI a
missing table skips the tests that need it; in CI (``CI=true``) it fails them, so the check cannot silently
disappear.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

SHARED_HS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "hs"


def shared_table_path() -> Path:
    """The full HS table, or a skip (outside CI) / failure (in CI) when it is absent."""
    path = SHARED_HS / "harmonized-system.csv"
    if not path.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing but CI=true: the full HS 2022 table is required in CI")
        pytest.skip(f"{path} not found; full-table tests run only where ../shared is present")
    return path


def write_xlsx(path: Path, rows: list[list[object]], *, sheet: str = "Tariff") -> Path:
    """Write a minimal .xlsx workbook (strings as inline text, numbers as numbers) with the standard library."""

    def cell(ref: str, value: object) -> str:
        if isinstance(value, (int, float)):
            return f'<c r="{ref}"><v>{value}</v></c>'
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'

    body = "".join(
        f'<row r="{r}">'
        + "".join(cell(f"{chr(65 + c)}{r}", v) for c, v in enumerate(values) if v is not None)
        + "</row>"
        for r, values in enumerate(rows, start=1)
    )
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            f'<sheet name="Notes" sheetId="1" r:id="rId1"/><sheet name="{sheet}" sheetId="2" r:id="rId2"/>'
            "</sheets></workbook>",
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{pkg}">'
            '<Relationship Id="rId1" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Target="worksheets/sheet2.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{main}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>read me</t></is>'
            "</c></row></sheetData></worksheet>",
        )
        archive.writestr(
            "xl/worksheets/sheet2.xml", f'<worksheet xmlns="{main}"><sheetData>{body}</sheetData></worksheet>'
        )
    return path
