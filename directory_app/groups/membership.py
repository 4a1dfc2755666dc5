"""Groups asking for accounts, admins deciding, and providers inviting colleagues.

Adds and flushes; the request commits. Every check comes before any change, so a refused
step leaves nothing to undo."""

import re
import secrets
from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from directory_app.accounts.emailed_links import create_link
from directory_app.accounts.service import create_user, normalise_email
from directory_app.core import audit, mail
from directory_app.core.extensions import db
from directory_app.i18n.email_languages import email_locale, page_locale
from directory_app.listings import operations
from directory_app.models import AccountRequest, Organisation, StaffUser
from directory_app.web.input import record_id
from directory_app.web.links import absolute_url

INVITATION_LIFETIME = timedelta(days=7)


class GroupError(ValueError):
    """A step that cannot be taken; each kind has its own class."""


class AlreadyDecided(GroupError):
    """The account request was approved or declined already."""


class ReasonNeeded(GroupError):
    """Declining needs a reason, which the group is sent."""


class StaffAddress(GroupError):
    """The address belongs to a link worker's or admin's account, not a group's."""


class NotYourGroup(GroupError):
    """A provider acting for an organisation that is not theirs."""


def submit_request(form) -> AccountRequest:
    organisation = None
    if record_id(form.organisation_id.data) is not None:
        organisation = db.session.get(Organisation, record_id(form.organisation_id.data))
    request_ = AccountRequest(
        contact_name=form.contact_name.data.strip(),
        role_in_group=(form.role_in_group.data or "").strip(),
        email=normalise_email(form.email.data),
        phone=(form.phone.data or "").strip(),
        organisation=organisation,
        organisation_name=(form.organisation_name.data or "").strip()
        if organisation is None
        else "",
        organisation_description=(form.organisation_description.data or "").strip(),
        organisation_website=(form.organisation_website.data or "").strip(),
        charity_number=(form.charity_number.data or "").strip(),
        language=page_locale(),
    )
    db.session.add(request_)
    db.session.flush()
    audit.record("group.account_requested", request_, actor=None)
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        mail.queue(
            current_app.config["ADMIN_EMAIL"],
            _("A group has asked for an account"),
            _("A group has asked for an account. Sign in to decide: {link}\n").format(
                link=absolute_url("account_requests.request_list")
            ),
        )
    return request_


def _unique_key(name: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "group"
    key = base
    while db.session.scalar(select(Organisation.id).where(Organisation.key == key)):
        key = f"{base}-{secrets.token_hex(2)}"
    return key


def _existing_account(email: str) -> StaffUser | None:
    """The account with this address, which must be a group's; raise ``StaffAddress``."""
    user = db.session.scalar(select(StaffUser).where(StaffUser.email == normalise_email(email)))
    if user is not None and user.role != "provider":
        raise StaffAddress()
    return user


def _provider_for(email: str, name: str) -> tuple[StaffUser, bool]:
    """The provider account for this address, creating it (with no usable password) if new."""
    user = _existing_account(email)
    if user is not None:
        return user, False
    return create_user(email, name, "provider", secrets.token_urlsafe(32)), True


def _welcome(user: StaffUser, organisation: Organisation) -> None:
    link = create_link(user, "set_password", INVITATION_LIFETIME)
    with force_locale(email_locale(user.language)):
        mail.queue(
            user.email,
            _("Your account for {organisation}").format(organisation=organisation.name),
            _(
                "You can now look after the listings of {organisation}.\n\n"
                "Set your password to start (the link works for 7 days): {link}\n"
            ).format(organisation=organisation.name, link=link),
        )


def approve(request_: AccountRequest, admin: StaffUser) -> StaffUser:
    if request_.status != "pending":
        raise AlreadyDecided()
    _existing_account(request_.email)  # refuse a staff address before changing anything
    organisation = request_.organisation
    if organisation is None:
        organisation, _created = operations.find_or_new(
            Organisation, _unique_key(request_.organisation_name)
        )
        operations.write_organisation(
            organisation,
            name=request_.organisation_name,
            description=request_.organisation_description,
            website=request_.organisation_website or None,
            charity_number=request_.charity_number or None,
            # The requester's own address is how we reach them, not the group's public
            # contact: the join form never asks for one, so the group adds it when editing.
            email=None,
            phone=request_.phone or None,
        )
        request_.organisation = organisation
    user, created = _provider_for(request_.email, request_.contact_name)
    if created:
        user.language = request_.language
    if organisation not in user.organisations:
        user.organisations.append(organisation)
    request_.status = "approved"
    request_.decided_by_id = admin.id
    request_.decided_at = datetime.now(UTC)
    db.session.flush()
    _welcome(user, organisation)
    audit.record(
        "group.account_approved",
        request_,
        actor=admin,
        user_id=user.id,
        organisation_id=organisation.id,
    )
    return user


def decline(request_: AccountRequest, admin: StaffUser, reason: str) -> None:
    if request_.status != "pending":
        raise AlreadyDecided()
    if not reason.strip():
        raise ReasonNeeded()
    request_.status = "declined"
    request_.decided_by_id = admin.id
    request_.decided_at = datetime.now(UTC)
    request_.decline_reason = reason.strip()[:300]
    with force_locale(email_locale(request_.language)):
        mail.queue(
            request_.email,
            _("Your request for an account"),
            _(
                "We could not set up an account this time: {reason}\n\nReply to this email if you have questions.\n"
            ).format(reason=request_.decline_reason),
        )
    audit.record("group.account_declined", request_, actor=admin)


def invite(inviter: StaffUser, organisation: Organisation, name: str, email: str) -> StaffUser:
    """A provider adds a colleague to one of their own organisations."""
    if organisation not in inviter.organisations:
        raise NotYourGroup()
    user, created = _provider_for(email, name)
    if created:
        user.language = page_locale()  # a colleague probably reads what the inviter reads
    if organisation not in user.organisations:
        user.organisations.append(organisation)
    db.session.flush()
    _welcome(user, organisation)
    audit.record("group.colleague_invited", organisation, actor=inviter, user_id=user.id)
    return user
