"""The keys the duplicate check compares a person by, kept up to date on every save."""
