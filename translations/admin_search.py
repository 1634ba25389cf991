"""
The admin's search over translatable objects: every word (or "quoted words") in one of the
admin's ``search_fields``, the fields under ``translations__`` looked up in a subquery of
the text rows instead of a join (no DISTINCT over every object; on PostgreSQL each column
found by its trigram index).
"""

from django.db import connections, models
from django.utils.text import smart_split, unescape_string_literal

TEXTS = "translations__"


def _text_conditions(fields, bit: str, using: str) -> list[models.Q]:
    """
    The conditions on the text rows, one subquery each: on PostgreSQL one per column, so
    that each is planned on its own trigram index (an OR of the four is estimated cheaper
    as a scan of every row, which takes ten times longer); elsewhere one for all columns,
    a single scan.
    """
    conditions = [models.Q(**{f"{field}__icontains": bit}) for field in fields]
    if not conditions or connections[using].vendor == "postgresql":
        return conditions
    combined = models.Q()
    for condition in conditions:
        combined |= condition
    return [combined]


def searched_by_texts(queryset, search_fields, search_term: str):
    """
    Filter ``queryset`` to what the admin's search finds: each word (or "quoted words") in
    one of ``search_fields`` (``icontains``), the fields under ``translations__`` looked up
    in a subquery of the text rows (one per object matched, so no duplicates to remove).
    """
    own = [field for field in search_fields if not field.startswith(TEXTS)]
    texts = [field.removeprefix(TEXTS) for field in search_fields if field.startswith(TEXTS)]
    rows = queryset.model.translation_model()
    for bit in smart_split(search_term):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        matches = models.Q()
        for field in own:
            matches |= models.Q(**{f"{field}__icontains": bit})
        for found in _text_conditions(texts, bit, queryset.db):
            matching_rows = rows._default_manager.filter(found).values(rows.parent_field)
            matches |= models.Q(pk__in=matching_rows)
        queryset = queryset.filter(matches)
    return queryset
