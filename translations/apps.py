from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    name = "translations"
    # Not "translations": /admin/translations/ is the translation dashboard (translations.urls),
    # which would hide the admin's own pages of an app so labelled.
    label = "translation"
    verbose_name = _("Translations")

    def ready(self):
        from django.db.models.signals import pre_save

        from translations.machinery import refresh_digests

        def digests_on_raw_saves(sender, instance, raw=False, **kwargs):
            # loaddata saves raw, skipping each field's pre_save: the digests are set here.
            if raw:
                refresh_digests(instance)

        pre_save.connect(digests_on_raw_saves, dispatch_uid="translations-digests-on-raw-saves")

        from jobs import registry
        from translations.xliff_jobs import JOB_KIND, discard_upload, run_xliff_import_job

        registry.register(JOB_KIND, run_xliff_import_job, given_up=discard_upload)
