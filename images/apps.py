from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImagesConfig(AppConfig):
    name = "images"
    verbose_name = _("images")

    def ready(self):
        from images import freshness

        freshness.register()
        from django.conf import settings
        from PIL import Image as PillowImage

        # Pillow's own decompression-bomb guard then agrees with the upload limit: it warns
        # above IMAGE_MAX_PIXELS and refuses to open anything twice that size.
        PillowImage.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS
