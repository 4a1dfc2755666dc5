"""The residents' forms ask a few questions a page, their answers kept in a draft on the
server: each page is a GET whose POST checks that page and redirects (303) to the next, Back
and Change are links that keep everything, check answers is a GET, Send stores once and
deletes the draft, and an expired draft starts again, saying why."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from directory_app.core.extensions import db, limiter
from directory_app.models import EmailOutboxMessage, Referral, RequestDraft
from directory_app.referrals.buddy_forms import BuddyRequestForm
from directory_app.referrals.forms import SelfReferralForm
from directory_app.referrals.public_views import FORM_POST_LIMIT
from tests.apps import app_for, sqlite_copy
from tests.casework.intake_helpers import PROFESSIONAL, professional_referral
from tests.referrals.helpers import (
    BUDDY,
    SELF_REFERRAL,
    PageForm,
    errors,
    follow,
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


def _back_link(html: str) -> str:
    return re.search(r'<p><a href="([^"]+)"><span aria-hidden="true" class="arrow">', html).group(1)


def _change_links(html: str) -> list[str]:
    return [
        link.replace("&amp;", "&")
        for link in re.findall(r'<dd class="summary-action"><a href="([^"]+)"', html)
    ]


def _drafts(app) -> list[dict]:
    with app.app_context():
        return [json.loads(row.answers) for row in db.session.scalars(select(RequestDraft))]


def _expire_every_draft(app) -> None:
    with app.app_context():
        for draft in db.session.scalars(select(RequestDraft)):
            draft.expires_at = datetime.now(UTC) - timedelta(minutes=1)
        db.session.commit()


@pytest.mark.parametrize("kind", FORMS)
def test_each_page_is_a_get_asking_its_own_questions_and_carrying_no_answers(client, kind):
    path, pages, valid = FORMS[kind]
    answers = valid()
    html = client.get(path).get_data(as_text=True)
    for number, page in enumerate(pages, start=1):
        shown = PageForm(html)
        assert shown.shown - {"website"} == set(page.fields), page.name
        # No answer travels in the page: only the CSRF token (and the honeypot, empty).
        assert set(shown.values) - shown.shown == {"csrf_token"}, shown.values
        # The first page of a new start makes a new draft when answered (``?new=1``).
        assert shown.action == f"{path}/{page.name}" + ("?new=1" if number == 1 else "")
        assert _heading(html) == str(page.title)
        assert f"Step <bdi>{number}</bdi> of <bdi>{len(pages) + 1}</bdi>" in html
        assert ("This is not an emergency service" in html) == (number == 1)
        # Back: a plain link, out of the form on the first page, to the page before after.
        assert _back_link(html) == (
            "/get-help" if number == 1 else f"{path}/{pages[number - 2].name}"
        )
        response = press(client, html, answers)
        following = f"{path}/{pages[number].name}" if number < len(pages) else f"{path}/check"
        assert response.status_code == 303 and response.headers["Location"] == following
        html = follow(client, response)
        assert not errors(html), (page.name, errors(html))
    assert "Check your answers before sending" in html
    assert f"Step <bdi>{len(pages) + 1}</bdi> of <bdi>{len(pages) + 1}</bdi>" in html
    # Every answer is in the one draft, none in the page.
    [draft] = _drafts(client.application)
    for name in ("full_name", "phone", "preferred_contact"):
        assert draft[name] == _as_list(answers[name])
    assert answers["full_name"] not in str(PageForm(html).values)


@pytest.mark.parametrize("kind", FORMS)
def test_walking_every_page_then_send_stores_one_request_and_deletes_the_draft(client, app, kind):
    path, pages, valid = FORMS[kind]
    activity_id = published_activity_id(app)
    html = client.get(f"{path}?activity={activity_id}").get_data(as_text=True)
    for page in pages:
        assert "You are asking about:" in html, page.name
        html = follow(client, press(client, html, valid()))
    assert "You are asking about:" in html and 'value="send"' in html
    first = press(client, html, step="send")
    second = press(client, html, step="send")  # a double tap, or the browser's back
    assert first.headers["Location"] == second.headers["Location"] == "/get-help/sent"
    assert _count(app) == 1 and _count(app, EmailOutboxMessage) == 1
    assert _drafts(app) == []
    with app.app_context():
        referral = db.session.scalar(select(Referral))
        assert referral.activity_id == activity_id
        assert referral.kind == ("buddy" if path == BUDDY else "self_referral")
        assert referral.full_name == valid()["full_name"]
    assert referral.reference in client.get("/get-help/sent").get_data(as_text=True)
    # Check answers again, after sending: nothing left to show, start again.
    assert client.get(f"{path}/check").status_code == 303


@pytest.mark.parametrize("kind", FORMS)
def test_each_page_shows_only_its_own_problems_in_its_order(client, app, kind):
    path, pages, valid = FORMS[kind]
    html = client.get(path).get_data(as_text=True)
    for page in pages:
        expected = NOTHING_ANSWERED[path][page.name]
        response = press(client, html)
        if not expected:
            html = follow(client, response)
            continue
        problem = response.get_data(as_text=True)
        assert response.status_code == 200
        assert errors(problem) == expected, page.name
        assert problem.startswith("<!doctype html>") and "<title>Error: " in problem
        assert _heading(problem) == str(page.title)  # still the same page
        links = _summary_links(problem)
        inputs = _input_ids(problem)
        assert len(links) == len(expected)
        assert all(link in inputs for link in links), (links, inputs)  # never a <div>
        assert links == sorted(links, key=inputs.index)
        assert {_field_of(link) for link in links} <= set(page.fields)
        html = follow(client, press(client, problem, valid()))
        assert not errors(html), (page.name, errors(html))
    assert "Check your answers before sending" in html
    assert _count(app) == 0


def test_back_and_refresh_keep_every_answer_and_resend_nothing(client, app):
    answers = valid_self_referral()
    first = client.get(SELF_REFERRAL).get_data(as_text=True)
    contact = follow(client, press(client, first, answers))
    assert _heading(contact) == "How we can contact you"
    # A refresh of the page is a GET: the same page, nothing posted, nothing changed.
    before = _drafts(app)
    refreshed = client.get(f"{SELF_REFERRAL}/contact")
    again = refreshed.get_data(as_text=True)
    assert _heading(again) == "How we can contact you" and _drafts(app) == before
    # The answered pages are never kept in a shared computer's cache.
    assert refreshed.headers["Cache-Control"] == "no-store"
    # Back is a link: the page before, answered, nothing checked.
    about = client.get(_back_link(contact)).get_data(as_text=True)
    assert _heading(about) == "About you" and not errors(about)
    page = PageForm(about)
    assert page.values["full_name"] == ["Ann Example"] and page.values["dob_year"] == ["1958"]
    assert 'href="/get-help"' in about
    contact = follow(client, press(client, about))
    assert 'id="phone" name="phone" value=""' in contact  # not answered yet

    # From check answers, Back is the last page of questions, answered.
    check = walk_pages(client, SELF_REFERRAL, answers)
    assert _back_link(check) == f"{SELF_REFERRAL}/agreement"
    last = client.get(_back_link(check)).get_data(as_text=True)
    assert _heading(last) == "Your agreement"
    assert re.search(r'id="consent_referral"[^>]* checked', last)
    assert _count(app) == 0


@pytest.mark.parametrize("kind", FORMS)
def test_every_change_link_opens_the_page_asking_it_and_returns_to_check(client, kind):
    path, pages, valid = FORMS[kind]
    check = walk_pages(client, path, valid())
    changes = _change_links(check)
    assert len(changes) >= 15
    for link in changes:
        field = re.search(r"focus=([a-z_]+)", link).group(1)
        assert "return=check" in link
        html = client.get(link).get_data(as_text=True)
        [page] = [page for page in pages if field in page.fields]
        assert _heading(html) == str(page.title), field
        assert "There is a problem" not in html
        # Straight to the answer (the first box of a group of them).
        assert re.search(rf'id="{field}(-1)?"[^>]*autofocus', html), field
        # Continue, and Back, both go back to check answers.
        assert _back_link(html) == f"{path}/check"
        assert press(client, html).headers["Location"] == f"{path}/check", field


def test_a_changed_answer_is_checked_then_shown_on_check_answers(client, app):
    check = walk_pages(client, SELF_REFERRAL, valid_self_referral())
    [postcode] = [link for link in _change_links(check) if "focus=postcode" in link]
    about = client.get(postcode).get_data(as_text=True)
    wrong = press(client, about, {"postcode": "nope"}).get_data(as_text=True)
    assert errors(wrong) == ["Enter a full UK postcode, like E8 1AG"]
    assert PageForm(wrong).action.endswith("?return=check")  # still on the way back
    fixed = follow(client, press(client, wrong, {"postcode": "b1 1bb"}))
    assert "Check your answers before sending" in fixed and "B1 1BB" in fixed
    assert "E8 1AG" not in fixed
    [reasons] = [link for link in _change_links(fixed) if "focus=reasons" in link]
    help_page = client.get(reasons).get_data(as_text=True)
    changed = follow(client, press(client, help_page, {"reasons": ["housing"]}))
    assert "Housing" in changed and "Feeling lonely or isolated" not in changed
    assert press(client, changed, step="send").status_code == 302
    with app.app_context():
        referral = db.session.scalar(select(Referral))
        assert referral.postcode == "B1 1BB" and referral.reasons == ["housing"]


def test_a_skipped_pages_rules_still_apply_at_check_and_send(client, app):
    # A post of every answer but one, straight to send.
    data = start(client, SELF_REFERRAL) | valid_self_referral(reasons=None) | {"step": "send"}
    html = client.post(SELF_REFERRAL, data=data).get_data(as_text=True)
    assert _heading(html) == "What matters to you"
    assert errors(html) == ["Select what you would like help with"]
    assert "<title>Error: " in html and PageForm(html).action.endswith("?return=check")
    # The other answers were kept: the page before shows them.
    assert 'value="Ann Example"' in client.get(f"{SELF_REFERRAL}/about").get_data(as_text=True)

    # Someone else answers the first page, then posts the last one straight away: check
    # answers finds the pages between.
    other = app.test_client()
    first = other.get(SELF_REFERRAL).get_data(as_text=True)
    follow(other, press(other, first, valid_self_referral()))
    other.post(
        f"{SELF_REFERRAL}/agreement", data=PageForm(first).values | {"consent_referral": "y"}
    )
    html = other.get(f"{SELF_REFERRAL}/check").get_data(as_text=True)
    assert _heading(html) == "How we can contact you" and errors(html)
    # Send, posted without check answers, is refused the same way.
    html = other.post(f"{SELF_REFERRAL}/check", data=PageForm(first).values | {"step": "send"})
    assert _heading(html.get_data(as_text=True)) == "How we can contact you"
    assert _count(app) == 0


def test_an_expired_draft_starts_again_saying_why(client, app):
    html = client.get(SELF_REFERRAL).get_data(as_text=True)
    contact = follow(client, press(client, html, valid_self_referral()))
    _expire_every_draft(app)
    message = (
        "Your answers were cleared after 2 hours of no changes, to keep them private. "
        "Please start again."
    )
    for response in (
        client.get(f"{SELF_REFERRAL}/contact"),
        press(client, contact, valid_self_referral()),
        client.get(f"{SELF_REFERRAL}/check"),
    ):
        assert response.status_code == 303 and response.headers["Location"] == SELF_REFERRAL
    restarted = follow(client, client.get(f"{SELF_REFERRAL}/contact"))
    assert message in restarted and _heading(restarted) == "About you"
    assert 'value="Ann Example"' not in restarted
    # The expired draft is gone, and the first page makes none until it is answered.
    assert _drafts(app) == []


def test_another_browser_cannot_read_someones_draft(app, client):
    html = client.get(SELF_REFERRAL).get_data(as_text=True)
    follow(client, press(client, html, valid_self_referral()))
    stranger = app.test_client()
    response = stranger.get(f"{SELF_REFERRAL}/about")
    assert response.status_code == 200  # the first page, empty: the stranger has no draft
    assert "Ann Example" not in response.get_data(as_text=True)
    assert "Ann Example" not in stranger.get(f"{SELF_REFERRAL}/check").get_data(as_text=True)
    # Nothing personal in the session cookie: it holds only the draft's key.
    cookie = client.get_cookie("session").value
    assert "Ann" not in cookie and "07700" not in cookie


def test_an_unknown_page_is_not_found(client):
    first = client.get(SELF_REFERRAL).get_data(as_text=True)
    assert client.get(f"{SELF_REFERRAL}/nope").status_code == 404
    assert client.post(f"{SELF_REFERRAL}/nope", data=PageForm(first).values).status_code == 404


@pytest.mark.parametrize("step", ["next:nope", "back:nope", "change:nope", "nope", ""])
def test_whole_form_posts_with_any_step_are_answered_with_a_page(client, app, step):
    data = start(client, SELF_REFERRAL) | valid_self_referral(reasons=None) | {"step": step}
    response = client.post(SELF_REFERRAL, data=data)
    assert response.status_code == 200
    assert "Select what you would like help with" in errors(response.get_data(as_text=True))
    assert _count(app) == 0


def test_a_bot_filling_the_honeypot_on_a_later_page_stores_nothing(client, app):
    html = client.get(BUDDY).get_data(as_text=True)
    html = follow(client, press(client, html, valid_buddy()))
    response = press(client, html, valid_buddy(website="http://spam.example"))
    assert response.status_code == 302 and response.headers["Location"] == "/get-help/sent"
    assert _count(app) == 0 and _count(app, EmailOutboxMessage) == 0


@pytest.mark.parametrize("language", ["ar", "ur", "yi"])
def test_the_step_line_keeps_its_numbers_apart_right_to_left(client, language):
    html = client.get(f"/{language}{BUDDY}").get_data(as_text=True)
    assert 'dir="rtl"' in html
    line = re.search(r'<p class="muted">([^\n]*<bdi>1</bdi>[^\n]*)</p>', html).group(1)
    assert "<bdi>7</bdi>" in line
    # The pages stay in the person's language.
    assert PageForm(html).action == f"/{language}{BUDDY}/activity?new=1"


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


def test_opening_the_form_stores_nothing_until_the_first_page_is_answered(client, app):
    """A visit, a link preview or a crawler opening the form makes no row: the draft is made
    when the first page is answered, and keeps the activity the form was opened for."""
    activity_id = published_activity_id(app)
    html = client.get(f"{SELF_REFERRAL}?activity={activity_id}").get_data(as_text=True)
    assert _drafts(app) == []
    assert f"activity={activity_id}" in PageForm(html).action
    follow(client, press(client, html, valid_self_referral()))
    [draft] = _drafts(app)
    assert draft["activity_id"] == [str(activity_id)] and "full_name" in draft


def test_opening_the_form_again_starts_afresh_without_the_last_visitors_answers(client, app):
    """A shared computer: someone answers two pages and leaves; the next person opens the
    form and answers its first page; the later pages do not show the first person's answers."""
    html = client.get(SELF_REFERRAL).get_data(as_text=True)
    contact = follow(client, press(client, html, valid_self_referral()))
    follow(client, press(client, contact, valid_self_referral(phone="07700 900456")))
    again = client.get(SELF_REFERRAL).get_data(as_text=True)
    assert "Ann Example" not in again
    contact = follow(client, press(client, again, valid_self_referral(full_name="Bo Other")))
    assert "07700 900456" not in contact
    [draft] = _drafts(app)
    assert draft["full_name"] == ["Bo Other"] and "phone" not in draft


