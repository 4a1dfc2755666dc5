"""Signing staff in through the real form, as tests need to do everywhere."""

import re

PASSWORD = "a long enough passphrase"


def csrf_token(client, path: str = "/staff/sign-in") -> str:
    """The CSRF token of a form on this page, fetched as a browser would."""
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def sign_in(client, email, password=PASSWORD, next_url=None):
    path = "/staff/sign-in" + (f"?next={next_url}" if next_url else "")
    return client.post(
        path, data={"csrf_token": csrf_token(client), "email": email, "password": password}
    )
