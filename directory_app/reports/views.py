"""Reports for commissioners, on screen and as CSV."""

from directory_app.models.staff import REFERRAL_ROLES
from directory_app.web.access import StaffArea

blueprint = StaffArea("reports", __name__, REFERRAL_ROLES, url_prefix="/staff/reports")
