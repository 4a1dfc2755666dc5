"""Languages: which one a visitor reads, the /pl/ prefix, emails' languages, and how
listings, dates, times, distances and labels read in each."""
