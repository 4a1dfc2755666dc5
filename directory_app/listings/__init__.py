"""Keeping listings fresh and right: reminders to groups, one-click confirmation, problem
reports from the public, and the CSV import and export. Each area's blueprint is in its
views module: ``public_views`` (anyone), ``problem_views`` (moderators), ``file_views``
(admins)."""
