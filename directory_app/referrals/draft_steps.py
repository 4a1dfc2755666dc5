"""The residents' forms a page at a time, their answers kept on the server (issue #14).

Post/Redirect/Get: each page of questions is a GET; its POST checks that page, keeps the
page's answers in the person's draft (``drafts``) and redirects (303) to the next page, so
the browser's Back button and a refresh never resend a form. Back is a plain link to the
previous page: answers already given are in the draft (a half-typed page's are not kept:
Back never checks or saves). Change on check answers opens the page with ``?return=check``,
whose Continue comes back. Check answers is a GET; Send posts once, checks every answer
again from the draft, stores the request (the submission token makes a double press store
one) and deletes the draft.

A POST of the whole form to the form's own address (every answer at once, as scripts and
the older pages sent it) is still answered: sent, or kept as a draft and shown at check
answers or at the first page with a problem. The server checks everything either way.

Drafts are not audited (the resident's own, unsent answers) and never shown to staff.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import ngettext
from werkzeug.datastructures import MultiDict

from directory_app.domain.dates import utcnow
from directory_app.referrals import drafts
from directory_app.referrals.form_steps import CHECK_ANSWERS, RequestForm, send
from directory_app.referrals.forms import QuestionPage
from directory_app.referrals.service import find_by_token

RETURN = "check"  # ``?return=check``: the page was opened from check answers
NOT_ANSWERS = ("csrf_token", "website", "step", "return_to")


@dataclass
class DraftedForm:
    """A resident's form: its pages, and how to build it from answers."""

    kind: str
    endpoint: str  # the start; ``<endpoint>_page``, ``_check`` and ``_delete`` follow
    pages: tuple[QuestionPage, ...]
    journey: Callable[[MultiDict], RequestForm]  # the form, bound to these answers
    fill_new: Callable[[object], None] = field(default=lambda form: None)


def start(drafted: DraftedForm):
    """GET of the form's address: the first page, empty (``?activity=`` prefills it). Its
    answer (``?new=1``) makes a new draft: a visit stores nothing, and an earlier visitor's
    unsent answers in this browser are replaced, never shown."""
    journey = _new_journey(drafted)
    return _page(drafted, journey, drafted.pages[0], keep_query=True)


def _new_journey(drafted: DraftedForm) -> RequestForm:
    journey = drafted.journey(MultiDict())
    if journey.fill_new is not None:
        journey.fill_new(journey.form)
    return journey


def _new_draft(drafted: DraftedForm, now):
    """A new draft: the prefilled answers and the token that makes a double Send store one."""
    journey = _new_journey(drafted)
    journey.form.submission_token.data = secrets.token_urlsafe(24)
    draft = drafts.start(drafted.kind, now)
    drafts.keep(draft, _answers_of(journey.form), now)
    return draft


def show_page(drafted: DraftedForm, name: str):
    page = _page_named(drafted, name)
    lookup = drafts.find(drafted.kind, utcnow())
    if lookup.draft is None:
        # The first page needs no draft (one is made when it is answered); a later one does.
        return start(drafted) if page is drafted.pages[0] else _start_again(drafted)
    journey = drafted.journey(_formdata(drafts.answers_of(lookup.draft)))
    return _page(drafted, journey, page, returning=request.args.get("return") == RETURN)


def answer_page(drafted: DraftedForm, name: str):
    """POST of a page: keep its answers, then the next page, or the page with its problems."""
    page = _page_named(drafted, name)
    if (request.form.get("website") or "").strip():
        return _spam(drafted)
    now = utcnow()
    draft = drafts.find(drafted.kind, now).draft
    starting = page is drafted.pages[0] and request.args.get("new") == "1"
    if draft is None or starting:
        if page is not drafted.pages[0]:
            return _start_again(drafted)
        draft = _new_draft(drafted, now)
    answered = {name: request.form.getlist(name) for name in page.fields}
    drafts.keep(draft, answered, now)
    journey = drafted.journey(_formdata(drafts.answers_of(draft)))
    returning = request.args.get("return") == RETURN
    if not _page_is_valid(journey.form, page):
        return _page(drafted, journey, page, returning=returning)
    if returning or page is drafted.pages[-1]:
        return redirect(url_for(f"{drafted.endpoint}_check"), 303)
    following = drafted.pages[drafted.pages.index(page) + 1]
    return redirect(page_url(drafted, following), 303)


def check_answers(drafted: DraftedForm):
    """GET: every answer, each with Change; POST: send them."""
    lookup = drafts.find(drafted.kind, utcnow())
    if lookup.draft is None:
        if request.method == "POST" and (sent := _already_sent(drafted)) is not None:
            return sent
        return _start_again(drafted)
    journey = drafted.journey(_formdata(drafts.answers_of(lookup.draft)))
    if not journey.form.validate():
        return _first_page_with_problems(drafted, journey)
    if request.method == "GET":
        return _check_page(drafted, journey)
    response = send(journey)
    drafts.discard(drafted.kind)
    return response


