"""The report page and its downloads: who may see them, the range form, suppression in
what is shown and downloaded, the audit log, and right-to-left charts."""

import csv
import io
import secrets
from datetime import timedelta

from sqlalchemy import select

from directory_app.core.extensions import db
from directory_app.core.transaction import commit
from directory_app.domain.dates import local_today, utcnow
from directory_app.models import AuditEvent, Referral
from directory_app.reports import periods
from tests.reports.fixtures import QUERY, plant
from tests.staff import sign_in

URLS = ("/staff/reports", "/staff/reports/report.csv", "/staff/reports/spis.csv")


def _signed_in(app, role="link_worker"):
    client = app.test_client()
    sign_in(client, f"{role}@example.org")
    return client


def _rows(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")  # a byte-order mark, so Excel reads UTF-8
    return list(csv.reader(io.StringIO(text[1:])))


def _audit(app, action):
    with app.app_context():
        return list(
            db.session.scalars(select(AuditEvent.detail).where(AuditEvent.action == action))
        )


def test_only_link_workers_and_admins_see_reports(app, staff):
    provider = _signed_in(app, "provider")
    for url in URLS:
        assert provider.get(f"{url}?{QUERY}").status_code == 403, url
    anonymous = app.test_client().get("/staff/reports")
    assert anonymous.status_code == 302 and "/staff/sign-in" in anonymous.headers["Location"]
    admin = _signed_in(app, "admin")
    for url in URLS:
        assert admin.get(f"{url}?{QUERY}").status_code == 200, url


def test_the_quarters_report_page_shows_counts_with_small_ones_hidden(app, staff):
    plant(app)
    html = _signed_in(app).get(f"/staff/reports?{QUERY}").get_data(as_text=True)
    assert "1 April 2026" in html and "30 June 2026" in html
    for heading in ("Requests received", "Time to first contact", "Onward referrals to groups"):
        assert f">{heading}</h2>" in html
    assert "Wellbeing change" in html and "Buddy requests" in html
    # Each bar is labelled with its group and count; hidden counts in words; the table too.
    assert "Taken by phone: \u2068fewer than 5\u2069</text>" in html
    assert "Referred by a professional: \u20687\u2069</text>" in html
    assert '<th scope="row">Referred by a professional</th><td><bdi dir="ltr">7</bdi>' in html
    assert '<th scope="row">Taken by phone</th><td><bdi>fewer than 5</bdi>' in html
    assert 'role="img"' in html and "<desc id=" in html
    assert "Counts from 1 to 4 are shown as “fewer than 5”" in html
    assert _audit(app, "report.viewed") == [
        {"from": "2026-04-01", "to": "2026-06-30", "preset": ""}
    ]


def test_the_report_csv_has_every_count_suppressed(app, staff):
    plant(app)
    rows = _rows(_signed_in(app).get(f"/staff/reports/report.csv?{QUERY}"))
    assert rows[0] == ["section", "measure", "group", "label", "value"]
    values = {tuple(row[:3]): row[4] for row in rows[1:]}
    assert values[("received", "total", "")] == "16"
    assert values[("received", "by_source", "professional")] == "7"
    assert values[("received", "by_source", "phone")] == "<5"
    assert values[("received", "by_source", "self")] == "<5"  # 16 − 7 − 6 would give phone
    assert values[("received", "by_age_band", "16-24")] == "0"
    assert values[("first_contact", "median_days", "")] == "3"
    assert values[("first_contact", "percent_within_target", "")] == "54.5"
    assert values[("onward", "onward_answers", "withdrawn")] == "0"
    assert values[("wellbeing", "average_change", "wemwbs")] == "1.8"
    assert values[("wellbeing", "percent_improved_meaningfully", "wemwbs")] == "<5"
    assert values[("buddies", "requests", "")] == "<5"
    assert _audit(app, "report.exported") == [
        {"file": "report", "from": "2026-04-01", "to": "2026-06-30", "preset": ""}
    ]


def test_the_spis_export_names_the_records_elements_and_cites_only_its_one_code(app, staff):
    plant(app)
    rows = _rows(_signed_in(app).get(f"/staff/reports/spis.csv?{QUERY}"))
    header, body = rows[0], [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert header[:6] == ["standard_part", "standard_element", "measure", "group", "label", "value"]
    first = body[0]
    assert first["measure"] == "received" and first["value"] == "16"
    assert first["standard_element"] == "Referral details > Referral details record entry"
    assert first["standard_source"].startswith("https://theprsb.org/")
    # 871731000000106 is for a person accepting a referral, not a count of requests received.
    assert not first["snomed_ct_concept_id"]
    elements = {row["measure"]: row["standard_element"] for row in body}
    assert elements["by_source"].endswith("> Referral method")
    assert elements["by_language"] == "About me > How I communicate and how to communicate with me"
    assert elements["wellbeing_people"].startswith("Assessments > ")
    # What the record has no element for is exported with neither part nor element.
    for measure in ("onward_answers", "declined_by_person", "attended_first_session"):
        unnamed = [row for row in body if row["measure"] == measure]
        assert unnamed and all(
            not row["standard_part"] and not row["standard_element"] for row in unnamed
        )
    coded = [row for row in body if row["snomed_ct_concept_id"]]
    assert [row["measure"] for row in coded] == ["declined_by_person"]
    assert coded[0]["snomed_ct_concept_id"] == "871711000000103"
    assert coded[0]["code_source"].startswith(
        "https://www.transformationpartnersinhealthandcare.nhs.uk/"
    )
    assert all(
        not row["snomed_ct_term"] and not row["code_source"] for row in body[1:] if row not in coded
    )


def test_formula_like_groups_are_written_as_text(app, staff):
    with app.app_context():
        for _ in range(5):
            db.session.add(
                Referral(
                    reference=f"SR-{secrets.token_hex(4)}",
                    submission_token=secrets.token_hex(16),
                    kind="self_referral",
                    area='=HYPERLINK("http://evil.example")',
                    respond_by=local_today() + timedelta(days=5),
                    created_at=utcnow(),
                )
            )
        commit()
    client = _signed_in(app)
    for url in ("/staff/reports/report.csv", "/staff/reports/spis.csv"):
        text = client.get(f"{url}?period=this_financial_year").get_data(as_text=True)
        assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text, url


def test_a_range_that_cannot_be_reported_on_is_explained(app, staff):
    client = _signed_in(app)
    cases = {
        "from=2026-13-01&to=2026-06-30": "Enter the start date as a real date",
        "from=2026-06-30&to=2026-04-01": "The end date must be the same as or after the start date",
        "from=2020-01-01&to=2026-06-30": "A report can cover at most 3 years",
        "period=fortnight": "Choose a period from the list",
        "period=custom": "Enter the end date as a real date",
    }
    for query, message in cases.items():
        response = client.get(f"/staff/reports?{query}")
        html = response.get_data(as_text=True)
        assert response.status_code == 400 and message in html, query
        assert "<title>Error:" in html and 'class="error-summary"' in html
        assert client.get(f"/staff/reports/report.csv?{query}").status_code == 400
    assert _audit(app, "report.viewed") == []


def test_range_errors_are_translated(app, staff, monkeypatch):
    """The messages go through gettext in the page's language (here Polish, with a stand-in
    catalogue for the strings the translators have not had yet)."""
    monkeypatch.setattr(periods, "_", lambda text: f"[pl] {text}")
    client = _signed_in(app)
    html = client.get("/pl/staff/reports?from=nie&to=2026-06-30").get_data(as_text=True)
    assert "[pl] Enter the start date as a real date" in html
    assert "<title>Błąd:" in html


def test_presets_cover_uk_quarters_and_the_financial_year(app):
    with app.app_context():
        from datetime import date

        today = date(2026, 2, 10)
        assert periods.preset_period("this_quarter", today) == periods.Period(
            date(2026, 1, 1), today, "this_quarter"
        )
        last = periods.preset_period("last_quarter", today)
        assert (last.start, last.end) == (date(2025, 10, 1), date(2025, 12, 31))
        year = periods.preset_period("this_financial_year", today)
        assert (year.start, year.end) == (date(2025, 4, 1), today)
        twelve = periods.preset_period("last_12_months", today)
        assert (twelve.start, twelve.end) == (date(2025, 2, 11), today)


def test_charts_are_laid_out_right_to_left_on_arabic_pages(app, staff):
    plant(app)
    html = _signed_in(app).get(f"/ar/staff/reports?{QUERY}").get_data(as_text=True)
    assert 'direction="rtl"' in html and '<text x="100%"' in html
    assert "scaleX" not in html
