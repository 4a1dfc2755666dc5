"""Steps every browser test shares: the phone-width check and signing staff in."""

from tests.staff import PASSWORD


def no_sideways_scrolling(page) -> None:
    # Right after a click the next page may still be arriving (no document element yet).
    page.wait_for_load_state("load")
    page.wait_for_function("() => document.documentElement !== null")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{page.url} is {width}px wide at a 320px viewport"


def sign_in(page, live_server: str, email: str, password: str = PASSWORD) -> None:
    """Sign in through the real form, as a person on a phone would."""
    page.goto(f"{live_server}/staff/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
