"""Reports for commissioners: counts over a date range, small numbers suppressed."""
