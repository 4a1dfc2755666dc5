"""The steps every public request form takes: the questions, check answers, send, confirmation.

The self-referral, buddy and professional forms differ in their fields and what they store;
storing once per submission token (so a double click stores one request), the honeypot and
the confirmation are the same, and live here once.

The professional's form asks every question on one page and every POST carries the whole
form (check answers keeps the answers in hidden fields). The residents' forms ask a few
questions a page and keep their answers in a draft on the server (``draft_steps``); they
share ``send`` and ``RequestForm`` with it.

The professional's buttons say what to do next (``step``): ``change:<field>``, the form
again with that answer in focus; ``check``, check every answer, then check answers;
``send``, check every answer, store.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import abort, current_app, redirect, render_template, request, session, url_for

from directory_app.domain.dates import local_now
from directory_app.referrals import notifications
from directory_app.referrals.service import store_request

CHECK_ANSWERS = "referrals/check.html"


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


def take_steps(journey: RequestForm):
    """Answer a GET or a POST of the form."""
    form = journey.form
    if request.method == "GET":
        form.submission_token.data = secrets.token_urlsafe(24)
        if journey.fill_new is not None:
            journey.fill_new(form)
        return _render(journey, journey.template)
    if form.is_spam:
        # Bots are told it worked, so they learn nothing; nothing is stored or sent.
        session[journey.sent_key] = ""
        return redirect(url_for(journey.sent_endpoint))
    if not form.submission_token.data:
        abort(400)  # not a post of our page: it carries the token
    return _one_page_step(journey, request.form.get("step", "check"))


def _one_page_step(journey: RequestForm, step: str):
    if step.startswith("change:"):
        return _render(journey, journey.template, focus=step[7:])
    if not journey.form.validate():
        return _render(journey, journey.template)
    if step != "send":
        return _render(journey, CHECK_ANSWERS)
    return send(journey)


def send(journey: RequestForm):
    """Store the request of a valid form (once per submission token), then its confirmation."""
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
