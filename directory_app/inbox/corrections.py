"""Correcting a person's details on their case, with the old values kept.

Each changed field is a ``ReferralCorrection`` (old value, new value, who, when); a field
left as it was makes none. The audit log names the fields, never their values.
"""

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from directory_app.core import audit
from directory_app.i18n.dates import long_date
from directory_app.i18n.labels import label, language_name
from directory_app.inbox.intake_forms import CORRECTABLE
from directory_app.inbox.triage import TriageError
from directory_app.models import Referral, ReferralCorrection, StaffUser
from directory_app.referrals.service import area_for_postcode

FIELD_LABELS = {
    "full_name": _l("Full name"),
    "preferred_name": _l("Preferred name"),
    "date_of_birth": _l("Date of birth"),
    "phone": _l("Phone"),
    "email": _l("Email"),
    "preferred_contact": _l("Contact by"),
    "may_leave_message": _l("Safe to leave a voicemail"),
    "may_text": _l("Safe to text"),
    "postcode": _l("Postcode"),
    "language": _l("Language"),
    "interpreter": _l("Interpreter"),
    "access_needs": _l("Access or communication needs"),
}
BOOLEAN_FIELDS = ("may_leave_message", "may_text")


class CannotCorrect(TriageError):
    """An anonymised case has no details left to correct."""


def _stored(value) -> str:
    # Kept as text whatever the column: "yes"/"no", a date in ISO form, or the text itself.
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    return value or ""


def correct(
    referral: Referral, values: dict, actor: StaffUser, confirmed_adult: bool = False
) -> list[str]:
    """Apply ``values`` (model values for ``CORRECTABLE`` fields); return the changed names."""
    if referral.anonymised_at is not None:
        raise CannotCorrect()
    changed = []
    for name in CORRECTABLE:
        old, new = getattr(referral, name), values[name]
        if _stored(old) == _stored(new):
            continue
        referral.corrections.append(
            ReferralCorrection(
                changed_by_id=actor.id,
                field=name,
                old_value=_stored(old),
                new_value=_stored(new),
            )
        )
        setattr(referral, name, new)
        changed.append(name)
    if "postcode" in changed:
        referral.area = area_for_postcode(referral.postcode) if referral.postcode else ""
    referral.confirmed_adult = referral.date_of_birth is not None or confirmed_adult
    if changed:
        audit.record("referral.corrected", referral, actor=actor, fields=changed)
    return changed


@dataclass
class CorrectionRow:
    field: str
    who: str
    when: datetime
    old: str
    new: str


def _in_words(name: str, stored: str) -> str:
    if not stored:
        return _("Not given")
    if name in BOOLEAN_FIELDS:
        return _("Yes") if stored == "yes" else _("No")
    if name == "date_of_birth":
        return long_date(date.fromisoformat(stored))
    if name == "language":
        return language_name(stored)
    if name == "preferred_contact":
        return label("contact", stored)
    if name == "interpreter":
        return label("interpreter", stored)
    return stored


def history(referral: Referral) -> list[CorrectionRow]:
    """The corrections made to the case, newest first, in words."""
    return [
        CorrectionRow(
            field=str(FIELD_LABELS.get(item.field, item.field)),
            who=item.changed_by.name if item.changed_by else _("Unknown"),
            when=item.changed_at,
            old=_in_words(item.field, item.old_value),
            new=_in_words(item.field, item.new_value),
        )
        for item in reversed(referral.corrections)
    ]


def panel(referral: Referral, today: date) -> dict:
    """What the case page's corrections panel shows (merged into its template context)."""
    return {"correction_history": history(referral)}
