"""Structured data, sitemaps, robots.txt and the partners' widget."""
