"""People as the duplicate check compares them: one phone, email and name however typed.

"07700 900123", "07700900123", "+44 7700 900123" and "(07700) 900-123" are one phone; "Zoë
O'Brien" and "zoe obrien" are one name. The keys are stored beside the details
(``models.person_keys``) so the check is an indexed equality, not a scan.
"""

import re
import unicodedata

import phonenumbers

DEFAULT_REGION = "GB"
# How people type the same name differently: "Mary-Jane" or "Mary Jane", "O'Brien" (with a
# straight or curly apostrophe) or "OBrien".
APOSTROPHES = re.compile(r"['’‘`ʼ]")
WORD_SEPARATORS = re.compile(r"[\s\-‐‑–—.]+")


def _possible_number(text: str) -> phonenumbers.PhoneNumber | None:
    """The number read as dialled in the UK, or None when it cannot be a phone number."""
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_possible_number(number) else None


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


def phone_key(text: str | None) -> str:
    """The number in E.164 ("+447700900123"); digits only when it cannot be parsed."""
    text = (text or "").strip()
    if not text:
        return ""
    number = _possible_number(text)
    if number is not None:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return _digits(text)[:20]


def email_key(text: str | None) -> str:
    """The address trimmed and lowercased: mail servers treat case as the same mailbox."""
    return (text or "").strip().lower()


def name_key(text: str | None) -> str:
    """The name casefolded, without accents or apostrophes, its words one space apart."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return WORD_SEPARATORS.sub(" ", APOSTROPHES.sub("", plain)).strip()[:120]


def search_key(full_name: str | None, preferred_name: str | None, phone: str | None) -> str:
    """What the inbox search reads: both names as ``name_key`` has them and the phone's
    digits (as typed, in E.164 and as dialled at home), a line each, so a search never
    matches across two. Kept in the inbox index: a search reads the index, not the rows."""
    digits = dict.fromkeys(number for number in _phone_digits(phone) if number)
    return "\n".join((name_key(full_name), name_key(preferred_name), " ".join(digits)))[:300]


def _phone_digits(phone: str | None) -> list[str]:
    """The digits as typed, and of the number in E.164 and as dialled at home."""
    text = (phone or "").strip()
    number = _possible_number(text) if text else None
    if number is None:
        return [_digits(text)]
    formats = (phonenumbers.PhoneNumberFormat.E164, phonenumbers.PhoneNumberFormat.NATIONAL)
    return [_digits(text), *(_digits(phonenumbers.format_number(number, f)) for f in formats)]
