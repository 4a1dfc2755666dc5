"""Logging contact attempts on a case."""

from directory_app.models.staff import REFERRAL_ROLES
from directory_app.web.access import StaffArea

blueprint = StaffArea("attempts", __name__, REFERRAL_ROLES, url_prefix="/staff/referrals")
