"""Response deadlines count working days: no weekends, no bank holidays."""

from datetime import date, timedelta

from directory_app.referrals.service import add_working_days, bank_holidays


def test_weekends_are_skipped():
    # Friday 20 November 2026 + 1 working day is Monday 23 November.
    assert add_working_days(date(2026, 11, 20), 1) == date(2026, 11, 23)
    assert add_working_days(date(2026, 11, 23), 5) == date(2026, 11, 30)


def test_bank_holidays_are_skipped():
    # Christmas 2026: Friday 25 and the substitute Monday 28 December are bank holidays.
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
    # Easter 2027: Good Friday 26 March and Easter Monday 29 March.
    assert add_working_days(date(2027, 3, 25), 1) == date(2027, 3, 30)


def test_bank_holiday_list_covers_the_next_year():
    # Fails when nobody has added the coming year's dates: deadlines would then be wrong.
    assert max(bank_holidays()) >= date.today() + timedelta(days=365) - timedelta(days=60)
