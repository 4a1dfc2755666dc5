"""The rules listings follow, as plain data and functions: vocabularies, schedules,
freshness and dates. No database or web code."""
