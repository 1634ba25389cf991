"""
What every process needs to hear when published content changes.

``content_changed`` is sent once per committed transaction that changed content, with
``keys``: a frozenset of the dependency keys the change touches. The same keys name what
each public answer shows (its ``Surrogate-Key``), so the response cache and any edge cache
in front of the site drop exactly the answers that showed what changed.

Key names: ``saga-<pk>``, ``event-<pk>``, ``person-<pk>``, ``org-<pk>``, ``source-<pk>``,
``image-<pk>``, and ``sagas``, ``people``, ``organizations``, ``sources`` for the lists
of each kind. ``all`` is on every answer: it is sent when a whole site was written at once
(``loaddata``).
"""

from django.dispatch import Signal

content_changed = Signal()
