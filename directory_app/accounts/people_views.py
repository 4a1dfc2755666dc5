"""Staff accounts, for admins: who has one, invitations, roles, and leavers."""

from directory_app.web.access import StaffArea

blueprint = StaffArea("people", __name__, ("admin",), url_prefix="/staff/people")
