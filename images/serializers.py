"""
The image as the API shows it, nested in people, organisations and events.

The alt text and caption are translated text like any other object's: in the requested
language as ``localized()`` chooses it, with ``language``, ``is_fallback`` and
``translation_status`` (``LocalizedModelSerializer``), read from the same serializer
context as the rest of the payload (``language``, and ``public`` for readers).
"""

from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.texts import LocalizedModelSerializer
from images.models import Image, Rendition
from images.services import image_create
from images.validation import read_image
from translations.machinery import validate_language_code


@contextmanager
def django_errors_as_api_errors():
    """Re-raise a Django ``ValidationError`` as DRF's, so the API answers 400, never 500."""
    try:
        yield
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from None
        raise serializers.ValidationError(error.messages) from None


class RenditionSerializer(serializers.Serializer):
    """One resized copy: where it is served (absolute), its size and its type."""

    url = serializers.SerializerMethodField()
    width = serializers.IntegerField(help_text=_("In pixels."))
    height = serializers.IntegerField(help_text=_("In pixels."))
    format = serializers.ChoiceField(choices=["webp", "jpeg", "png"])
    mime_type = serializers.CharField(help_text=_("The file's type, for <source type>."))

    def get_url(self, rendition: Rendition) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(rendition.url) if request else rendition.url


class ImageSerializer(LocalizedModelSerializer):
    """
    An image: its renditions (WebP and JPEG, or PNG when transparent, smallest first)
    with their sizes, credit and licence, and its alt text and caption in the requested
    language.
    """

    renditions = serializers.SerializerMethodField()

    class Meta:
        model = Image
        fields = ["id", "width", "height", "renditions", "credit", "licence"]
        read_only_fields = fields
        extra_kwargs = {
            "width": {"help_text": _("The stored original's width, in pixels.")},
            "height": {"help_text": _("The stored original's height, in pixels.")},
        }

    @extend_schema_field(RenditionSerializer(many=True))
    def get_renditions(self, image: Image) -> list[dict]:
        return RenditionSerializer(image.rendition_list(), many=True, context=self.context).data


class ImageUploadSerializer(serializers.Serializer):
    """
    Input for uploading an image through the API: the file, its alt text and caption in
    the original language, credit and licence. A refused file answers 400 with the reason
    under ``file``, exactly as the admin form says it.
    """

    file = serializers.FileField()
    original_language = serializers.CharField(max_length=15)
    alt_text = serializers.CharField(max_length=500)
    caption = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    credit = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    licence = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")

    def validate_file(self, upload):
        with django_errors_as_api_errors():
            read_image(upload)
        return upload

    def validate_original_language(self, value):
        with django_errors_as_api_errors():
            validate_language_code(value)
        return value

    def create(self, validated_data):
        with django_errors_as_api_errors():
            return image_create(
                upload=validated_data.pop("file"),
                user=self.context["request"].user,
                **validated_data,
            )

    def to_representation(self, image):
        return ImageSerializer(image, context=self.context).data
