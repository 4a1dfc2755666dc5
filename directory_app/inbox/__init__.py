"""The link workers' inbox: referrals and buddy requests, triage, dashboard, exports.

Only signed-in staff whose role may see referrals get in (``views.blueprint`` is a
``StaffArea``); everyone else is sent to sign in or refused.
"""
