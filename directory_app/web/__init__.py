"""Shared pieces of the web layer: form parts, staff-area access, template helpers, links."""
