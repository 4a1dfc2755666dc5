"""Plans and wellbeing measures on a case (issue #17)."""
