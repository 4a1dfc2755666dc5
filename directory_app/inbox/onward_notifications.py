"""Who is told what about an onward referral, each in their own language.

Emails to a group's people and to link workers carry no personal details (a reference, the
listing, a link to sign in); the resident's email is about their own referral. Everything
is queued in the request's transaction and sent after it commits.
"""

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from directory_app.core import mail
from directory_app.i18n.dates import long_date
from directory_app.i18n.email_languages import email_locale
from directory_app.i18n.formatting import listed, schedule_in_words
from directory_app.i18n.labels import label
from directory_app.i18n.listing_text import activity_text, organisation_text
from directory_app.web.links import absolute_url

# The words pages and emails use for a decline's reason (``models.onward.DECLINE_REASONS``).
DECLINE_REASON_LABELS = {
    "full": _l("The group is full"),
    "not_suitable": _l("The activity is not suitable for them"),
    "not_eligible": _l("They are not eligible for the activity"),
    "no_response": _l("The group could not reach them"),
    "other": _l("Another reason"),
}


def tell_group(onward, keepers, reply_by) -> None:
    """Each of the group's people: a referral is waiting (nothing about the person)."""
    for keeper in keepers:
        locale = email_locale(keeper.language)
        with force_locale(locale):
            title = activity_text(onward.activity).title
            subject = _("A link worker has referred someone to {activity}").format(activity=title)
            body = _(
                "A link worker has referred someone to {activity}.\n\n"
                "Please accept or decline the referral by {date}. Sign in to see what the "
                "person agreed to share with you, and to answer: {link}\n"
            ).format(
                activity=title,
                date=long_date(reply_by),
                link=absolute_url("group_referrals.referral_list", language=locale),
            )
        mail.queue(keeper.email, subject, body)


def _link_workers(onward) -> list:
    """Who sent it, and the case's link worker when that is someone else."""
    people = [onward.sent_by, onward.referral.assigned_to]
    found = []
    for person in people:
        if person is not None and person.active and person not in found:
            found.append(person)
    return found


def _what_happened(onward, event: str) -> str:
    """One sentence for the link worker, in the current locale: no personal details."""
    words = {
        "organisation": onward.organisation.name,
        "activity": onward.activity.title,
        "reference": onward.referral.reference,
    }
    if event == "accepted":
        return _("{organisation} accepted the referral to {activity} ({reference})").format(**words)
    if event == "declined":
        return _(
            "{organisation} declined the referral to {activity} ({reference}): {reason}"
        ).format(reason=DECLINE_REASON_LABELS.get(onward.decline_reason, ""), **words)
    return _(
        "{organisation} made first contact about the referral to {activity} ({reference})"
    ).format(**words)


def tell_link_workers(onward, event: str) -> None:
    """The link workers on the case: the group answered, or made contact."""
    for person in _link_workers(onward):
        locale = email_locale(person.language)
        with force_locale(locale):
            sentence = _what_happened(onward, event)
            body = _("{what}.\n\nOpen the case: {link}\n").format(
                what=sentence,
                link=absolute_url(
                    "inbox.referral_detail", language=locale, referral_id=onward.referral_id
                ),
            )
        mail.queue(person.email, sentence, body)


def case_note(onward, event: str) -> str:
    """The note the case gets, in the inbox's language (a decline's note is kept in it)."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        sentence = _what_happened(onward, event)
        if event == "declined" and onward.decline_note:
            return _("{what}. Their note: {note}").format(what=sentence, note=onward.decline_note)
        return sentence + "."


def _resident_news(onward, event: str) -> str:
    words = {
        "organisation": organisation_text(onward.organisation).name,
        "activity": activity_text(onward.activity).title,
    }
    if event == "accepted":
        return _(
            "{organisation} has accepted your referral to {activity} and will contact you."
        ).format(**words)
    return _(
        "{organisation} cannot offer you a place at {activity} this time. "
        "Your link worker will be in touch to talk about other activities."
    ).format(**words)


def _where(activity) -> str:
    venue = activity.venue
    if venue is None:
        return label("mode", activity.attendance_mode)
    return ", ".join(
        part for part in (venue.name, venue.address_line, venue.town, venue.postcode) if part
    )


def _group_contact(activity) -> str:
    organisation = activity.organisation
    parts = (
        activity.contact_phone or organisation.phone or "",
        activity.contact_email or organisation.email or "",
        activity.contact_website or organisation.website or "",
    )
    return listed([part for part in parts if part]) or "–"


def resident_by_email(referral) -> bool:
    """Whether the person chose email and gave an address (else they are told by phone)."""
    return referral.preferred_contact == "email" and bool(referral.email)


def tell_resident(onward, event: str) -> None:
    """The person, by email in their language: accepted (when, where, the group's contact)
    or not this time."""
    referral = onward.referral
    locale = email_locale(referral.language)
    with force_locale(locale):
        news = _resident_news(onward, event)
        if event == "accepted":
            details = _("When: {when}\nWhere: {where}\nContact the group: {contact}\n").format(
                when=listed(schedule_in_words(onward.activity)) or "–",
                where=_where(onward.activity),
                contact=_group_contact(onward.activity),
            )
        else:
            details = ""
        body = _(
            "Hello,\n\n{news}\n\n{details}\nThe activity: {link}\nYour reference: {reference}\n"
        ).format(
            news=news,
            details=details,
            link=absolute_url(
                "directory.activity", language=locale, activity_id=onward.activity_id
            ),
            reference=referral.reference,
        )
        subject = _("Your referral to {activity}").format(
            activity=activity_text(onward.activity).title
        )
    mail.queue(referral.email, subject, body)


def phone_note(onward, event: str) -> str:
    """The follow-up note for a person who chose phone or text: the product sends nothing."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return _("Tell them by phone: {news}").format(news=_resident_news(onward, event))
