"""Filling in the staff intake and the professional's form, as a person would."""

from tests.referrals.helpers import errors, start

NEW_REFERRAL = "/staff/referrals/new"
PROFESSIONAL = "/get-help/refer-someone"


def phone_referral(**overrides) -> dict:
    """A referral a link worker took on the phone, agreed verbally."""
    data = {
        "source": "phone",
        "consent_method": "verbal",
        "consent_given_by": "",
        "full_name": "Zoë O'Brien",
        "dob_day": "3",
        "dob_month": "9",
        "dob_year": "1950",
        "postcode": "E8 1AG",
        "phone": "+44 7700 900 982",
        "preferred_contact": "phone",
        "interpreter": "none",
        "reasons": ["loneliness"],
        "help_wanted": "Lives alone since her husband died.",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def professional_referral(**overrides) -> dict:
    """A GP practice referring someone who agreed."""
    data = {
        "referrer_kind": "gp_practice",
        "referrer_name": "Dr Priya Shah",
        "referrer_role": "GP",
        "referrer_organisation": "Elm Tree Surgery",
        "referrer_email": "P.Shah@Example.NHS.uk",
        "referrer_phone": "020 7946 0000",
        "full_name": "Tomasz Nowak",
        "dob_day": "1",
        "dob_month": "5",
        "dob_year": "1962",
        "postcode": "e8 1ag",
        "phone": "07700 900 555",
        "preferred_contact": "phone",
        "interpreter": "spoken",
        "language": "pl",
        "reasons": ["loneliness", "anxiety"],
        "person_agreed": "y",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def enter(client, answers: dict):
    """Open the staff form and save it once; returns (response, the form's hidden fields)."""
    hidden = start(client, NEW_REFERRAL)
    response = client.post(NEW_REFERRAL, data=hidden | answers)
    assert response.status_code == 302, errors(response.get_data(as_text=True))
    return response, hidden


def link_worker(app, email: str = "lw@example.org", name: str = "Lin Worker") -> int:
    """A link worker on any app (the ``staff`` fixture is for ``app`` only); their id."""
    from directory_app.accounts.service import create_user
    from directory_app.core.transaction import commit
    from tests.staff import PASSWORD

    with app.app_context():
        user_id = create_user(email, name, "link_worker", PASSWORD).id
        commit()
    return user_id
