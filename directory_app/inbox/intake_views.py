"""Link workers entering a referral taken by phone or in person."""

from directory_app.models.staff import REFERRAL_ROLES
from directory_app.web.access import StaffArea

blueprint = StaffArea("intake", __name__, REFERRAL_ROLES, url_prefix="/staff/referrals")
