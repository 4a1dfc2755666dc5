"""The error summary follows GOV.UK: the page's order, and links that land on an input."""

import re

from tests.referrals.helpers import BUDDY, SELF_REFERRAL, start, valid_buddy, valid_self_referral


def _summary_links(html: str) -> list[str]:
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    return re.findall(r'<a href="#([^"]+)"', summary)


def _input_ids(html: str) -> list[str]:
    return re.findall(r'<(?:input|select|textarea)[^>]* id="([^"]+)"', html)


def test_the_self_referral_summary_is_in_the_pages_order_and_lands_on_inputs(client):
    answers = valid_self_referral(full_name="", phone="", email="", postcode="nope", reasons=[])
    answers.pop("reasons", None)
    answers["consent_referral"] = ""
    data = start(client, SELF_REFERRAL) | answers | {"step": "check"}
    html = client.post(SELF_REFERRAL, data=data).get_data(as_text=True)
    links = _summary_links(html)
    inputs = _input_ids(html)
    assert len(links) >= 4, links
    assert all(link in inputs for link in links), (links, inputs)  # never a <div>
    assert links == sorted(links, key=inputs.index)  # the order the page asks them in
    assert "reasons-1" in links


def test_the_buddy_summary_is_in_the_pages_order_too(client):
    answers = valid_buddy(full_name="", phone="", email="", activity_name="")
    data = start(client, BUDDY) | answers | {"step": "check"}
    html = client.post(BUDDY, data=data).get_data(as_text=True)
    links = _summary_links(html)
    inputs = _input_ids(html)
    assert len(links) >= 2 and all(link in inputs for link in links), (links, inputs)
    assert links == sorted(links, key=inputs.index)
