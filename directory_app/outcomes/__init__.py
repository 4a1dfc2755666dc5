"""Outcomes on a case: the person's WOOP plan and their wellbeing measured over time."""
