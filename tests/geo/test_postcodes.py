import pytest

from directory_app.geo.postcodes import (
    PostcodeError,
    distance_miles,
    from_latitude_longitude,
    looks_like_postcode,
    lookup_postcode,
    normalise_postcode,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("e81ag", "E8 1AG"),
        (" WS1  1DA ", "WS1 1DA"),
        ("rm10 7af", "RM10 7AF"),
        ("hello", None),
        ("E8", None),
    ],
)
def test_normalise_postcode(typed, expected):
    assert normalise_postcode(typed) == expected


def test_known_postcode_has_grid_and_latitude_longitude():
    point = lookup_postcode("e8 1ag")
    assert point.label == "E8 1AG"
    # Hackney Central: roughly 51.545 N, 0.056 W.
    assert 51.53 < point.latitude < 51.56
    assert -0.08 < point.longitude < -0.04
    assert 530000 < point.easting < 540000


def test_outward_code_resolves_to_the_centre_of_its_postcodes():
    point = lookup_postcode("WS1")
    assert point.label == "WS1"
    assert distance_miles(point.easting, point.northing, *_grid("WS1 1DA")) < 2


def _grid(postcode):
    point = lookup_postcode(postcode)
    return point.easting, point.northing


def test_unknown_postcode_is_reported_as_unknown():
    with pytest.raises(PostcodeError) as error:
        lookup_postcode("E8 9ZZ")
    assert error.value.reason == "unknown"


def test_malformed_postcode_is_reported_as_malformed():
    with pytest.raises(PostcodeError) as error:
        lookup_postcode("12345")
    assert error.value.reason == "malformed"


def test_postcode_shapes():
    assert looks_like_postcode("E8 1AG")
    assert looks_like_postcode("ws1")
    assert not looks_like_postcode("Dagenham")


def test_distance_between_boroughs_is_plausible():
    hackney = lookup_postcode("E8 1AG")
    barking = lookup_postcode("IG11 7AF")
    miles = distance_miles(hackney.easting, hackney.northing, barking.easting, barking.northing)
    assert 5 < miles < 8


def test_browser_location_converts_to_grid():
    point = from_latitude_longitude(51.5455, -0.0553)
    hackney = lookup_postcode("E8 1AG")
    assert distance_miles(point.easting, point.northing, hackney.easting, hackney.northing) < 0.5
    assert from_latitude_longitude(48.85, 2.35) is None  # Paris is off the National Grid
