"""Sending the person an email from their case."""

from directory_app.models.staff import REFERRAL_ROLES
from directory_app.web.access import StaffArea

blueprint = StaffArea("case_messages", __name__, REFERRAL_ROLES, url_prefix="/staff/referrals")
