"""Open Referral UK (HSDS-UK 3.0) read-only API."""
