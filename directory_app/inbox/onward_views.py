"""Referring a person on to a group's listing, and following it up."""

from directory_app.models.staff import REFERRAL_ROLES
from directory_app.web.access import StaffArea

blueprint = StaffArea("onward", __name__, REFERRAL_ROLES, url_prefix="/staff/referrals")