def whole_form(drafted: DraftedForm, journey: RequestForm):
    """A POST of every answer at once to the form's address (``step`` check or send)."""
    form = journey.form
    if form.is_spam:
        return _spam(drafted)
    if not form.submission_token.data:
        abort(400)
    if form.validate() and request.form.get("step") == "send":
        response = send(journey)
        drafts.discard(drafted.kind)
        return response
    now = utcnow()
    drafts.keep(drafts.start(drafted.kind, now), _posted_answers(), now)
    if form.errors:
        return _first_page_with_problems(drafted, journey)
    return _check_page(drafted, journey)


def _page(drafted, journey: RequestForm, page: QuestionPage, returning=False, keep_query=False):
    """A page of questions; ``keep_query``: a new start's first page (see ``start``)."""
    position = drafted.pages.index(page)
    if returning:
        back = url_for(f"{drafted.endpoint}_check")
    elif position:
        back = page_url(drafted, drafted.pages[position - 1])
    else:
        back = None  # the first page's Back leaves the form (the template's own link)
    return render_template(
        journey.template,
        form=journey.form,
        page=page,
        focus=request.args.get("focus"),
        returning=returning,
        back_url=back,
        action=page_url(
            drafted,
            page,
            returning,
            activity=_asked_about() if keep_query else None,
            new=keep_query,
        ),
        drafted=drafted.endpoint,  # Delete my answers links to its _delete
        has_draft=not keep_query,  # a new start's first page has nothing yet to delete
        **_progress(drafted.pages, position),
        **journey.context,
    )


def _check_page(drafted, journey: RequestForm):
    return render_template(
        CHECK_ANSWERS,
        form=journey.form,
        drafted=drafted.endpoint,  # Delete my answers links to its _delete
        action=url_for(f"{drafted.endpoint}_check"),
        back_url=page_url(drafted, drafted.pages[-1]),
        change_url=lambda name: _change_url(drafted, name),
        **_progress(drafted.pages, len(drafted.pages)),
        **journey.context,
    )


def _first_page_with_problems(drafted, journey: RequestForm):
    """The first page with a problem, showing its problems; Continue returns to check."""
    form = journey.form
    for page in drafted.pages:
        if any(form[name].errors for name in page.fields):
            _keep_problems_of(form, page)
            return _page(drafted, journey, page, returning=True)
    return _page(drafted, journey, drafted.pages[0], returning=True)


def _already_sent(drafted):
    """A second press of Send (a double tap, or one racing the first): the first stored the
    request and deleted the draft; the page's submission token finds the request, and the
    person gets the same confirmation."""
    token = request.form.get("submission_token") or ""
    referral = find_by_token(token) if token else None
    if referral is None:
        return None
    session[_sent_key(drafted)] = referral.reference
    return redirect(url_for(drafted.journey(MultiDict()).sent_endpoint))


def _start_again(drafted):
    """No live draft (it expired, or this browser never had one): the first page, saying why."""
    hours = drafts.draft_hours()
    flash(
        ngettext(
            "Your answers were cleared after %(num)d hour of no changes, to keep them private. "
            "Please start again.",
            "Your answers were cleared after %(num)d hours of no changes, to keep them "
            "private. Please start again.",
            hours,
        )
    )
    return redirect(url_for(drafted.endpoint), 303)


def _spam(drafted):
    # Bots are told it worked, as a sent form is (302), so they learn nothing; nothing is
    # stored or sent.
    session[_sent_key(drafted)] = ""
    return redirect(url_for(drafted.journey(MultiDict()).sent_endpoint))


def _sent_key(drafted) -> str:
    return drafted.journey(MultiDict()).sent_key


def _page_named(drafted, name: str) -> QuestionPage:
    page = next((page for page in drafted.pages if page.name == name), None)
    if page is None:
        abort(404)
    return page


def page_url(drafted, page: QuestionPage, returning=False, activity=None, new=False) -> str:
    extra = {"return": RETURN} if returning else {}
    if activity:
        extra["activity"] = activity
    if new:
        extra["new"] = "1"
    return url_for(f"{drafted.endpoint}_page", page=page.name, **extra)


def _asked_about() -> str | None:
    """The ``?activity=`` the form was opened with, as digits only (it goes back into a URL)."""
    value = request.args.get("activity", "")
    return value if value.isdigit() else None


def _change_url(drafted, field_name: str) -> str:
    page = next(page for page in drafted.pages if field_name in page.fields)
    return url_for(
        f"{drafted.endpoint}_page", page=page.name, focus=field_name, **{"return": RETURN}
    )


def _progress(pages, position: int) -> dict:
    # Check answers is the last step.
    return {"pages": pages, "step_number": position + 1, "step_count": len(pages) + 1}


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


def _formdata(answers: dict[str, list[str]]) -> MultiDict:
    return MultiDict([(name, value) for name, values in answers.items() for value in values])


def _posted_answers() -> dict[str, list[str]]:
    return {name: request.form.getlist(name) for name in request.form if name not in NOT_ANSWERS}


def _answers_of(form) -> dict[str, list[str]]:
    """A new form's prefilled values, as a browser would post them."""
    answers = {}
    for each in form:
        if each.name in NOT_ANSWERS or not each.data:
            continue
        if isinstance(each.data, list):
            answers[each.name] = [str(value) for value in each.data]
        elif each.data is True:
            answers[each.name] = ["y"]
        else:
            answers[each.name] = [str(each.data)]
    return answers
