"""The case page's plan and wellbeing forms."""

from directory_app.models.staff import REFERRAL_ROLES
from directory_app.web.access import StaffArea

blueprint = StaffArea("case_outcomes", __name__, REFERRAL_ROLES, url_prefix="/staff/referrals")
