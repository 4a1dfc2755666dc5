"""Place names residents type ("Dagenham", "Stoke Newington"), found from our venues.

A place is the centre of the venues in that neighbourhood, town or borough. This covers the
areas the directory serves without another data set; a postcode is always more exact.
"""

from sqlalchemy import func, select

from directory_app.core.extensions import db
from directory_app.geo.postcodes import Point, to_point
from directory_app.models import Venue


def find_place(name: str) -> Point | None:
    """The centre of the venues whose neighbourhood, town or borough is this name."""
    wanted = name.strip().lower()
    if len(wanted) < 3:
        return None
    for column in (Venue.neighbourhood, Venue.town, Venue.borough):
        row = db.session.execute(
            select(func.avg(Venue.easting), func.avg(Venue.northing), func.min(column)).where(
                func.lower(column) == wanted, Venue.easting.is_not(None)
            )
        ).one()
        if row[0] is not None:
            return to_point(float(row[0]), float(row[1]), label=row[2])
    return None


# A place this far from every venue is outside the areas the directory covers. On the demo
# data every postcode of a district with a venue lies within 4.2 km of one (WS9, the most
# rural), while Westminster (SW1A, 5.4 km from Hackney's venues) and Birmingham's centre
# (B1, 8.2 km from Walsall's) are other councils' areas.
COVERED_WITHIN_METRES = 5000


def covers(point: Point) -> bool:
    """Whether any venue lies within COVERED_WITHIN_METRES of the point."""
    reach = COVERED_WITHIN_METRES
    east, north = Venue.easting - point.easting, Venue.northing - point.northing
    near = db.session.scalar(
        select(Venue.id)
        .where(
            # The box lets an index narrow the rows; the circle is the rule.
            Venue.easting.between(point.easting - reach, point.easting + reach),
            Venue.northing.between(point.northing - reach, point.northing + reach),
            east * east + north * north <= reach * reach,
        )
        .limit(1)
    )
    return near is not None
