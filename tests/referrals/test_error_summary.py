"""The error summary follows GOV.UK: the page's order, links that land on an input, and only
the problems of the page on show (the residents' forms ask a few questions a page)."""

import re

from tests.referrals.helpers import BUDDY, SELF_REFERRAL, start, valid_buddy, valid_self_referral


def _summary_links(html: str) -> list[str]:
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    return re.findall(r'<a href="#([^"]+)"', summary)


def _input_ids(html: str) -> list[str]:
    return re.findall(r'<(?:input|select|textarea)[^>]* id="([^"]+)"', html)


def _checked(client, path: str, answers: dict) -> str:
    data = start(client, path) | answers | {"step": "check"}
    return client.post(path, data=data).get_data(as_text=True)


def test_the_self_referral_summary_is_in_the_pages_order_and_lands_on_inputs(client):
    answers = valid_self_referral(full_name="", phone="", email="", postcode="nope", reasons=None)
    answers["consent_referral"] = ""
    html = _checked(client, SELF_REFERRAL, answers)
    links = _summary_links(html)
    inputs = _input_ids(html)
    # The first page with problems, and only its problems: not the contact page's.
    assert links == ["full_name", "postcode"], links
    assert all(link in inputs for link in links), (links, inputs)  # never a <div>
    assert links == sorted(links, key=inputs.index)  # the order the page asks them in

    # A group of boxes links to its first box.
    html = _checked(client, SELF_REFERRAL, valid_self_referral(reasons=None))
    assert _summary_links(html) == ["reasons-1"] and "reasons-1" in _input_ids(html)


def test_the_buddy_summary_is_in_the_pages_order_too(client):
    answers = valid_buddy(full_name="", phone="", email="", activity_name="")
    html = _checked(client, BUDDY, answers)
    assert _summary_links(html) == ["activity_name"]
    html = _checked(client, BUDDY, valid_buddy(phone="", email="", preferred_contact=None))
    links = _summary_links(html)
    inputs = _input_ids(html)
    assert links == ["preferred_contact-1"] and all(link in inputs for link in links)
