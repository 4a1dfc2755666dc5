"""The form link workers fill in to add or change a volunteer buddy's record."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Optional, ValidationError

from directory_app.buddies.records import FIELDS
from directory_app.domain.dates import local_today
from directory_app.web.forms import (
    DirectoryForm,
    MultiCheckboxField,
    email_format,
    language_choices,
    no_longer_than,
    phone_format,
)


def not_in_the_future(_form, field) -> None:
    """A check cannot have been done after today."""
    if field.data and field.data > local_today():
        raise ValidationError(_l("The date must be today or in the past"))


class RealDateField(DateField):
    """A date box (``<input type="date">``) whose mistake is said kindly, and translated."""

    def process_formdata(self, valuelist):
        if valuelist and not valuelist[0].strip():
            self.data = None
            return
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Enter a real date, like 2026-03-27")) from None


class ChoiceBoxes(MultiCheckboxField):
    """Tick boxes that refuse answers not on the list, in the page's language."""

    def pre_validate(self, form):
        offered = {choice.value for choice in self.choices}
        if any(value not in offered for value in self.data or []):
            raise ValidationError(_l("Choose from the list"))


def _date_field(label):
    return RealDateField(label, validators=[Optional(), not_in_the_future])


class BuddyForm(DirectoryForm):
    """A volunteer's details, languages, areas, availability and checks."""

    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Enter their name")), no_longer_than(120)]
    )
    email = StringField(
        _l("Email address (optional)"), validators=[Optional(), no_longer_than(254), email_format]
    )
    phone = StringField(
        _l("Phone number (optional)"), validators=[Optional(), no_longer_than(40), phone_format]
    )
    languages = ChoiceBoxes(_l("Languages they speak"), choices=[])
    areas = ChoiceBoxes(_l("Areas they cover"), choices=[])
    availability = StringField(
        _l("When they are free (optional)"), validators=[Optional(), no_longer_than(200)]
    )
    notes = TextAreaField(_l("Notes (optional)"), validators=[Optional(), no_longer_than(2000)])
    dbs_checked_on = _date_field(_l("DBS check date"))
    trained_on = _date_field(_l("Training date"))
    references_checked_on = _date_field(_l("References checked date"))
    active = BooleanField(_l("Active: can be matched with people"))

    def __init__(self, areas: list[str], *args, **kwargs):
        """``areas``: the boroughs to offer (those of the venues, and any the record holds)."""
        super().__init__(*args, **kwargs)
        self.languages.choices = language_choices(blank=False)
        self.areas.choices = [SelectChoice(area, area) for area in dict.fromkeys(areas)]

    def values(self) -> dict:
        """What the record should hold, by field name, with text trimmed."""
        values = {name: getattr(self, name).data for name in FIELDS}
        for name in ("name", "email", "phone", "availability", "notes"):
            values[name] = (values[name] or "").strip()
        values["email"] = values["email"].lower()
        values["languages"] = list(values["languages"] or [])
        values["areas"] = list(values["areas"] or [])
        values["active"] = bool(values["active"])
        return values
