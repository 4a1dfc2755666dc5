"""Look-alike result cards told apart (#14): a card's title link is described by the details
that differ between two cards with the same title (the group, the place, the next session, the
languages), so a screen-reader user tabbing through the links hears the difference."""

from html.parser import HTMLParser

import pytest

LOOKALIKE = "Friendship coffee morning in Parsloes"  # twice in the seed, by two groups
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class CardLinks(HTMLParser):
    """Every element's id with its text, and each card title link's text and description ids."""

    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.text_of: dict[str, str] = {}
        self.links: list[dict] = []
        self._open: list[tuple[str, str | None, dict | None]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        element_id = attributes.get("id")
        if element_id:
            self.ids.append(element_id)
            self.text_of.setdefault(element_id, "")
        if tag in VOID:
            return
        link = None
        in_card_title = any(open_tag.startswith("h") and card for open_tag, _, card in self._open)
        if tag == "a" and in_card_title:
            link = {"text": "", "described_by": attributes.get("aria-describedby")}
            self.links.append(link)
        card_title = tag in ("h2", "h3", "h4") and "card-title" in attributes.get("class", "")
        self._open.append((tag, element_id, link if tag == "a" else card_title))

    def handle_endtag(self, tag):
        for depth in range(len(self._open) - 1, -1, -1):
            if self._open[depth][0] == tag:
                del self._open[depth:]
                return

    def handle_data(self, data):
        for tag, element_id, link in self._open:
            if element_id:
                self.text_of[element_id] += data
            if tag == "a" and isinstance(link, dict):
                link["text"] += data

    def description(self, link: dict) -> str:
        """The text a screen reader reads after the link, as aria-describedby composes it."""
        parts = (" ".join(self.text_of[id_].split()) for id_ in link["described_by"].split())
        return " ".join(part for part in parts if part)


def _parsed(client, path: str) -> CardLinks:
    response = client.get(path)
    assert response.status_code == 200
    parser = CardLinks()
    parser.feed(response.get_data(as_text=True))
    return parser


def test_two_lookalike_cards_are_described_by_what_differs(client):
    page = _parsed(client, "/search?q=friendship+coffee+morning+parsloes")
    lookalikes = [link for link in page.links if link["text"].strip() == LOOKALIKE]
    assert len(lookalikes) == 2

    for link in lookalikes:
        assert link["described_by"], "a look-alike card's link has no description"
        assert all(id_ in page.text_of for id_ in link["described_by"].split())
    first, second = (page.description(link) for link in lookalikes)
    assert first != second
    for description in (first, second):
        assert "Parsloes Park Pavilion" in description
        assert "Next:" in description
    # The Polish club's morning says so; the other, in English only, has no languages line.
    polish, english = sorted(
        (first, second), key=lambda text: "Polish Social Club Dagenham" not in text
    )
    assert (
        "Polish Social Club Dagenham" in polish
        and "Barking and Dagenham Befriending Service" in english
    )
    assert "Languages spoken" in polish and "Polish" in polish.split("Languages spoken")[1]
    assert "Languages spoken" not in english


@pytest.mark.parametrize("path", ["/", "/search?q=coffee", "/search?q=coffee&page=2", "/ur/"])
def test_every_card_link_is_described_by_unique_ids_on_the_page(client, path):
    page = _parsed(client, path)
    assert page.links, "no result cards on the page"
    duplicates = {id_ for id_ in page.ids if page.ids.count(id_) > 1}
    assert not duplicates
    for link in page.links:
        described = link["described_by"].split()
        assert described and all(id_ in page.text_of for id_ in described)
        assert page.description(link), "a card's link is described by nothing"


def test_the_save_buttons_of_lookalike_cards_are_described_like_their_links(client):
    html = client.get("/search?q=friendship+coffee+morning+parsloes").get_data(as_text=True)
    page = CardLinks()
    page.feed(html)
    lookalikes = [link for link in page.links if link["text"].strip() == LOOKALIKE]
    for link in lookalikes:
        # The card's "Save to my shortlist" button carries the same description.
        button = f'type="submit" aria-describedby="{link["described_by"]}"'
        assert button in html
