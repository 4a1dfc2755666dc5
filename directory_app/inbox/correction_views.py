"""Correcting a person's details on their case."""

from directory_app.models.staff import REFERRAL_ROLES
from directory_app.web.access import StaffArea

blueprint = StaffArea("corrections", __name__, REFERRAL_ROLES, url_prefix="/staff/referrals")
