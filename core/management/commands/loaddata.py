"""
Django's ``loaddata``, remembering natural-key look-ups for the length of the load.

Everything else (options, atomicity, messages) is Django's own; see
``core.natural_keys`` for why and what is remembered.
"""

from django.core.management.commands import loaddata

from core.natural_keys import remembering_natural_keys


class Command(loaddata.Command):
    def loaddata(self, fixture_labels):
        with remembering_natural_keys():
            return super().loaddata(fixture_labels)
