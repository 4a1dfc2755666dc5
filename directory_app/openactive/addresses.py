"""Addresses and identifiers in the OpenActive data, every one under ``PUBLIC_URL``.

``@id`` values name things, they are not pages: OpenActive asks only that they be absolute
URIs on a domain the publisher controls and that they never change. Each is built from a
record's public id (``models.public_ids``), which no edit changes, under the feed's own
address. ``url`` values are the directory's pages, for people.

A ScheduledSession's ``@id`` follows its series' Schedule ``idTemplate`` (RFC 6570, filled
with the session's ``startDate``), so a consumer expanding the schedule names each session
as the sessions feed does.
"""

from dataclasses import dataclass
from urllib.parse import quote

from directory_app.web.links import absolute_url


@dataclass(frozen=True)
class FeedAddresses:
    site: str  # the dataset site, ending in "/"
    series_feed: str
    sessions_feed: str

    @classmethod
    def current(cls) -> "FeedAddresses":
        """The addresses under this deployment's ``PUBLIC_URL``."""
        return cls(
            site=absolute_url("openactive.dataset_site"),
            series_feed=absolute_url("openactive.session_series"),
            sessions_feed=absolute_url("openactive.scheduled_sessions"),
        )

    def series_id(self, public_id) -> str:
        """A SessionSeries' ``@id``: the series feed's address and the listing's public id."""
        return f"{self.series_feed}/{public_id}"

    def session_id_template(self, public_id) -> str:
        """The ``idTemplate`` of a series' schedules."""
        return self.series_id(public_id) + "/sessions/{startDate}"

    def session_id(self, public_id, start_date: str) -> str:
        """A session's ``@id``: the template filled by RFC 6570 simple expansion."""
        return self.series_id(public_id) + "/sessions/" + quote(start_date, safe="")

    def place_id(self, public_id) -> str:
        """A venue's ``@id`` (a Place), from its public id."""
        return f"{self.site}places/{public_id}"

    def organisation_id(self, public_id) -> str:
        """An organisation's ``@id`` (the organizer), from its public id."""
        return f"{self.site}organisations/{public_id}"


def activity_page(activity_id: int) -> str:
    """The activity's page in the directory (with no language prefix)."""
    return absolute_url("directory.activity", activity_id=activity_id)


def venue_page(venue_id: int) -> str:
    """The venue's page in the directory."""
    return absolute_url("directory.venue", venue_id=venue_id)


def organisation_page(organisation_id: int) -> str:
    """The organisation's page in the directory."""
    return absolute_url("directory.organisation", organisation_id=organisation_id)
