"""The search library must be the maintained fork, never the abandoned Whoosh 2.7.4."""

from importlib.metadata import PackageNotFoundError, distribution, version

import whoosh


def test_whoosh_reloaded_is_pinned():
    assert version("whoosh-reloaded") == "2.7.5"
    assert whoosh.versionstring() == "2.7.5"


def test_old_whoosh_is_not_installed():
    try:
        old = distribution("Whoosh")
    except PackageNotFoundError:
        return
    # Distribution lookup is case-insensitive: it must be the fork, not "Whoosh" 2.7.4.
    assert old.metadata["Name"].lower() == "whoosh-reloaded"
