"""Referrals sent to a group: the group sees what was shared, accepts or declines, records contact."""

from directory_app.web.access import StaffArea

blueprint = StaffArea(
    "group_referrals", __name__, ("provider",), url_prefix="/staff/my-groups/referrals"
)
