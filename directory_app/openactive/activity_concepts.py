"""The OpenActive activity list concepts a listing is about, from words in its title.

OpenActive asks that ``activity`` name concepts from its activity list
(https://openactive.io/activity-list, a SKOS concept scheme). The directory has no field
for that, so a few unambiguous phrases in an English title are matched to the concept they
name; every id and label below is copied from the list itself, and nothing is guessed: a
listing whose title names none of them is described by its category alone, with a
``prefLabel`` and no ``@id`` ("Strength and balance", for one, is not in the list).

Longer phrases are tried first and their words used up, so "Walking football" is Walking
Football, not also Walking and Football.
"""

import re

ACTIVITY_LIST = "https://openactive.io/activity-list"

# (phrases, concept id in the list, the list's prefLabel)
CONCEPTS = (
    (("walking football",), "b8019b67-2ade-406f-a012-91a5c3869652", "Walking Football"),
    (("walking netball",), "1e48de7e-4f8f-49bd-8ab3-9d92edf2cedc", "Walking Netball"),
    (("walking cricket",), "f00fc7b2-8154-43f3-97a0-a53fb62c233a", "Walking Cricket"),
    (("nordic walking",), "c72e1713-25c1-4886-926a-4cd549bb4916", "Nordic Walking"),
    (("chair yoga",), "16b8fad0-68a1-4159-892d-c9b59dce03c8", "Chair Yoga"),
    (
        ("chair based exercise", "chair-based exercise", "seated exercise"),
        "ee3cf3ee-082e-4f53-9cb2-3ef0589497ed",
        "Chair Based Exercise",
    ),
    (("aqua aerobics", "aquafit"), "6e31262b-ce37-4fc7-b3e3-d827ac5e8b42", "Aqua Aerobics"),
    (("tea dance", "tea dances"), "e3334ebc-7568-48fa-8c93-151626101e5b", "Tea Dance"),
    (("table tennis",), "1a05993d-b206-4efe-85da-646fa340bdf4", "Table Tennis"),
    (("tai chi",), "c16df6ed-a4a0-4275-a8c3-1c8cff56856f", "Tai Chi"),
    (("circuit training",), "d22d1d7d-8a2f-4e18-88c8-80abcbdded9d", "Circuit Training"),
    (("yoga",), "bf1a5e00-cdcf-465d-8c5a-6f57040b7f7e", "Yoga"),
    (("pilates",), "3a6b1c08-7aa6-48d4-9690-dca9e0133057", "Pilates"),
    (("zumba",), "78503fa2-ed24-4a80-a224-e2e94581d8a8", "Zumba®"),
    (("aerobics",), "678b9fc4-1860-4377-85b9-e4c01628582a", "Aerobics"),
    (("dance", "dancing"), "6ca15167-51da-4d91-a1ae-8a45dc47b0ea", "Dance"),
    (("swimming", "swim"), "2750229d-b725-4171-9276-376be913957c", "Swimming"),
    (("badminton",), "c0360db0-a817-4bae-9167-40f89b49fc9e", "Badminton"),
    (("boccia",), "611363c5-8acf-4eeb-aeba-c33e9c70146e", "Boccia"),
    (("bowls",), "b885f4f6-2242-4d11-9466-065d60402624", "Bowls"),
    (("cycling", "cycle ride", "bike ride"), "4a19873e-118e-43f4-b86e-05acba8fb1de", "Cycling"),
    (("running", "run club"), "72ddb2dc-7d75-424e-880a-d90eabe91381", "Running"),
    (("football",), "0a5f732d-e806-4e51-ad40-0a7de0239c8c", "Football"),
    (("walk", "walks", "walking"), "95092977-5a20-4d6e-b312-8fddabe71544", "Walking"),
    (("gardening", "garden"), "5b880e93-4a16-4c37-86ac-ba2ffba68358", "Gardening"),
)

_PATTERNS = tuple(
    (re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b"), uuid, label)
    for phrases, uuid, label in CONCEPTS
)


def concept(uuid: str, label: str) -> dict:
    """An activity list concept as OpenActive references one."""
    return {
        "@type": "Concept",
        "@id": f"{ACTIVITY_LIST}#{uuid}",
        "prefLabel": label,
        "inScheme": ACTIVITY_LIST,
    }


def activity_concepts(title: str, language: str) -> list[dict]:
    """The activity list concepts an English title names, in the order of ``CONCEPTS``."""
    if not language.startswith("en"):
        return []
    text = " ".join(title.casefold().split())
    found = []
    for pattern, uuid, label in _PATTERNS:
        text, matches = pattern.subn(" ", text)
        if matches:
            found.append(concept(uuid, label))
    return found
