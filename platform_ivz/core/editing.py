"""Edits that lose to someone else's: one exception for every app, one way to tell the user.

Every edit form carries the version it showed (a hidden `version` field, or a fingerprint);
the service compares it with the locked row and raises EditConflict when someone saved in
between, writing nothing. The view then keeps what was typed, says why nothing was saved,
and sets the hidden fields to what is stored now, so that saving again is a deliberate
overwrite rather than a second conflict (docs/ARCHITECTURE.md §8).
"""


class EditConflict(Exception):
    """Someone else saved after this user opened the form; nothing was saved.

    `current`: the stored object as it is now, when the page wants to show it; `names`: the
    rows that conflicted, for forms of several rows.
    """

    def __init__(self, current=None, *, names=()):
        super().__init__(*names)
        self.current = current
        self.names = list(names)


def refuse_stale_edit(form, message, **fields) -> None:
    """Put `message` above the form (or formset) and replace the posted `fields` (version=7)."""
    if hasattr(form, "add_error"):
        form.add_error(None, message)
    else:  # a formset
        form._non_form_errors = form.error_class([message])
    replace_posted(form, **fields)


def replace_posted(form, **fields) -> None:
    """Replace posted values (such as `version` after a conflict), keeping the rest.

    A formset's forms were built from the old data; they render the new versions only if they
    read the new data too (else saving again after a conflict would conflict forever).
    """
    data = form.data.copy()
    for key, value in fields.items():
        data[key] = value
    form.data = data
    for each in getattr(form, "forms", ()):
        each.data = data
