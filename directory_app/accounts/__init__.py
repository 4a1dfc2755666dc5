"""Staff accounts: signing in (by password or emailed link), the staff home page, and the
audit log for admins. Each area's blueprint is in its views module."""
