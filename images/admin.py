import reversion
from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from editorial.admin import EditorialAdmin, RoleAwareTranslationInline
from editorial.display import language_badges
from editorial.forms import EditorialModelForm
from images.models import Image, ImageTranslation
from images.services import image_delete, image_save
from images.validation import accepted_format, read_image
from translations.row_admin import TranslatableAdmin

reversion.register(ImageTranslation)
reversion.register(Image, follow=["translations"])


def upload_help_text() -> str:
    return _(
        "JPEG, PNG, WebP or GIF (first frame only), up to %(bytes)s and %(megapixels)s "
        "megapixels. The picture is turned upright and stripped of its metadata (camera, "
        "GPS) before it is stored; replacing it deletes the old files."
    ) % {
        "bytes": filesizeformat(settings.IMAGE_MAX_BYTES),
        "megapixels": f"{settings.IMAGE_MAX_PIXELS / 1_000_000:g}",
    }


def smallest_rendition_html(image, *, box: int) -> str:
    """Return an ``<img>`` of the image's smallest rendition, fitted in a ``box`` px square."""
    smallest = image.fallback_renditions()[0]
    return format_html(
        '<img src="{}" alt="" width="{}" height="{}" loading="lazy" '
        'style="max-width:{}px;max-height:{}px;width:auto;height:auto">',
        smallest.url,
        smallest.width,
        smallest.height,
        box,
        box,
    )


class ImageAdminForm(EditorialModelForm):
    # A plain file field: the model's ImageField form field would answer every problem with
    # one generic message; read_image says what is wrong.
    file = forms.FileField(label=_("file"))

    class Meta:
        model = Image
        fields = ["file", "credit", "licence", "original_language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:  # not for translators and reviewers: read-only for them
            self.fields["file"].help_text = upload_help_text()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if isinstance(upload, UploadedFile):
            picture = read_image(upload)
            upload.seek(0)
            # The model field checks the extension; the content decides it, not the name.
            upload.name = f"upload.{accepted_format(picture).lower()}"
        return upload


class ImageTranslationFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        language = self.instance.original_language
        described = {
            form.cleaned_data.get("language_code")
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and (form.cleaned_data.get("alt_text") or "").strip()
        }
        if language and language not in described:
            raise ValidationError(
                _(
                    "Describe the image in its original language (%(language)s): readers "
                    "of every language fall back to that alt text."
                ),
                code="original_alt_text_missing",
                params={"language": language},
            )


class ImageTranslationInline(RoleAwareTranslationInline):
    model = ImageTranslation
    formset = ImageTranslationFormSet


@admin.register(Image)
class ImageAdmin(EditorialAdmin, TranslatableAdmin):
    form = ImageAdminForm
    list_display = [
        "thumbnail",
        "localized_label",
        "badges",
        "width",
        "height",
        "credit",
        "licence",
    ]
    list_display_links = ["thumbnail", "localized_label"]
    search_fields = ["file", "credit", "translations__alt_text", "translations__caption"]
    fields = ["file", "preview", "credit", "licence", "original_language", "rendition_sizes"]
    readonly_fields = ["preview", "rendition_sizes"]
    inlines = [ImageTranslationInline]
    # The files of a replaced or deleted picture are deleted with it: an old revision could
    # not bring them back, so history and diffs are shown but nothing is reverted.
    revisions_restorable = False

    def get_queryset(self, request):
        return super().get_queryset(request).with_translations()

    @admin.display(description=_("texts"))
    def badges(self, image):
        return language_badges(image)

    @admin.display(description=_("image"))
    def thumbnail(self, image):
        return smallest_rendition_html(image, box=48) if image.renditions else str(image)

    @admin.display(description=_("preview"))
    def preview(self, image):
        return smallest_rendition_html(image, box=320) if image.pk and image.renditions else "—"

    @admin.display(description=_("renditions"))
    def rendition_sizes(self, image):
        renditions = image.rendition_list() if image.pk else []
        if not renditions:
            return "—"
        return format_html_join(
            ", ",
            '<a href="{}">{} × {} {}</a>',
            ((r.url, r.width, r.height, r.format.upper()) for r in renditions),
        )

    def save_object(self, request, obj, form, change):
        upload = form.cleaned_data.get("file") if "file" in form.changed_data else None
        image_save(image=obj, upload=upload)

    def delete_model(self, request, obj):
        image_delete(image=obj)

    def delete_queryset(self, request, queryset):
        for image in queryset:
            image_delete(image=image)
