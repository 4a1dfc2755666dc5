"""A resident's own shortlist, kept in its link: no account, nothing stored."""

from flask import Blueprint

blueprint = Blueprint("shortlists", __name__)
