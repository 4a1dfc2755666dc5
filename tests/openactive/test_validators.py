"""OpenActive's own validators on the feeds: @openactive/rpde-validator walking both feeds
on a live server (as validator.openactive.io does), and its @openactive/data-model-validator
on their items. node_modules comes from ``npm ci`` (package-lock.json)."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from directory_app.domain.dates import utcnow
from directory_app.openactive.series_feed import series_page
from directory_app.openactive.session_feed import sessions_page
from tests.apps import IN_CI
from tests.openactive.feeds import read

ROOT = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).with_name("openactive_validators.js")
PACKAGES = [
    ROOT / "node_modules" / "@openactive" / name
    for name in ("rpde-validator", "data-model-validator")
]
PAGE_LIMIT = 8  # the demo's feeds are a few pages long: the walk reaches their ends

# Recommended properties the directory has no data for (a photo, a leader, a level, a
# venue's phone or opening hours, a session's capacity) or leaves where OpenActive puts
# them (a session's offers are its series'). Any other warning fails the test.
NO_DATA_FOR = {
    "SessionSeries": re.compile(
        r"^\$\.(image|leader|level|organizer\.sameAs|offers\[0\]\.ageRestriction"
        r"|location\.(image|openingHoursSpecification|telephone)"
        r"|eventSchedule\[\d+\]\.urlTemplate)$"
    ),
    "ScheduledSession": re.compile(
        r"^\$\.(leader|maximumAttendeeCapacity|remainingAttendeeCapacity|offers)$"
    ),
}
# ...and those the listing may not have: missing only where the data says so.
WHEN_NOT_GIVEN = {
    "$.ageRange": lambda data: "ageRange" not in data,
    "$.organizer.telephone": lambda data: "telephone" not in data["organizer"],
    "$.location.description": lambda data: "description" not in data["location"],
    "$.location.amenityFeature": lambda data: "amenityFeature" not in data["location"],
}
SCHEDULE_DATE = re.compile(r"^\$\.eventSchedule\[(\d+)\]\.(startDate|endDate)$")


def _run(*arguments) -> dict:
    if shutil.which("node") is None or not all(package.exists() for package in PACKAGES):
        message = "node or node_modules/@openactive/rpde-validator is missing: run `npm ci`"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    finished = subprocess.run(
        ["node", str(RUNNER), *arguments],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    return json.loads(finished.stdout)


@pytest.mark.parametrize("feed", ["session-series", "scheduled-sessions"])
def test_the_rpde_validator_finds_nothing_to_put_right(feeds_server, feed):
    result = _run("rpde", f"{feeds_server}/openactive/{feed}", str(PAGE_LIMIT))
    # The walked pages, then the validator's own check of a page after the end.
    *walked, after_the_end = result["pages"]
    assert len(walked) < PAGE_LIMIT, "the walk stopped before the end of the feed"
    assert "afterTimestamp=" in after_the_end
    by_severity = {}
    for finding in result["errors"]:
        by_severity.setdefault(finding["severity"], []).append(finding)
    assert by_severity.pop("failure", []) == []
    # One warning is the validator's own: its walk loads every page as a page before the
    # last (it can tell the last only once it has it), so it wants the last page cached
    # for an hour, while its check of the last page (after_the_end) wants 8 seconds. The
    # feed sends 8 seconds on every last page, as RPDE asks, so consumers see new data.
    assert [(w["rule"], w["url"]) for w in by_severity.pop("warning", [])] == [
        ("HttpCacheHeaderRule", walked[-1])
    ]
    # Suggestions: "this feed uses the Modelling Opportunity Data specification".
    assert {s["rule"] for s in by_severity.pop("suggestion", [])} == {"ItemDataPromptRule"}
    assert by_severity == {}


def _is_expected(finding: dict, data: dict) -> bool:
    """Whether a data-model finding is one the test allows (see the constants above)."""
    path, rule = finding["path"], finding["rule"]
    if finding["severity"] in ("suggestion", "notice"):
        return True  # what consumers assume when something is left out
    if rule == "ActivityInActivityListRule":
        # It needs the activity list from openactive.io, which tests do not fetch (the ids
        # used are checked against it in activity_concepts); without an id it fails too.
        return True
    if rule == "RequiredFieldsRule" and (match := re.match(r"^\$\.activity\[(\d+)\]", path)):
        # A listing whose title names no activity list concept: its category, by label.
        return "@id" not in data["activity"][int(match.group(1))]
    if finding["severity"] != "warning" or rule != "RecommendedFieldsRule":
        return False
    if NO_DATA_FOR[data["@type"]].match(path):
        return True
    if path in WHEN_NOT_GIVEN:
        return WHEN_NOT_GIVEN[path](data)
    if match := SCHEDULE_DATE.match(path):
        return match.group(2) not in data["eventSchedule"][int(match.group(1))]
    return False


def test_the_data_model_validator_finds_nothing_to_put_right(feeds_app, tmp_path):
    with feeds_app.app_context():
        now = utcnow()
        series = [item["data"] for item in read(series_page, now) if item["state"] == "updated"]
        sessions = [item["data"] for item in read(sessions_page, now) if item["state"] == "updated"]
    cancelled = [data for data in sessions if data["eventStatus"].endswith("Cancelled")]
    checked = series + sessions[:40] + cancelled[:5]
    objects = tmp_path / "objects.json"
    objects.write_text(json.dumps(checked))
    findings = _run("model", str(objects))["errors"]
    assert len(findings) == len(checked)
    unexpected = [
        (data["@id"], finding["severity"], finding["path"], finding["message"][:200])
        for data, found in zip(checked, findings, strict=True)
        for finding in found
        if not _is_expected(finding, data)
    ]
    assert unexpected == []
