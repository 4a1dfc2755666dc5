"""A resident's own shortlist, kept in its link: no account, nothing stored."""

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _

from directory_app.core.extensions import csrf
from directory_app.directory.listings import public_activity
from directory_app.domain.dates import local_now
from directory_app.shortlists import own_lists, wording
from directory_app.web.input import record_id
from directory_app.web.links import absolute_url

blueprint = Blueprint("shortlists", __name__)


def _remember(response, code: str):
    # Only activity ids, and only so the "Save" buttons know which list to add to.
    if code:
        response.set_cookie(
            own_lists.COOKIE_NAME,
            code,
            max_age=own_lists.COOKIE_MAX_AGE,
            path="/",
            secure=request.is_secure,
            httponly=True,
            samesite="Lax",
        )
    else:
        response.delete_cookie(own_lists.COOKIE_NAME, path="/")
    return response


def _back_to(default: str) -> str:
    # Back to the page the button was on, on this site only (a path, never another host).
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc and referrer.netloc != request.host:
        return default
    path = referrer.path or ""
    if not path.startswith("/") or path.startswith("//"):
        return default
    return path + ("?" + referrer.query if referrer.query else "")


def _private(response):
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


# The button is on cached cards, the same for every visitor, so it cannot carry a CSRF
# token; a form on another site is refused by the browser's own word (Sec-Fetch-Site) and
# the cookie is SameSite=Lax. The worst a forged request could do is add a listing.
@csrf.exempt
@blueprint.post("/shortlist/save")
def save():
    """Add an activity to the list in the cookie, then back to the page (303)."""
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        abort(403)
    activity_id = record_id(request.form.get("activity", ""))
    if activity_id is None or public_activity(activity_id, local_now().date()) is None:
        abort(404)
    current = request.cookies.get(own_lists.COOKIE_NAME)
    try:
        code = own_lists.with_activity(current, activity_id)
    except own_lists.ShortlistFull:
        flash(
            _("Your shortlist is full ({count} activities). Remove one to add another.").format(
                count=own_lists.MAX_ITEMS
            )
        )
        return redirect(url_for("shortlists.own_shortlist", code=current), 303)
    flash(_("Saved to your shortlist."))
    target = _back_to(url_for("shortlists.own_shortlist", code=code))
    return _remember(redirect(target, 303), code)


@blueprint.get("/shortlist")
def my_shortlist():
    """The list this browser last saved to, or the empty page."""
    code = own_lists.encode(own_lists.decode_or_empty(request.cookies.get(own_lists.COOKIE_NAME)))
    if code:
        return _private(redirect(url_for("shortlists.own_shortlist", code=code), 303))
    return _private(make_response(render_template("shortlists/own.html", shortlist=None)))


@blueprint.get("/shortlist/<code>")
def own_shortlist(code: str):
    """A shortlist from its link, on any device: each activity with when, where and cost."""
    try:
        shortlist = own_lists.shortlist_for(code, local_now().date())
    except own_lists.NotAShortlist:
        abort(404)
    language = str(get_locale())
    share_url = absolute_url("shortlists.own_shortlist", language, code=shortlist.code or code)
    links = {
        activity.id: absolute_url("directory.activity", language, activity_id=activity.id)
        for activity in shortlist.activities
    }
    if request.args.get("print") == "1":
        return _private(
            make_response(
                render_template(
                    "shortlists/print.html",
                    print_title=_("My shortlist"),
                    print_intro=share_url,
                    print_activities=shortlist.activities,
                    print_links=links,
                )
            )
        )
    share_text = wording.activities_in_text(shortlist.activities, lambda a: links[a.id])
    return _private(
        make_response(
            render_template(
                "shortlists/own.html",
                shortlist=shortlist,
                share_url=share_url,
                share_text=share_text + "\n\n" + share_url if share_text else "",
            )
        )
    )


@blueprint.post("/shortlist/<code>/remove")
def remove(code: str):
    """Take one activity off the list; the new link becomes this browser's list."""
    activity_id = record_id(request.form.get("activity", ""))
    try:
        new_code = own_lists.without_activity(code, activity_id or 0)
    except own_lists.NotAShortlist:
        abort(404)
    flash(_("Removed from your shortlist."))
    target = (
        url_for("shortlists.own_shortlist", code=new_code)
        if new_code
        else url_for("shortlists.my_shortlist")
    )
    return _remember(redirect(target, 303), new_code)
