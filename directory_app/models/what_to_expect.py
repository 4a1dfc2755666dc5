"""What to expect on a listing: the code lists its answers use, and the short list the
activity page shows (``Activity.what_to_expect``)."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from directory_app.domain.vocabulary import Term, term_by_code

# How many usually come, and whether a carer comes free. An empty code
# means the group has not said, and the page leaves the line out.
GROUP_SIZES = (
    Term("up-to-5", _l("Up to 5 people")),
    Term("6-15", _l("6 to 15 people")),
    Term("16-30", _l("16 to 30 people")),
    Term("over-30", _l("More than 30 people")),
)
CARER_ANSWERS = (
    Term("yes", _l("Yes: a carer or support worker comes free")),
    Term("no", _l("No: a carer pays like anyone else")),
)


@dataclass(frozen=True)
class Expectation:
    """One line of "What to expect": a question, and its answer in the page's language or,
    when ``in_group_language``, as the group wrote it (in the listing's ``text_language``)."""

    question: object
    answer: object
    in_group_language: bool = False


def what_to_expect(activity) -> list[Expectation]:
    """The lines a group has answered, in the order the page lists them. A function of the
    fields alone, so a proposed change's preview (``groups.preview``) shows its own."""
    lines = []
    if activity.run_by:
        lines.append(Expectation(_l("Who runs it"), activity.run_by, True))
    size = term_by_code(GROUP_SIZES, activity.usual_group_size or "")
    if size:
        lines.append(Expectation(_l("How many usually come"), size.label))
    if activity.bring:
        lines.append(Expectation(_l("What to bring"), activity.bring, True))
    carer = term_by_code(CARER_ANSWERS, activity.carer_free or "")
    if carer:
        lines.append(Expectation(_l("Can a carer come free?"), carer.label))
    booking = (
        _l("No: book first, by contacting the group")
        if activity.booking_required
        else _l("Yes, just turn up")
    )
    lines.append(Expectation(_l("Can you just turn up?"), booking))
    return lines
