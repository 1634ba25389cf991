from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SagaCmsConfig(AppConfig):
    name = "saga_cms"
    verbose_name = _("saga_cms")
