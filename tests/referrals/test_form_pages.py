"""The residents' forms ask a few questions a page: each page checks its own questions, the
others' answers travel with it hidden, Back and Change keep everything, and check answers
and send still check every answer."""

import re

import pytest
from sqlalchemy import func, select

from directory_app.core.extensions import db
from directory_app.models import EmailOutboxMessage, Referral
from directory_app.referrals.buddy_forms import BuddyRequestForm
from directory_app.referrals.forms import SelfReferralForm
from tests.casework.intake_helpers import PROFESSIONAL, professional_referral
from tests.referrals.helpers import (
    BUDDY,
    SELF_REFERRAL,
    PageForm,
    errors,
    press,
    published_activity_id,
    start,
    valid_buddy,
    valid_self_referral,
    walk_pages,
)

FORMS = {
    "self-referral": (SELF_REFERRAL, SelfReferralForm.pages, valid_self_referral),
    "buddy": (BUDDY, BuddyRequestForm.pages, valid_buddy),
}
# What each page says when Continue is pressed with nothing answered, in the page's order.
NOTHING_ANSWERED = {
    SELF_REFERRAL: {
        "about": [
            "Enter your full name",
            "Enter your date of birth, or tick that you are 18 or over",
            "Enter your postcode",
        ],
        "contact": ["Select how you would like us to contact you"],
        "language": [],  # the interpreter question starts answered: "No"
        "help": ["Select what you would like help with"],
        "agreement": ["You need to agree before we can help you"],
    },
    BUDDY: {
        "activity": ["Enter the activity you would like to go to"],
        "help": ["Select how a buddy could help"],
        "about": ["Enter your full name"],
        "contact": ["Select how you would like us to contact you"],
        "language": [],
        "agreement": [
            "You need to agree before we can arrange a buddy",
            "You need to agree to share your first name and phone number with the volunteer",
        ],
    },
}


def _count(app, model=Referral) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _as_list(value) -> list[str]:
    return value if isinstance(value, list) else [value]


def _heading(html: str) -> str:
    [heading] = re.findall(r"<h1>(.*?)</h1>", html, re.S)
    return heading


def _summary_links(html: str) -> list[str]:
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    return re.findall(r'<a href="#([^"]+)"', summary.group(0)) if summary else []


def _input_ids(html: str) -> list[str]:
    return re.findall(r'<(?:input|select|textarea)[^>]* id="([^"]+)"', html)


def _field_of(element_id: str) -> str:
    return re.sub(r"-\d+$", "", element_id)


def _go(client, path, html, step, answers=None) -> str:
    return press(client, path, html, step, answers).get_data(as_text=True)


@pytest.mark.parametrize("kind", FORMS)
def test_each_page_asks_its_own_questions_and_carries_the_others(client, kind):
    path, pages, valid = FORMS[kind]
    answers = valid()
    html = client.get(path).get_data(as_text=True)
    for number, page in enumerate(pages, start=1):
        shown = PageForm(html)
        assert shown.shown - {"website"} == set(page.fields), page.name
        assert _heading(html) == str(page.title)
        assert f"Step <bdi>{number}</bdi> of <bdi>{len(pages) + 1}</bdi>" in html
        assert ("This is not an emergency service" in html) == (number == 1)
        # Back: a link out of the form on the first page, a button keeping answers after.
        assert ('value="back:' + page.name + '"' in html) == (number > 1)
        html = _go(client, path, html, f"next:{page.name}", answers)
        assert not errors(html), (page.name, errors(html))
        carried = PageForm(html).values
        for name in page.fields:
            if name in answers:
                assert carried[name] == _as_list(answers[name]), name
    assert "Check your answers before sending" in html
    assert f"Step <bdi>{len(pages) + 1}</bdi> of <bdi>{len(pages) + 1}</bdi>" in html


@pytest.mark.parametrize("kind", FORMS)
def test_walking_every_page_then_send_stores_one_request(client, app, kind):
    path, pages, valid = FORMS[kind]
    activity_id = published_activity_id(app)
    html = client.get(f"{path}?activity={activity_id}").get_data(as_text=True)
    for page in pages:
        assert "You are asking about:" in html, page.name
        html = _go(client, path, html, f"next:{page.name}", valid())
    assert "You are asking about:" in html and 'value="send"' in html
    first = press(client, path, html, "send")
    second = press(client, path, html, "send")  # a double tap, or the browser's back
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == "/get-help/sent"
    assert _count(app) == 1 and _count(app, EmailOutboxMessage) == 1
    with app.app_context():
        referral = db.session.scalar(select(Referral))
        assert referral.activity_id == activity_id
        assert referral.kind == ("buddy" if path == BUDDY else "self_referral")
        assert referral.full_name == valid()["full_name"]


