"""The "Check your answers" rows: each question, the answer in words, and what to change."""

from dataclasses import dataclass

from flask_babel import format_date
from flask_babel import gettext as _

from directory_app.geo.postcodes import normalise_postcode
from directory_app.i18n.formatting import listed
from directory_app.i18n.labels import language_name


@dataclass
class AnswerRow:
    question: str
    answer: str
    field_id: str


def _choice_labels(field) -> str:
    labels = {choice.value: choice.label for choice in field.choices}
    values = field.data if isinstance(field.data, list) else [field.data]
    return listed(labels[value] for value in values if value in labels)


def _yes_no(value) -> str:
    return _("Yes") if value else _("No")


SELF_REFERRAL_ORDER = (
    "full_name", "preferred_name", "dob_day", "postcode", "gp_practice", "phone", "email",
    "preferred_contact", "good_times", "may_leave_message", "may_text", "language",
    "interpreter", "access_needs", "reasons", "help_wanted", "consent_referral",
    "consent_share_with_gp", "consent_feedback",
)  # fmt: skip
BUDDY_ORDER = (
    "activity_name", "hoped_session", "buddy_help", "worries", "buddy_preferences",
    "availability", "full_name", "preferred_name", "phone", "email", "preferred_contact",
    "good_times", "may_leave_message", "may_text", "language", "interpreter", "access_needs",
    "consent_referral", "consent_share_with_volunteer",
)  # fmt: skip


# A professional's referral: who is referring, then the person as on the self-referral.
PROFESSIONAL_ORDER = (
    "referrer_kind", "referrer_name", "referrer_role", "referrer_organisation", "referrer_email",
    "referrer_phone", *(name for name in SELF_REFERRAL_ORDER if name != "consent_referral"),
    "person_agreed",
)  # fmt: skip
ORDERS = {
    "self_referral": SELF_REFERRAL_ORDER,
    "buddy": BUDDY_ORDER,
    "professional": PROFESSIONAL_ORDER,
}


def answer_rows(kind: str, form) -> list[AnswerRow]:
    """Each question of the ``kind`` of form, in the order the page asks it, answered."""
    rows = []
    for name in ORDERS[kind]:
        field = form[name]
        if name == "dob_day":
            born = form.date_of_birth()
            answer = format_date(born, "long") if born else _("Not given (18 or over)")
            rows.append(AnswerRow(_("Date of birth"), answer, field.id))
            continue
        if field.type in ("RadioField", "SelectMultipleField", "MultiCheckboxField"):
            answer = _choice_labels(field)
        elif field.type == "SelectField" and name == "language":
            answer = language_name(field.data, in_own_language=True) if field.data else ""
        elif field.type == "SelectField":
            answer = _choice_labels(field)
        elif field.type == "BooleanField":
            answer = _yes_no(field.data)
        elif name == "postcode":
            answer = normalise_postcode(field.data or "") or (field.data or "")
        else:
            answer = (field.data or "").strip()
        rows.append(
            AnswerRow(
                str(field.label.text).removesuffix(" (optional)"),
                answer or _("Not given"),
                field.id,
            )
        )
    return rows
