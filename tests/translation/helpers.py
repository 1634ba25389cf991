"""Small helpers for the translation tests."""


def fresh(row):
    """Return ``row`` as stored now."""
    return type(row).objects.get(pk=row.pk)


def edit_source(obj, **texts):
    """Change ``obj``'s source text directly (as an earlier save would have)."""
    row = obj.translation_model().objects.get(
        **{obj.translation_model().parent_field: obj}, language_code=obj.original_language
    )
    for name, value in texts.items():
        setattr(row, name, value)
    row.save()
    return row
