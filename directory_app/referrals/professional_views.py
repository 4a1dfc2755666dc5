"""The public form for professionals referring someone (GP practices, pharmacies, housing…)."""

from flask import Blueprint

blueprint = Blueprint("professional_referrals", __name__)