@pytest.mark.parametrize("kind", FORMS)
def test_each_page_shows_only_its_own_problems_in_its_order(client, app, kind):
    path, pages, valid = FORMS[kind]
    html = client.get(path).get_data(as_text=True)
    for page in pages:
        expected = NOTHING_ANSWERED[path][page.name]
        problem = _go(client, path, html, f"next:{page.name}")
        if not expected:
            assert "There is a problem" not in problem
            html = problem
            continue
        assert errors(problem) == expected, page.name
        assert problem.startswith("<!doctype html>") and "<title>Error: " in problem
        assert _heading(problem) == str(page.title)  # still the same page
        links = _summary_links(problem)
        inputs = _input_ids(problem)
        assert len(links) == len(expected)
        assert all(link in inputs for link in links), (links, inputs)  # never a <div>
        assert links == sorted(links, key=inputs.index)
        assert {_field_of(link) for link in links} <= set(page.fields)
        html = _go(client, path, problem, f"next:{page.name}", valid())
        assert not errors(html), (page.name, errors(html))
    assert "Check your answers before sending" in html
    assert _count(app) == 0


def test_back_keeps_every_answer_even_unfinished_ones(client, app):
    answers = valid_self_referral()
    first = client.get(SELF_REFERRAL).get_data(as_text=True)
    contact = _go(client, SELF_REFERRAL, first, "next:about", answers)
    assert _heading(contact) == "How we can contact you"
    # Half of this page answered, then Back: nothing checked, nothing lost.
    about = _go(client, SELF_REFERRAL, contact, "back:contact", {"phone": "07700 900982"})
    assert _heading(about) == "About you" and not errors(about)
    page = PageForm(about)
    assert page.values["full_name"] == ["Ann Example"] and "full_name" in page.shown
    assert page.values["phone"] == ["07700 900982"] and "phone" not in page.shown
    assert not re.search(r'name="step" value="back:', about)  # the first page's is a link
    assert 'href="/get-help"' in about
    again = _go(client, SELF_REFERRAL, about, "next:about")
    assert 'id="phone" name="phone" value="07700 900982"' in again

    # From check answers, Back is the last page of questions, answered.
    check = walk_pages(client, SELF_REFERRAL, answers)
    last = _go(client, SELF_REFERRAL, check, "back:check")
    assert _heading(last) == "Your agreement"
    assert re.search(r'id="consent_referral"[^>]* checked', last)
    assert 'name="return_to"' not in last
    assert _count(app) == 0


@pytest.mark.parametrize("kind", FORMS)
def test_every_change_link_opens_the_page_asking_it_and_returns_to_check(client, kind):
    path, pages, valid = FORMS[kind]
    check = walk_pages(client, path, valid())
    changes = [step for step in PageForm(check).buttons if step.startswith("change:")]
    assert len(changes) >= 15
    for step in changes:
        field = step.removeprefix("change:")
        html = _go(client, path, check, step)
        [page] = [page for page in pages if field in page.fields]
        assert _heading(html) == str(page.title), field
        assert 'name="return_to" value="check"' in html
        assert "There is a problem" not in html
        # Straight to the answer (the first box of a group of them).
        assert re.search(rf'id="{field}(-1)?"[^>]*autofocus', html), field
        # Continue, and Back, both go back to check answers.
        for button in (f"next:{page.name}", f"back:{page.name}"):
            assert "Check your answers before sending" in _go(client, path, html, button), field


def test_a_changed_answer_is_checked_then_shown_on_check_answers(client, app):
    check = walk_pages(client, SELF_REFERRAL, valid_self_referral())
    about = _go(client, SELF_REFERRAL, check, "change:postcode")
    wrong = _go(client, SELF_REFERRAL, about, "next:about", {"postcode": "nope"})
    assert errors(wrong) == ["Enter a full UK postcode, like E8 1AG"]
    assert 'name="return_to" value="check"' in wrong  # still on the way back to check
    fixed = _go(client, SELF_REFERRAL, wrong, "next:about", {"postcode": "b1 1bb"})
    assert "Check your answers before sending" in fixed and "B1 1BB" in fixed
    assert "E8 1AG" not in fixed
    help_page = _go(client, SELF_REFERRAL, fixed, "change:reasons")
    changed = _go(client, SELF_REFERRAL, help_page, "next:help", {"reasons": ["housing"]})
    assert "Housing" in changed and "Feeling lonely or isolated" not in changed
    assert press(client, SELF_REFERRAL, changed, "send").status_code == 302
    with app.app_context():
        referral = db.session.scalar(select(Referral))
        assert referral.postcode == "B1 1BB" and referral.reasons == ["housing"]


