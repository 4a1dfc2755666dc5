"""Information pages: about, accessibility statement, privacy notice, getting help."""

from flask import Blueprint, render_template

blueprint = Blueprint("pages", __name__)


@blueprint.get("/about")
def about():
    return render_template("pages/about.html")


@blueprint.get("/accessibility")
def accessibility():
    return render_template("pages/accessibility.html")


@blueprint.get("/privacy")
def privacy():
    return render_template("pages/privacy.html")


@blueprint.get("/get-help")
def get_help():
    """How to reach a link worker, until online self-referral arrives."""
    return render_template("pages/get_help.html")
