"""A case's shortlist of activities: build, send, print."""

from directory_app.models.staff import REFERRAL_ROLES
from directory_app.web.access import StaffArea

blueprint = StaffArea("case_shortlists", __name__, REFERRAL_ROLES, url_prefix="/staff/referrals")
