"""Which volunteers to suggest for a buddy request, and why.

Only active volunteers whose checks are in date are suggested. They are ranked by whether
they speak the person's language (or sign, for a BSL interpreter need), then whether they
cover the person's area or the borough of the activity's venue, then by how few people
they are matched with now, so the work is shared.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from directory_app.buddies.records import can_be_matched
from directory_app.core.extensions import db
from directory_app.i18n.labels import language_name
from directory_app.models import Buddy, Referral

# A person who needs a BSL interpreter is best met by a volunteer who signs.
SIGN_LANGUAGE = "bfi"
# The statuses in which a volunteer is still going with someone.
MATCHED_STATUSES = ("buddy_matched",)


@dataclass
class Suggestion:
    """A volunteer who could go with the person, with what they have in common."""

    buddy: Buddy
    language: str  # the person's language the volunteer speaks, or ""
    area: str  # the person's (or the venue's) area the volunteer covers, or ""
    open_matches: int
    # Where their language comes in the person's (signing before English for a BSL need).
    language_rank: int = 0

    @property
    def rank(self) -> tuple:
        """Language first, then area, then the fewest current matches; names break ties."""
        return (
            (0, self.language_rank) if self.language else (1, 0),
            not self.area,
            self.open_matches,
            self.buddy.name.casefold(),
        )

    def reasons(self) -> list[str]:
        """Why they are suggested, in words: "Speaks Polish", "Covers Hackney"…"""
        words = []
        if self.language:
            words.append(_("Speaks {language}").format(language=language_name(self.language)))
        if self.area:
            words.append(_("Covers {area}").format(area=self.area))
        if self.open_matches:
            words.append(
                ngettext("%(num)d current match", "%(num)d current matches", self.open_matches)
            )
        else:
            words.append(_("No current matches"))
        return words


def languages_wanted(referral: Referral) -> list[str]:
    """The languages a volunteer could usefully speak with this person, best first."""
    wanted = [referral.language] if referral.language else []
    if referral.interpreter == "bsl":
        wanted.insert(0, SIGN_LANGUAGE)
    return wanted


def areas_wanted(referral: Referral) -> list[str]:
    """The person's own area, and the borough of the venue they hope to go to."""
    areas = [referral.area] if referral.area else []
    venue = referral.activity.venue if referral.activity else None
    if venue is not None and venue.borough and venue.borough not in areas:
        areas.append(venue.borough)
    return areas


def open_matches() -> dict[int, int]:
    """How many requests each volunteer is matched with now, by buddy id."""
    rows = db.session.execute(
        select(Referral.buddy_id, func.count())
        .where(Referral.buddy_id.is_not(None), Referral.status.in_(MATCHED_STATUSES))
        .group_by(Referral.buddy_id)
    )
    return {buddy_id: count for buddy_id, count in rows}


def _first_shared(wanted: list[str], offered: list | None) -> str:
    return next((item for item in wanted if item in (offered or [])), "")


def suggest(referral: Referral, today: date) -> list[Suggestion]:
    """Every volunteer who can be matched today, best first (the one matched now left out)."""
    languages, areas, counts = languages_wanted(referral), areas_wanted(referral), open_matches()
    found = []
    for buddy in db.session.scalars(select(Buddy).where(Buddy.active.is_(True))):
        if not can_be_matched(buddy, today) or buddy.id == referral.buddy_id:
            continue
        language = _first_shared(languages, buddy.languages)
        found.append(
            Suggestion(
                buddy=buddy,
                language=language,
                area=_first_shared(areas, buddy.areas),
                open_matches=counts.get(buddy.id, 0),
                language_rank=languages.index(language) if language else 0,
            )
        )
    return sorted(found, key=lambda suggestion: suggestion.rank)
