"""VCSE groups: asking for an account, admins deciding, providers keeping their listings and
venues right, and moderators checking their changes. Each area's blueprint is in its views
module: ``join_views`` (anyone), ``request_views`` (admins), ``editor_views`` and
``venue_views`` (providers), ``moderation_views`` (link workers and admins)."""
