"""The steps every public request form takes: the questions, check answers, send, confirmation.

The self-referral, buddy and professional forms differ in their fields and what they store;
the steps, the honeypot and the submission token that makes a double click store one
request are the same, and live here once.

A resident's form asks its questions a few to a page (GOV.UK "one thing per page"); the
professional's form asks them on one page. Either way every POST carries the whole form
(the other pages' answers in hidden fields), so nothing is kept on the server, and nothing
is stored until the person presses send on the check-answers page. Each page checks only
its own questions; check answers and send check them all, so a post that skips a page
cannot skip its rules.

The buttons say what to do next (``step``):

- ``next:<page>``: check that page's answers, then show the next page (or check answers,
  after the last page, or when the person came from check answers to change something);
- ``back:<page>``: the page before, unchecked, keeping every answer;
- ``change:<field>``: from check answers, the page asking that question;
- ``check``: check every answer, then check answers; ``send``: check every answer, store.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import abort, current_app, redirect, render_template, request, session, url_for

from directory_app.domain.dates import local_now
from directory_app.referrals import notifications
from directory_app.referrals.forms import QuestionPage
from directory_app.referrals.service import store_request

CHECK_ANSWERS = "referrals/check.html"
# Sent by a page opened from check answers: its Continue and Back go back there.
RETURN_TO = "return_to"


@dataclass
class RequestForm:
    """One public form and where its answers go."""

    form: object  # a bound form with ``submission_token`` and ``is_spam``
    template: str
    kind: str  # the stored request's kind
    sent_endpoint: str
    sent_key: str  # the session key the confirmation page reads the reference from
    fields: Callable[[], dict]  # the model fields of a valid form
    context: dict = field(default_factory=dict)  # more template variables
    fill_new: Callable[[object], None] | None = None  # prefill a new, empty form
    pages: tuple[QuestionPage, ...] = ()  # none: every question on one page


def take_steps(journey: RequestForm):
    """Answer a GET or a POST of the form."""
    form = journey.form
    if request.method == "GET":
        form.submission_token.data = secrets.token_urlsafe(24)
        if journey.fill_new is not None:
            journey.fill_new(form)
        if journey.pages:
            return _question_page(journey, journey.pages[0])
        return _render(journey, journey.template)
    if form.is_spam:
        # Bots are told it worked, so they learn nothing; nothing is stored or sent.
        session[journey.sent_key] = ""
        return redirect(url_for(journey.sent_endpoint))
    if not form.submission_token.data:
        abort(400)  # not a post of our page: every page of the form carries the token
    step = request.form.get("step", "check")
    if journey.pages:
        return _paged_step(journey, step)
    return _one_page_step(journey, step)


def _one_page_step(journey: RequestForm, step: str):
    if step.startswith("change:"):
        return _render(journey, journey.template, focus=step[7:])
    if not journey.form.validate():
        return _render(journey, journey.template)
    if step != "send":
        return _render(journey, CHECK_ANSWERS)
    return _send(journey)


def _paged_step(journey: RequestForm, step: str):
    pages = journey.pages
    action, _, name = step.partition(":")
    returning = request.form.get(RETURN_TO) == "check"
    if action == "change" and (page := _page_asking(pages, name)):
        return _question_page(journey, page, focus=name, returning=True)
    if action == "back" and not returning:
        position = _position(pages, name)
        if position is not None:
            return _question_page(journey, pages[max(position - 1, 0)])
    if action == "next" and (page := _page_named(pages, name)):
        if not _page_is_valid(journey.form, page):
            return _question_page(journey, page, returning=returning)
        if not returning and page is not pages[-1]:
            return _question_page(journey, pages[pages.index(page) + 1])
    # Check answers, send, Back to check answers, or a step no page of ours sends.
    if not journey.form.validate():
        return _first_page_with_problems(journey)
    if action != "send":
        return _render(journey, CHECK_ANSWERS, **_progress(pages, len(pages)))
    return _send(journey)


def _send(journey: RequestForm):
    form = journey.form
    referral, created = store_request(
        journey.kind,
        form.submission_token.data,
        journey.fields(),
        local_now().date(),
        current_app.config["RESPONSE_WORKING_DAYS"],
    )
    if created:
        notifications.announce(referral)
    # The request commits the referral before anything else is tried: the email is sent
    # after the commit, so a mail server that is down never loses a request.
    session[journey.sent_key] = referral.reference
    return redirect(url_for(journey.sent_endpoint))


def _render(journey: RequestForm, template: str, **extra):
    return render_template(template, form=journey.form, **journey.context, **extra)


def _question_page(journey: RequestForm, page: QuestionPage, focus=None, returning=False):
    """One page of questions: the other pages' answers go with it, hidden."""
    return _render(
        journey,
        journey.template,
        page=page,
        focus=focus,
        returning=returning,
        **_progress(journey.pages, journey.pages.index(page)),
    )


def _progress(pages, position: int) -> dict:
    # Check answers is the last step.
    return {"pages": pages, "step_number": position + 1, "step_count": len(pages) + 1}


def _page_named(pages, name: str) -> QuestionPage | None:
    return next((page for page in pages if page.name == name), None)


def _page_asking(pages, field_name: str) -> QuestionPage | None:
    return next((page for page in pages if field_name in page.fields), None)


def _position(pages, name: str) -> int | None:
    """Where a page comes; check answers comes after the last."""
    if name == "check":
        return len(pages)
    page = _page_named(pages, name)
    return None if page is None else pages.index(page)


def _page_is_valid(form, page: QuestionPage) -> bool:
    """Check the whole form (some rules read several answers), then keep only the page's
    problems: the person is told about the questions in front of them."""
    form.validate()
    _keep_problems_of(form, page)
    return not form.errors


def _keep_problems_of(form, page: QuestionPage) -> None:
    for each in form:
        if each.name not in page.fields:
            each.errors = []


def _first_page_with_problems(journey: RequestForm):
    """After a failed check of every answer (a post that skipped a page, or changed one),
    the first page with a problem, showing its problems; its Continue returns to check
    answers, which checks everything again."""
    form = journey.form
    for page in journey.pages:
        if any(form[name].errors for name in page.fields):
            _keep_problems_of(form, page)
            return _question_page(journey, page, returning=True)
    # A problem in no page's question (a hidden field): the first page shows it.
    return _question_page(journey, journey.pages[0], returning=True)
