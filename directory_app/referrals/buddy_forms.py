"""The buddy-request form: the activity, what would help, and the shared contact questions."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from directory_app.domain.vocabulary import BUDDY_HELP
from directory_app.referrals.forms import (
    CONTACT_PAGE,
    LANGUAGE_PAGE,
    ContactDetails,
    QuestionPage,
    choices_of,
)
from directory_app.web.forms import MultiCheckboxField


class BuddyRequestForm(ContactDetails):
    pages = (
        QuestionPage("activity", _l("The activity"), ("activity_name", "hoped_session")),
        QuestionPage(
            "help",
            _l("How a buddy could help"),
            ("buddy_help", "worries", "buddy_preferences", "availability"),
        ),
        QuestionPage("about", _l("About you"), ("full_name", "preferred_name")),
        CONTACT_PAGE,
        LANGUAGE_PAGE,
        QuestionPage(
            "agreement",
            _l("Your agreement"),
            ("consent_referral", "consent_share_with_volunteer"),
        ),
    )
    shown_order = tuple(name for page in pages for name in page.fields)
    activity_name = StringField(
        _l("Which activity would you like a buddy for?"),
        validators=[
            DataRequired(_l("Enter the activity you would like to go to")),
            Length(max=200, message=_l("The activity must be 200 characters or fewer")),
        ],
    )
    hoped_session = SelectField(_l("Which session do you hope to go to?"), validators=[Optional()])
    buddy_help = MultiCheckboxField(
        _l("What would help?"),
        choices=choices_of(BUDDY_HELP),
        validators=[DataRequired(_l("Select how a buddy could help"))],
    )
    worries = TextAreaField(
        _l("Is there anything you are worried about that the buddy should know? (optional)"),
        validators=[
            Optional(),
            Length(max=1000, message=_l("Your worries must be 1000 characters or fewer")),
        ],
    )
    buddy_preferences = StringField(
        _l("Anything we should know when choosing a volunteer, such as their gender? (optional)"),
        validators=[
            Optional(),
            Length(max=200, message=_l("Your preferences must be 200 characters or fewer")),
        ],
    )
    availability = StringField(
        _l("When are you free? (optional)"),
        validators=[
            Optional(),
            Length(max=200, message=_l("When you are free must be 200 characters or fewer")),
        ],
    )
    consent_referral = BooleanField(
        _l("I agree to a link worker using these details to arrange a buddy"),
        validators=[DataRequired(_l("You need to agree before we can arrange a buddy"))],
    )
    consent_share_with_volunteer = BooleanField(
        _l("I agree to my first name and phone number being shared with the volunteer"),
        validators=[
            DataRequired(
                _l("You need to agree to share your first name and phone number with the volunteer")
            )
        ],
    )
