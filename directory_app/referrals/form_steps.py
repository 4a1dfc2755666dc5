"""The steps every public request form takes: the form, check answers, send, confirmation.

The self-referral, buddy and professional forms differ in their fields and what they store;
the steps, the honeypot and the submission token that makes a double click store one
request are the same, and live here once.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import abort, current_app, redirect, render_template, request, session, url_for

from directory_app.domain.dates import local_now
from directory_app.referrals import notifications
from directory_app.referrals.service import store_request


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
    """Answer a GET or a POST of the form: each POST carries the whole form, so nothing is
    stored until the person presses send on the check-answers page."""
    form = journey.form

    def page(template: str, **extra):
        return render_template(template, form=form, **journey.context, **extra)

    if request.method == "GET":
        form.submission_token.data = secrets.token_urlsafe(24)
        if journey.fill_new is not None:
            journey.fill_new(form)
        return page(journey.template)
    if form.is_spam:
        # Bots are told it worked, so they learn nothing; nothing is stored or sent.
        session[journey.sent_key] = ""
        return redirect(url_for(journey.sent_endpoint))
    if not form.submission_token.data:
        abort(400)  # not a post of our page: every page of the form carries the token
    step = request.form.get("step", "check")
    if step.startswith("change:"):
        return page(journey.template, focus=step[7:])
    if not form.validate():
        return page(journey.template)
    if step != "send":
        return page("referrals/check.html")
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
