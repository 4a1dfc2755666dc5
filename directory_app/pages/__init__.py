"""Information pages: about, accessibility statement, privacy notice, getting help."""
