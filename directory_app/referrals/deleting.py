"""Delete my answers: for a resident on a shared or public computer, where the unsent
answers would otherwise last ``DRAFT_HOURS`` for the next person at it to find.

A link on the form's pages opens a page that asks first (WCAG 2.2's 3.3.4: data deleted
from storage can be checked before it goes; a mis-tap below Continue would otherwise lose
every answer). Its button deletes the drafts of both forms, as "Delete my answers" says.
"""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from directory_app.domain.dates import utcnow
from directory_app.referrals import drafts
from directory_app.referrals.draft_steps import RETURN, DraftedForm, page_url

CHECK = "check"  # ``?back=check``: they came from check answers


def confirm(drafted: DraftedForm):
    """GET: the question, with Yes (a POST) and No (back to the page they came from)."""
    if not drafts.any_live(utcnow()):
        return redirect(url_for("pages.get_help"))  # nothing (left) to delete here
    return render_template(
        "referrals/delete.html",
        action=url_for(f"{drafted.endpoint}_delete"),
        back_url=_back_url(drafted, request.args.get("back", "")),
    )


def delete():
    """POST (with the page's CSRF token): every draft this browser holds goes."""
    drafts.discard_all()
    flash(_("Your answers have been deleted."))
    return redirect(url_for("pages.get_help"), 303)


def _back_url(drafted: DraftedForm, back: str) -> str:
    # ``back`` arrives in the URL: only a page of this form's own is followed.
    if back == CHECK:
        return url_for(f"{drafted.endpoint}_check")
    page = next((page for page in drafted.pages if page.name == back), drafted.pages[0])
    # A page opened from check answers (Change) goes on back to check answers.
    return page_url(drafted, page, returning=request.args.get("return") == RETURN)
