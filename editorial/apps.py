from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Editorial desk"

    def ready(self):
        from django.contrib import admin
        from django.utils.functional import lazy
        from django.utils.translation import gettext_lazy as _

        from core.context_processors import site_name

        # The newsroom's product name, not "Django administration", in every admin header.
        admin.site.site_header = admin.site.site_title = lazy(site_name, str)()
        admin.site.index_title = _("Editorial desk")

        from editorial.pickers import labelled_autocomplete_view

        # Autocomplete answers with the labels of editorial.pickers (headlines, names).
        admin.site.autocomplete_view = labelled_autocomplete_view

        from reversion.signals import post_revision_commit

        from core import freshness

        # A save's revision is the last thing it writes: its change is dated then, just
        # before the commit (core.freshness.stamp), not when its first row changed.
        post_revision_commit.connect(
            lambda revision, **kwargs: freshness.stamp(revision._state.db),
            dispatch_uid="editorial.stamp_change",
            weak=False,
        )