def test_a_skipped_pages_rules_still_apply_at_send(client, app):
    # A post that never showed the "what matters" page, straight to send.
    data = start(client, SELF_REFERRAL) | valid_self_referral(reasons=None) | {"step": "send"}
    html = client.post(SELF_REFERRAL, data=data).get_data(as_text=True)
    assert _heading(html) == "What matters to you"
    assert errors(html) == ["Select what you would like help with"]
    assert "<title>Error: " in html and 'name="return_to" value="check"' in html
    assert 'value="Ann Example"' in html  # the other answers still travel with it

    # Pressing the last page's Continue from the first page skips nothing either.
    first = client.get(SELF_REFERRAL).get_data(as_text=True)
    tampered = press(client, SELF_REFERRAL, first, "next:about").get_data(as_text=True)
    data = PageForm(tampered).values | {"consent_referral": ["y"], "step": "next:agreement"}
    html = client.post(SELF_REFERRAL, data=data).get_data(as_text=True)
    assert _heading(html) == "About you" and "Enter your full name" in errors(html)

    # An answer changed in a hidden field after check answers is checked again at send.
    check = walk_pages(client, SELF_REFERRAL, valid_self_referral())
    data = PageForm(check).values | {"postcode": ["nope"], "step": "send"}
    html = client.post(SELF_REFERRAL, data=data).get_data(as_text=True)
    assert _heading(html) == "About you"
    assert errors(html) == ["Enter a full UK postcode, like E8 1AG"]
    assert _count(app) == 0


@pytest.mark.parametrize("step", ["next:nope", "back:nope", "change:nope", "next:", "nope", ""])
def test_steps_no_page_sends_are_answered_with_a_page(client, app, step):
    data = start(client, SELF_REFERRAL) | valid_self_referral(reasons=None) | {"step": step}
    response = client.post(SELF_REFERRAL, data=data)
    assert response.status_code == 200
    assert "Select what you would like help with" in errors(response.get_data(as_text=True))
    assert _count(app) == 0


def test_a_bot_filling_the_honeypot_on_a_later_page_stores_nothing(client, app):
    html = client.get(BUDDY).get_data(as_text=True)
    html = _go(client, BUDDY, html, "next:activity", valid_buddy())
    response = press(client, BUDDY, html, "next:help", valid_buddy(website="http://spam.example"))
    assert response.status_code == 302 and response.headers["Location"] == "/get-help/sent"
    assert _count(app) == 0 and _count(app, EmailOutboxMessage) == 0


def test_enter_in_a_box_continues_rather_than_going_back(client):
    """A browser submits with a form's first button when Enter is pressed in a box."""
    html = client.get(SELF_REFERRAL).get_data(as_text=True)
    contact = _go(client, SELF_REFERRAL, html, "next:about", valid_self_referral())
    form = contact[contact.index("<form") :]
    first_button = re.search(r"<button[^>]*>", form).group(0)
    assert 'value="next:contact"' in first_button
    assert 'tabindex="-1"' in first_button and 'aria-hidden="true"' in first_button


@pytest.mark.parametrize("language", ["ar", "ur", "yi"])
def test_the_step_line_keeps_its_numbers_apart_right_to_left(client, language):
    html = client.get(f"/{language}{BUDDY}").get_data(as_text=True)
    assert 'dir="rtl"' in html
    line = re.search(r'<p class="muted">([^\n]*<bdi>1</bdi>[^\n]*)</p>', html).group(1)
    assert "<bdi>7</bdi>" in line


def test_the_professionals_form_stays_one_page(client):
    """Professionals refer many people: every question on one page, as before."""
    html = client.get(PROFESSIONAL).get_data(as_text=True)
    shown = PageForm(html).shown
    assert {"referrer_name", "full_name", "phone", "language", "reasons"} <= shown
    assert "Step <bdi>" not in html and 'value="back:' not in html
    data = start(client, PROFESSIONAL) | professional_referral() | {"step": "check"}
    check = client.post(PROFESSIONAL, data=data).get_data(as_text=True)
    assert "Check your answers before sending" in check, errors(check)
    assert "Step <bdi>" not in check and 'value="back:' not in check
    changing = client.post(PROFESSIONAL, data=data | {"step": "change:postcode"})
    assert re.search(r'id="postcode"[^>]*autofocus', changing.get_data(as_text=True))
