"""
A ``Prefetch`` for long pages: the related rows are fetched with the given queryset, but
each object's cache is built from the related manager's plain queryset.

Django clones the Prefetch's queryset once per object to hold that object's rows. For
querysets that join translations (``join_texts``) a clone costs more than the rows, and a
page of 50 events with their people, citations and tags makes hundreds of them. Reading
the prefetched rows (``.all()``, iteration, ``len``) is unchanged; only chaining a new
query off the cached one (``.filter()``) starts from the manager's default queryset.
"""

from django.db.models import Prefetch


class LeanPrefetch(Prefetch):
    def __init__(self, lookup, queryset=None, to_attr=None):
        super().__init__(lookup, queryset=queryset, to_attr=to_attr)
        # Kept apart: Django reads ``queryset`` again when it fills each object's cache.
        self.fetch_queryset, self.queryset = self.queryset, None

    def get_current_querysets(self, level):
        if (
            self.get_current_prefetch_to(level) == self.prefetch_to
            and self.fetch_queryset is not None
        ):
            return [self.fetch_queryset]
        return None

    def __getstate__(self):
        state = super().__getstate__()
        if self.fetch_queryset is not None:
            queryset = self.fetch_queryset._chain()
            queryset._result_cache = []
            queryset._prefetch_done = True
            state["fetch_queryset"] = queryset
        return state
