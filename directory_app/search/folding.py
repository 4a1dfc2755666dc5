"""Folding: the forms of a word people type on a phone, made one.

Residents type "samotnosc" for "samotność", "singuratate" for "singurătate", Urdu without
its diacritics, Panjabi without the nukta ("ਕਰਜਾ" for "ਕਰਜ਼ਾ"), Arabic-Indic or Bengali digits.
The same folding is applied to listings (in every analyzer of the index), to queries and to
the needs map, so each spelling finds what the others find.

What folds, and why it is safe here:

- Unicode compatibility forms (presentation forms, full-width letters) become the letters;
- case, by Unicode case folding (ß becomes ss);
- accents and other combining marks on Latin, Greek, Cyrillic, Arabic-script and Hebrew
  letters: Arabic and Urdu short vowels, Hebrew and Yiddish points. In an activity directory
  the rare pairs these marks tell apart (Spanish "año"/"ano") cost less than every unaccented
  search finding nothing;
- letters with no decomposition that phone keyboards stand in for: ł, ø, đ, ı, æ, œ, ħ;
- Arabic and Urdu letter shapes that keyboards mix: Farsi/Urdu yeh and alef maksura as yeh,
  keheh as kaf, heh goal and heh doachashmee as heh, teh marbuta as heh;
- in Indic scripts only the nukta, the Gurmukhi addak, and tippi as bindi, which people
  leave out or use interchangeably. Their vowel signs are combining marks too, but they are
  the word ("ਮਾਂ", mother, is not "ਮ"): they stay;
- digits of any script become 0-9.
"""

import unicodedata
from functools import lru_cache

_LETTERS = {
    "ł": "l", "ø": "o", "đ": "d", "ı": "i", "æ": "ae", "œ": "oe", "ħ": "h", "ŧ": "t",
    "\u0649": "\u064a", "\u06cc": "\u064a", "\u06d0": "\u064a",  # yeh forms
    "\u06a9": "\u0643",  # keheh
    "\u06c1": "\u0647", "\u06be": "\u0647", "\u0629": "\u0647", "\u06d5": "\u0647",  # heh forms
    "\u0640": "",  # tatweel, the stretching stroke
    "\u0a70": "\u0a02",  # Gurmukhi tippi as bindi
    "\u0a71": "",  # Gurmukhi addak
    "\u200c": "", "\u200d": "",  # zero-width (non-)joiners
}  # fmt: skip
_INDIC_MARKS_TO_DROP = {"\u093c", "\u09bc", "\u0a3c", "\u0abc", "\u0b3c"}  # the nuktas


def _is_indic(character: str) -> bool:
    return "\u0900" <= character <= "\u0dff"


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """``text`` in its folded form (see the module's notes). Idempotent."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    out = []
    previous = ""
    for character in decomposed:
        if character in _LETTERS:
            out.append(_LETTERS[character])
        elif unicodedata.category(character) == "Mn":
            # Indic vowel signs stay (less the nukta); other marks (accents, points) go.
            if _is_indic(previous) and character not in _INDIC_MARKS_TO_DROP:
                out.append(character)
        elif unicodedata.category(character) == "Nd":
            out.append(str(unicodedata.digit(character)))
        else:
            out.append(character)
        if unicodedata.category(character) != "Mn":
            previous = character
    return unicodedata.normalize("NFC", "".join(out))
