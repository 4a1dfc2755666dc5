"""The accessibility statement and privacy notice say what the regulations and the ICO ask."""

import re


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_the_accessibility_statement_follows_the_public_sector_template(client, app):
    html = _text(client.get("/accessibility"))
    assert f"This website is run by {app.config['OPERATOR_NAME']}" in html
    assert "Accessibility Regulations 2018" in html
    assert "Compliance status" in html and "partially compliant" in html
    assert "Non-accessible content" in html
    assert "This statement was prepared on 1 December 2026" in html
    assert "last tested on 1 December 2026" in html


def test_a_fully_compliant_deployment_says_so_and_lists_no_failures(client, app):
    app.config["ACCESSIBILITY_COMPLIANCE"] = "fully"
    app.config["ACCESSIBILITY_TESTED_BY"] = "An Auditor Ltd"
    html = _text(client.get("/accessibility"))
    assert "fully compliant" in html and "Non-accessible content" not in html
    assert "The test was carried out by An Auditor Ltd." in html


def test_the_privacy_notice_names_the_controller_bases_and_the_ico(client, app):
    app.config["ICO_REGISTRATION"] = "ZA123456"
    html = _text(client.get("/privacy"))
    assert f"{app.config['OPERATOR_NAME']} runs this service and is the data controller" in html
    assert "ZA123456" in html and app.config["DATA_PROTECTION_EMAIL"] in html
    assert "Article 6(1)(e)" in html and "Article 9(2)(h)" in html
    assert "right to complain to the Information Commissioner’s Office" in html
    assert 'href="tel:03031231113" dir="ltr"' in html


def test_a_charity_relying_on_consent_says_so(client, app):
    app.config["LAWFUL_BASIS"] = "consent"
    app.config["HEALTH_DATA_BASIS"] = "explicit-consent"
    html = _text(client.get("/privacy"))
    assert "Article 6(1)(a)" in html and "Article 9(2)(a)" in html
    assert "Article 6(1)(e)" not in html


def test_retention_periods_are_plural_aware(client, app):
    app.config["RETENTION_MONTHS"] = 1
    app.config["INVALID_RETENTION_DAYS"] = 1
    html = _text(client.get("/privacy"))
    assert "for 1 month," in html and "after 1 day." in html
