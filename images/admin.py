import reversion
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from images.models import Image, ImageTranslation
from saga_cms.editorial.admin import EditorialAdmin, RoleAwareTranslationInline
from saga_cms.editorial.display import language_badges
from saga_cms.translation_admin import TranslatableAdmin

reversion.register(ImageTranslation)
reversion.register(Image, follow=["translations"])


class ImageTranslationInline(RoleAwareTranslationInline):
    model = ImageTranslation


@admin.register(Image)
class ImageAdmin(EditorialAdmin, TranslatableAdmin):
    list_display = ["__str__", "localized_label", "badges", "width", "height", "credit"]
    search_fields = ["file", "credit", "translations__alt_text", "translations__caption"]
    fields = ["file", "credit", "licence", "original_language"]
    inlines = [ImageTranslationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_translations()

    @admin.display(description=_("texts"))
    def badges(self, image):
        return language_badges(image)
