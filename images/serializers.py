"""
The image as the API shows it, nested in people, organisations and events.

The alt text and caption are in the requested language through ``localized()``: the
language comes from the serializer context's ``language`` (set by the API from ``?lang=``
or ``Accept-Language``), else the active language. ``language`` in the output says which
language the text is in, so a client can mark a fallback with ``lang``.
"""

from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from images.models import Image, Rendition
from images.services import image_create
from images.validation import read_image
from saga_cms.translation import validate_language_code


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
    url = serializers.SerializerMethodField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    format = serializers.CharField()
    mime_type = serializers.CharField()

    def get_url(self, rendition: Rendition) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(rendition.url) if request else rendition.url


class ImageSerializer(serializers.ModelSerializer):
    """An image: its renditions with their sizes, credit, licence, alt text and caption."""

    renditions = serializers.SerializerMethodField()
    alt_text = serializers.SerializerMethodField()
    caption = serializers.SerializerMethodField()
    language = serializers.SerializerMethodField(
        help_text="The language the alt text and caption are in (empty when there is none)."
    )

    class Meta:
        model = Image
        fields = [
            "id",
            "width",
            "height",
            "renditions",
            "alt_text",
            "caption",
            "language",
            "credit",
            "licence",
        ]
        read_only_fields = fields

    def _text(self, image: Image):
        language = self.context.get("language") or get_language() or ""
        public = self.context.get("public_text", True)
        return image.localized(language, public=public)

    @extend_schema_field(RenditionSerializer(many=True))
    def get_renditions(self, image: Image) -> list[dict]:
        return RenditionSerializer(image.rendition_list(), many=True, context=self.context).data

    def get_alt_text(self, image: Image) -> str:
        return self._text(image).texts.get("alt_text", "")

    def get_caption(self, image: Image) -> str:
        return self._text(image).texts.get("caption", "")

    def get_language(self, image: Image) -> str:
        return self._text(image).language_code


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
