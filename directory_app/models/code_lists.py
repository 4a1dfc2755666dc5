"""Child rows that hold codes (categories, audiences, languages, accessibility features)."""


def sync_codes(collection, model, attribute: str, wanted) -> None:
    """Make a child collection hold exactly these codes, touching only what differs.

    Replacing the whole list would insert the new rows before deleting the old ones in the
    same flush, which breaks the (parent, code) unique constraints; a code given twice is
    added once for the same reason.
    """
    for child in [c for c in collection if getattr(c, attribute) not in wanted]:
        collection.remove(child)
    present = {getattr(child, attribute) for child in collection}
    for code in wanted:
        if code not in present:
            collection.append(model(**{attribute: code}))
            present.add(code)
