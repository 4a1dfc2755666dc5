"""Pages that search engines and partners' sites understand: schema.org structured data on
listing pages, the sitemaps, robots.txt, and the widget partners put on their own sites."""