def _delete_link(html: str) -> str:
    """Where the page's Delete my answers link goes (empty when it has none)."""
    match = re.search(r'<p class="delete-answers">[^<]*<a href="([^"]+)">', html)
    return match.group(1).replace("&amp;", "&") if match else ""


def _confirm_form(html: str) -> tuple[str, str]:
    """The "Delete your answers?" page's form: its address and CSRF token."""
    match = re.search(
        r'<form method="post" action="([^"]+)">\s*'
        r'<input type="hidden" name="csrf_token" value="([^"]+)">',
        html,
    )
    return match.groups() if match else ("", "")


@pytest.mark.parametrize("kind", FORMS)
def test_delete_my_answers_asks_first_then_deletes_every_draft_for_the_next_person(
    client, app, kind
):
    path, pages, valid = FORMS[kind]
    other_path, _pages, other_valid = next(form for form in FORMS.values() if form[0] != path)
    first = client.get(path).get_data(as_text=True)
    assert _delete_link(first) == ""  # a new start: nothing answered yet, nothing to delete
    second = follow(client, press(client, first, valid()))
    assert _delete_link(second) == f"{path}/delete?back={pages[1].name}"
    assert "Using a shared or public computer?" in second
    # Back to the first page: the draft is there, so the link is too.
    back_on_first = client.get(f"{path}/{pages[0].name}").get_data(as_text=True)
    assert _delete_link(back_on_first) == f"{path}/delete?back={pages[0].name}"
    check = walk_pages(client, path, valid())
    assert _delete_link(check) == f"{path}/delete?back=check"
    # The other form's draft too: on a shared computer both are someone's answers.
    follow(client, press(client, client.get(other_path).get_data(as_text=True), other_valid()))
    assert len(_drafts(app)) == 2

    # The link asks first (WCAG 3.3.4), deleting nothing; No goes back where they were.
    asked = client.get(_delete_link(second))
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "<h1>Delete your answers?</h1>" in html
    assert f'<a href="{path}/{pages[1].name}">No, go back to my answers</a>' in html
    assert f'href="{path}/check">No, go back' in client.get(f"{path}/delete?back=check").text
    hostile = client.get(f"{path}/delete?back=//evil.example").get_data(as_text=True)
    assert f'<a href="{path}/{pages[0].name}">No, go back' in hostile
    assert len(_drafts(app)) == 2
    action, token = _confirm_form(html)
    assert action == f"{path}/delete"

    # A post without the page's token deletes nothing, nor does another browser's post:
    # with its own token it deletes only its own draft (the cookie names which).
    assert client.post(action).status_code == 400
    assert client.post(action, data={"csrf_token": "not-the-token"}).status_code == 400
    stranger = app.test_client()
    follow(stranger, press(stranger, stranger.get(path).get_data(as_text=True), valid()))
    _stranger_action, stranger_token = _confirm_form(stranger.get(f"{path}/delete").text)
    assert len(_drafts(app)) == 3
    assert stranger.post(action, data={"csrf_token": stranger_token}).status_code == 303
    assert len(_drafts(app)) == 2
    response = client.post(action, data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"] == "/get-help"
    assert "Your answers have been deleted." in follow(client, response)
    assert _drafts(app) == []
    # The next person at the computer finds nothing: later pages and check start again,
    # and the question is not asked again about answers that are gone.
    for later in (f"{path}/{pages[1].name}", f"{path}/check"):
        assert client.get(later).status_code == 303, later
    assert valid()["full_name"] not in client.get(path).get_data(as_text=True)
    gone = client.get(f"{path}/delete")
    assert gone.status_code == 302 and gone.headers["Location"] == "/get-help"


@pytest.mark.parametrize("kind", FORMS)
def test_delete_my_answers_keeps_the_way_back_to_check_answers_and_knows_expired_ones(
    client, app, kind
):
    path, pages, valid = FORMS[kind]
    walk_pages(client, path, valid())
    changing = client.get(f"{path}/{pages[1].name}?return=check").get_data(as_text=True)
    link = _delete_link(changing)
    assert link == f"{path}/delete?back={pages[1].name}&return=check"
    no = f'<a href="{path}/{pages[1].name}?return=check">No, go back to my answers</a>'
    assert no in client.get(link).get_data(as_text=True)
    # Answers left past DRAFT_HOURS are gone already: nothing to ask about or delete.
    _expire_every_draft(app)
    expired = client.get(link)
    assert expired.status_code == 302 and expired.headers["Location"] == "/get-help"
    assert _drafts(app) == []


def test_deleting_answers_is_not_held_back_by_the_forms_limit(tmp_path, sqlite_template):
    """A library's computers share one address: the forms' 30 posts an hour would soon
    stop people there deleting their own answers, so deleting has a limit ten times it."""
    limit = int(FORM_POST_LIMIT.split()[0])
    url = sqlite_copy(sqlite_template, tmp_path)
    for limited in app_for(url, tmp_path, RATELIMIT_ENABLED=True):
        with limited.app_context():
            limiter.reset()
        client = limited.test_client()
        html = client.get(SELF_REFERRAL).get_data(as_text=True)
        follow(client, press(client, html, valid_self_referral()))
        action, token = _confirm_form(client.get(f"{SELF_REFERRAL}/delete").text)
        statuses = {client.post(action, data={"csrf_token": token}).status_code}
        for _ in range(limit):
            statuses.add(client.post(action, data={"csrf_token": token}).status_code)
        assert statuses == {303} and _drafts(limited) == []


def test_the_privacy_notice_says_how_long_unsent_answers_are_kept(client, app):
    html = client.get("/privacy").get_data(as_text=True)
    hours = app.config["DRAFT_HOURS"]
    assert f"your answers are deleted {hours} hours after your last change" in html
    app.config["DRAFT_HOURS"] = 1
    assert "deleted 1 hour after" in client.get("/privacy").get_data(as_text=True)
