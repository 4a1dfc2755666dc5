"""The keys the duplicate check compares a person by, kept up to date on every save.

Mapper events rather than code in each writer: the public forms, the staff intake form,
corrections, merging and anonymising all save a request, and none of them can forget.
"""

from sqlalchemy import event

from directory_app.domain.people import email_key, name_key, phone_key, search_key
from directory_app.models.referrals import Referral


def refresh_keys(referral: Referral) -> None:
    """Set the phone, email, name and search keys from the details (blank when blank)."""
    referral.phone_key = phone_key(referral.phone)
    referral.email_key = email_key(referral.email)
    referral.name_key = name_key(referral.full_name)
    referral.search_key = search_key(referral.full_name, referral.preferred_name, referral.phone)


@event.listens_for(Referral, "before_insert")
@event.listens_for(Referral, "before_update")
def _keep_keys_in_step(_mapper, _connection, referral: Referral) -> None:
    refresh_keys(referral)
