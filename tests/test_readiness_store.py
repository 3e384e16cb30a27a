"""Behaviour of the evidence store: versioned schema, and all-or-nothing idempotent CSV imports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import inspect, select, text

from mtp_kit.errors import MtpKitError
from mtp_kit.readiness import (
    FORMS,
    LATEST_VERSION,
    MIGRATIONS,
    EvidenceStore,
    ReadinessError,
    import_csv,
    import_rows,
)
from mtp_kit.readiness._store import Attendance, Base, Candidate, RubricScore

CANDIDATES_CSV = """candidate,cohort,name,administration,country,region,comments
k01,cv-2025,Amina Odhiambo,KRA,Kenya,East Africa,
u01,cv-2025,Brian Okello,URA,Uganda,East Africa,joined late
z01,cv-2025,Chipo Banda,ZRA,Zambia,Southern Africa,
"""


def _write(path, content):
    path.write_text(content, encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path):
    store = EvidenceStore.open(tmp_path / "evidence.db")
    import_rows(store, kind="programmes", rows=[{"programme": "cv", "name": "CV MTP", "topic": "valuation"}])
    import_rows(
        store,
        kind="cohorts",
        rows=[{"cohort": "cv-2025", "programme": "cv", "name": "CV 2025", "topic": "valuation"}],
    )
    return store


def _table(store, model):
    with store.engine.connect() as connection:
        return sorted(tuple(row) for row in connection.execute(select(model.__table__)))


# ---------------------------------------------------------------------------------------------- schema


def test_a_new_store_is_migrated_to_the_latest_version(tmp_path):
    store = EvidenceStore.open(tmp_path / "new.db")
    assert store.schema_version == LATEST_VERSION == 3
    with store.engine.connect() as connection:
        versions = (
            connection.execute(text("SELECT version FROM schema_version ORDER BY version")).scalars().all()
        )
    assert versions == [1, 2, 3]


def test_migrated_schema_matches_the_models(tmp_path):
    store = EvidenceStore.open(tmp_path / "schema.db")
    inspector = inspect(store.engine)
    assert set(inspector.get_table_names()) == set(Base.metadata.tables)
    for name, table in Base.metadata.tables.items():
        assert {c["name"] for c in inspector.get_columns(name)} == set(table.c.keys()), name


def test_an_old_store_is_upgraded_step_by_step_and_keeps_its_rows(tmp_path):
    path = tmp_path / "old.db"
    old = EvidenceStore.open(path, migrate=False)
    with old.engine.begin() as connection:
        from mtp_kit.readiness._store import SchemaVersion

        SchemaVersion.__table__.create(connection)
        MIGRATIONS[0].apply(connection)
        connection.execute(
            SchemaVersion.__table__.insert().values(
                version=1, description="v1", applied_at=dt.datetime(2025, 1, 1)
            )
        )
    import_rows(old, kind="programmes", rows=[{"programme": "cv", "name": "CV", "topic": "valuation"}])
    assert old.schema_version == 1
    assert not inspect(old.engine).has_table("activity")

    reopened = EvidenceStore.open(path)

    assert reopened.schema_version == 3
    assert inspect(reopened.engine).has_table("activity")
    assert inspect(reopened.engine).has_table("certificate")
    assert reopened.load_evidence().programmes["id"].tolist() == ["cv"]


def test_a_store_newer_than_the_toolkit_is_refused(tmp_path):
    store = EvidenceStore.open(tmp_path / "future.db")
    with store.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'future', '2030-01-01')"
            )
        )
    with pytest.raises(ReadinessError, match="schema version 99, newer than this MTP Kit knows"):
        EvidenceStore.open(tmp_path / "future.db")


def test_store_opens_by_sqlalchemy_url_as_well_as_by_path(tmp_path):
    store = EvidenceStore.open(f"sqlite:///{tmp_path / 'by-url.db'}")
    assert store.schema_version == LATEST_VERSION
    assert (tmp_path / "by-url.db").exists()


def test_a_store_in_a_folder_that_does_not_exist_is_refused(tmp_path):
    with pytest.raises(ReadinessError, match="its folder does not exist"):
        EvidenceStore.open(tmp_path / "missing" / "evidence.db")


def test_a_malformed_url_is_a_readiness_error_naming_it():
    with pytest.raises(MtpKitError, match="nosuchdialect://x"):
        EvidenceStore.open("nosuchdialect://x")


# ---------------------------------------------------------------------------------------------- imports


def test_candidates_csv_is_imported_with_extra_columns_ignored(store, tmp_path):
    summary = import_csv(store, kind="candidates", path=_write(tmp_path / "candidates.csv", CANDIDATES_CSV))
    assert (summary.rows, summary.inserted, summary.updated, summary.unchanged) == (3, 3, 0, 0)
    assert summary.ignored_columns == ("comments",)
    assert _table(store, Candidate)[0] == (
        "k01",
        "cv-2025",
        "Amina Odhiambo",
        "KRA",
        "Kenya",
        "East Africa",
        None,
    )


def test_reimporting_the_same_file_changes_nothing(store, tmp_path):
    path = _write(tmp_path / "candidates.csv", CANDIDATES_CSV)
    import_csv(store, kind="candidates", path=path)
    before = _table(store, Candidate)

    again = import_csv(store, kind="candidates", path=path)

    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 3)
    assert _table(store, Candidate) == before


def test_a_corrected_file_updates_only_the_rows_that_changed(store, tmp_path):
    import_csv(store, kind="candidates", path=_write(tmp_path / "c.csv", CANDIDATES_CSV))
    corrected = CANDIDATES_CSV.replace("Brian Okello", "Brian Okello Mugisha")

    summary = import_csv(store, kind="candidates", path=_write(tmp_path / "c.csv", corrected))

    assert (summary.inserted, summary.updated, summary.unchanged) == (0, 1, 2)
    assert [row[2] for row in _table(store, Candidate)] == [
        "Amina Odhiambo",
        "Brian Okello Mugisha",
        "Chipo Banda",
    ]


def test_a_bad_cell_rejects_the_whole_file_naming_row_and_column(store, tmp_path):
    import_csv(store, kind="candidates", path=_write(tmp_path / "c.csv", CANDIDATES_CSV))
    attendance = "candidate,wg,status\nk01,1,present\nu01,1,present\nz01,1,sick\n"

    with pytest.raises(ReadinessError) as caught:
        import_csv(store, kind="attendance", path=_write(tmp_path / "wg1.csv", attendance))

    message = str(caught.value)
    assert "wg1.csv: row 4, column 'status': 'sick'" in message
    assert "expected one of present, absent, make_up" in message
    assert "nothing was imported" in message
    assert _table(store, Attendance) == []


def test_a_row_naming_an_unknown_candidate_rejects_the_file(store, tmp_path):
    import_csv(store, kind="candidates", path=_write(tmp_path / "c.csv", CANDIDATES_CSV))
    attendance = "candidate,wg,status\nk01,1,present\nx99,1,present\n"

    with pytest.raises(ReadinessError, match=r"row 3, column 'candidate': 'x99' is not a known candidate"):
        import_csv(store, kind="attendance", path=_write(tmp_path / "wg1.csv", attendance))
    assert _table(store, Attendance) == []


def test_one_session_with_two_dates_in_a_rubric_file_is_refused(store, tmp_path):
    import_csv(store, kind="candidates", path=_write(tmp_path / "c.csv", CANDIDATES_CSV))
    rubric = (
        "candidate,session,delivered_on,assessor,criterion,score\n"
        "k01,s1,2025-04-10,expert-a,time,3\n"
        "k01,s1,2025-04-11,expert-b,time,4\n"
    )
    with pytest.raises(
        ReadinessError, match=r"row 3, column 'delivered_on': .*differs from .* on the same session"
    ):
        import_csv(store, kind="rubric", path=_write(tmp_path / "rubric.csv", rubric))
    assert store.load_evidence().deliveries.empty


def test_a_failure_late_in_the_transaction_leaves_earlier_upserts_undone(store, tmp_path, monkeypatch):
    # The rubric form writes the delivery first and the scores second: a failure at the second write must
    # take the first one back with it.
    import mtp_kit.readiness._imports as imports

    import_csv(store, kind="candidates", path=_write(tmp_path / "c.csv", CANDIDATES_CSV))
    real_upsert, calls = imports._upsert, []

    def upsert_then_fail_on_the_second_table(session, model, key, records):
        calls.append(model)
        result = real_upsert(session, model, key, records)
        if len(calls) == 2:
            raise ReadinessError("disk full")
        return result

    monkeypatch.setattr(imports, "_upsert", upsert_then_fail_on_the_second_table)
    rubric = "candidate,session,delivered_on,assessor,criterion,score\nk01,s1,2025-04-10,expert-a,time,3\n"
    with pytest.raises(ReadinessError, match="disk full"):
        import_csv(store, kind="rubric", path=_write(tmp_path / "rubric.csv", rubric))
    evidence = store.load_evidence()
    assert evidence.deliveries.empty
    assert evidence.rubric.empty


def test_the_same_key_twice_in_one_file_names_both_rows(store, tmp_path):
    import_csv(store, kind="candidates", path=_write(tmp_path / "c.csv", CANDIDATES_CSV))
    attendance = "candidate,wg,status\nk01,1,present\nu01,1,present\nk01,1,absent\n"
    with pytest.raises(ReadinessError, match=r"row 4, column 'wg': repeats the entry of row 2"):
        import_csv(store, kind="attendance", path=_write(tmp_path / "wg1.csv", attendance))


def test_a_missing_column_is_named_with_the_columns_expected(store, tmp_path):
    with pytest.raises(
        ReadinessError, match=r"column 'region' is missing; a candidates form has the columns"
    ):
        import_csv(
            store,
            kind="candidates",
            path=_write(tmp_path / "c.csv", "candidate,cohort,name,administration,country\n"),
        )


def test_semicolon_separated_files_with_a_byte_order_mark_are_read(store, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_text("\ufeff" + CANDIDATES_CSV.replace(",", ";"), encoding="utf-8")
    assert import_csv(store, kind="candidates", path=path).inserted == 3


def test_blank_lines_are_skipped_but_rows_keep_their_spreadsheet_numbers(store, tmp_path):
    import_csv(store, kind="candidates", path=_write(tmp_path / "c.csv", CANDIDATES_CSV))
    attendance = "candidate,wg,status\nk01,1,present\n\nu01,one,present\n"
    with pytest.raises(
        ReadinessError, match=r"row 4, column 'wg': 'one' expected a whole number from 1 to 9"
    ):
        import_csv(store, kind="attendance", path=_write(tmp_path / "wg1.csv", attendance))


def test_delivery_assessment_form_creates_the_delivery_and_its_rubric_scores(store, tmp_path):
    import_csv(store, kind="candidates", path=_write(tmp_path / "c.csv", CANDIDATES_CSV))
    rubric = (
        "candidate,session,delivered_on,topic,assessor,criterion,score\n"
        "k01,nairobi-1,2025-04-10,Article 8,expert-a,time,3\n"
        "k01,nairobi-1,2025-04-10,Article 8,expert-b,time,4\n"
    )
    path = _write(tmp_path / "rubric.csv", rubric)

    first = import_csv(store, kind="rubric", path=path)
    second = import_csv(store, kind="rubric", path=path)

    assert (first.inserted, second.inserted, second.unchanged) == (2, 0, 2)
    evidence = store.load_evidence()
    assert evidence.deliveries.values.tolist() == [["k01", "nairobi-1", dt.date(2025, 4, 10), "Article 8"]]
    assert sorted(_table(store, RubricScore)) == [
        ("k01", "nairobi-1", "expert-a", "time", 3),
        ("k01", "nairobi-1", "expert-b", "time", 4),
    ]


def test_rubric_scores_outside_one_to_four_are_refused(store, tmp_path):
    import_csv(store, kind="candidates", path=_write(tmp_path / "c.csv", CANDIDATES_CSV))
    rubric = "candidate,session,delivered_on,assessor,criterion,score\nk01,s1,2025-04-10,a,time,5\n"
    with pytest.raises(
        ReadinessError,
        match=r"row 2, column 'score': '5' is out of range; expected a whole number from 1 to 4",
    ):
        import_csv(store, kind="rubric", path=_write(tmp_path / "r.csv", rubric))


def test_trainee_percentages_are_kept_exactly_as_decimals(store, tmp_path):
    import_csv(store, kind="candidates", path=_write(tmp_path / "c.csv", CANDIDATES_CSV))
    import_rows(
        store,
        kind="rubric",
        rows=[
            {
                "candidate": "k01",
                "session": "s1",
                "delivered_on": "2025-04-10",
                "assessor": "a",
                "criterion": "time",
                "score": 3,
            }
        ],
    )
    trainees = "candidate,session,trainee,pre,post\nk01,s1,t1,33.3,66.7%\n"
    import_csv(store, kind="trainees", path=_write(tmp_path / "t.csv", trainees))
    row = store.load_evidence().trainees.iloc[0]
    assert (row["pre"], row["post"]) == (Decimal("33.3"), Decimal("66.7"))


def test_trainee_results_need_the_delivery_first(store, tmp_path):
    import_csv(store, kind="candidates", path=_write(tmp_path / "c.csv", CANDIDATES_CSV))
    trainees = "candidate,session,trainee,pre,post\nk01,s9,t1,40,70\n"
    with pytest.raises(
        ReadinessError, match=r"row 2, column 'session': \('k01', 's9'\) is not a known delivery"
    ):
        import_csv(store, kind="trainees", path=_write(tmp_path / "t.csv", trainees))


def test_an_unknown_form_kind_lists_the_known_ones(store):
    with pytest.raises(
        ReadinessError, match="'grades' is not a kind of evidence form; expected one of programmes"
    ):
        import_rows(store, kind="grades", rows=[])


def test_every_form_can_be_imported_and_reimported_without_change(store):
    rows = {
        "working_groups": [
            {"cohort": "cv-2025", "wg": 1, "starts_on": "2025-01-13", "ends_on": "2025-01-17"}
        ],
        "candidates": [
            {
                "candidate": "k01",
                "cohort": "cv-2025",
                "name": "A",
                "administration": "KRA",
                "country": "Kenya",
                "region": "EA",
            }
        ],
        "attendance": [{"candidate": "k01", "wg": 1, "status": "make-up"}],
        "tasks": [{"candidate": "k01", "task": "t1", "completed": "yes"}],
        "materials": [{"candidate": "k01", "material": "slides", "status": "Approved"}],
        "rubric": [
            {
                "candidate": "k01",
                "session": "s1",
                "delivered_on": "2025-04-10",
                "assessor": "a",
                "criterion": "time",
                "score": 3,
            }
        ],
        "trainees": [{"candidate": "k01", "session": "s1", "trainee": "t1", "pre": "40", "post": "70"}],
        "decisions": [{"candidate": "k01", "decided_on": "2025-05-01", "decision": "certified"}],
        "activity": [
            {
                "candidate": "k01",
                "session": "m1",
                "delivered_on": "2025-09-01",
                "topic": "valuation",
                "customs": 20,
                "other_agencies": 3,
                "private_sector": 5,
            }
        ],
        "refreshers": [{"candidate": "k01", "course": "r1", "completed_on": "2026-01-10"}],
    }
    assert set(rows) | {"programmes", "cohorts"} == set(FORMS)
    for kind, form_rows in rows.items():
        assert import_rows(store, kind=kind, rows=form_rows).inserted == 1, kind
    for kind, form_rows in rows.items():
        assert import_rows(store, kind=kind, rows=form_rows).unchanged == 1, kind
    evidence = store.load_evidence(cohort="cv-2025")
    assert evidence.attendance["status"].tolist() == ["make_up"]
    assert evidence.materials["status"].tolist() == ["approved"]
    assert evidence.tasks["completed"].tolist() == [True]


def _workbook(path, rows):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_an_excel_form_imports_like_its_csv_twin(store, tmp_path):
    path = _workbook(
        tmp_path / "candidates.xlsx",
        [
            ["candidate", "cohort", "name", "administration", "country", "region", "comments"],
            ["k01", "cv-2025", "Amina Odhiambo", "KRA", "Kenya", "East Africa", None],
            [None, None, None, None, None, None, None],  # a blank row keeps its number
            ["u01", "cv-2025", "Brian Okello", "URA", "Uganda", "East Africa", "joined late"],
        ],
    )
    summary = import_csv(store, kind="candidates", path=path)
    assert (summary.rows, summary.inserted) == (2, 2)
    assert summary.ignored_columns == ("comments",)
    assert [row[0] for row in _table(store, Candidate)] == ["k01", "u01"]


def test_a_bad_row_of_an_excel_form_names_its_spreadsheet_row_and_column(store, tmp_path):
    import_csv(store, kind="candidates", path=_write(tmp_path / "c.csv", CANDIDATES_CSV))
    path = _workbook(
        tmp_path / "wg1.xlsx",
        [["candidate", "wg", "status"], ["k01", 1, "present"], ["u01", 1, "present"], ["z01", 1, "sick"]],
    )
    with pytest.raises(ReadinessError, match=r"row 4, column 'status'"):
        import_csv(store, kind="attendance", path=path)
    assert _table(store, Attendance) == []
