"""Volunteer buddies: their records, suggestions for a request, matching and attendance."""
