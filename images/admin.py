from django.contrib import admin

from images.models import Image, ImageTranslation
from saga_cms.translation_admin import TranslatableAdmin, TranslationInline


class ImageTranslationInline(TranslationInline):
    model = ImageTranslation


@admin.register(Image)
class ImageAdmin(TranslatableAdmin):
    list_display = ["__str__", "localized_label", "width", "height", "credit"]
    search_fields = ["file", "credit", "translations__alt_text", "translations__caption"]
    fields = ["file", "credit", "licence", "original_language"]
    inlines = [ImageTranslationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_translations()
