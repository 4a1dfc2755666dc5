"""Reports for commissioners and the dashboard."""
