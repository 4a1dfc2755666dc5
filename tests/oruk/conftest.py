"""Fixtures for the Open Referral UK feed's tests: the standard's schema folder."""

import pytest

from tests.oruk.standard import schema_folder


@pytest.fixture(scope="session")
def standard():
    """The HSDS-UK 3.0 schema folder; tests that need it skip when it is not here."""
    folder = schema_folder()
    if folder is None:
        pytest.skip(
            "The HSDS-UK 3.0 schemas are not on this machine (set ORUK_SCHEMA_DIR, or put "
            "the standard in ../shared/oruk): the standard is not shipped with the project."
        )
    return folder
