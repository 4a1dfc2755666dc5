"""Shortlists of activities: a resident's own, in a link, and a link worker's for a person."""
