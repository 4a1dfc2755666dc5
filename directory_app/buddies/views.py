"""Volunteer buddy records for link workers."""

from directory_app.models.staff import REFERRAL_ROLES
from directory_app.web.access import StaffArea

blueprint = StaffArea("buddies", __name__, REFERRAL_ROLES, url_prefix="/staff/buddies")
