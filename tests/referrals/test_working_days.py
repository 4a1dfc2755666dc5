"""Response deadlines count working days: no weekends, no bank holidays (from ``holidays``)."""

from datetime import date

import pytest

from directory_app.core.config import config_from_environment
from directory_app.referrals.service import add_working_days, bank_holidays, is_working_day


def test_weekends_are_skipped():
    # Friday 20 November 2026 + 1 working day is Monday 23 November.
    assert add_working_days(date(2026, 11, 20), 1) == date(2026, 11, 23)
    assert add_working_days(date(2026, 11, 23), 5) == date(2026, 11, 30)


def test_christmas_2026_and_its_substitute_day_are_skipped():
    # Friday 25 December 2026 and Monday 28 December (for Boxing Day, a Saturday).
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
    # New Year's Day 2027 is a Friday: England goes back on Monday 4 January.
    assert add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_easter_2027_is_skipped():
    # Good Friday 26 March and Easter Monday 29 March 2027.
    assert add_working_days(date(2027, 3, 25), 1) == date(2027, 3, 30)


def test_the_2027_late_may_and_august_bank_holidays_are_skipped():
    assert add_working_days(date(2027, 5, 28), 1) == date(2027, 6, 1)  # Monday 31 May
    assert add_working_days(date(2027, 8, 27), 1) == date(2027, 8, 31)  # Monday 30 August


def test_scotland_keeps_2_january():
    # 2 January 2027 is a Saturday: Scotland's substitute day is Monday 4 January.
    assert add_working_days(date(2026, 12, 31), 1, region="SCT") == date(2027, 1, 5)
    assert not is_working_day(date(2027, 1, 4), "SCT") and is_working_day(date(2027, 1, 4), "ENG")
    # Scotland has no Easter Monday; Northern Ireland has St Patrick's Day.
    assert is_working_day(date(2027, 3, 29), "SCT")
    assert not is_working_day(date(2027, 3, 17), "NIR")


def test_years_ahead_are_covered():
    # The hand-kept list ran out in February 2027; the library knows every year.
    assert date(2030, 12, 25) in bank_holidays(2030)
    assert date(2030, 4, 19) in bank_holidays(2030)  # Good Friday 2030
    assert add_working_days(date(2030, 4, 18), 1) == date(2030, 4, 23)


def test_wales_shares_the_england_calendar():
    for year in (2026, 2027, 2030):
        assert bank_holidays(year, "WLS") == bank_holidays(year, "ENG")


def test_the_region_comes_from_the_config(app):
    with app.app_context():
        app.config["BANK_HOLIDAY_REGION"] = "SCT"
        assert add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 5)
        app.config["BANK_HOLIDAY_REGION"] = "ENG"
        assert add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_an_unknown_region_stops_the_app_starting(monkeypatch, tmp_path):
    monkeypatch.setenv("BANK_HOLIDAY_REGION", "England")
    with pytest.raises(ValueError, match="BANK_HOLIDAY_REGION must be one of"):
        config_from_environment(tmp_path)
    monkeypatch.setenv("BANK_HOLIDAY_REGION", "sct")
    assert config_from_environment(tmp_path)["BANK_HOLIDAY_REGION"] == "SCT"
