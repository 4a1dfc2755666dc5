"""The public directory: home, search, activity, organisation, venue and category pages."""
