import re
import uuid
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from translations.machinery import (
    TranslatableModel,
    TranslatableQuerySet,
    Translation,
    language_choices,
    translation_constraints,
    translations_prefetch,
)
from translations.models import UidKeyed, UidManagerMixin


def image_upload_to(instance, filename: str) -> str:
    """
    Return a unique storage path keeping the file's extension.

    A module-level function so that migrations can reference it.
    """
    suffix = PurePosixPath(filename).suffix.lower()
    return f"images/{uuid.uuid4().hex}{suffix}"


@dataclass(frozen=True)
class Rendition:
    """One resized copy of an image, as stored: where it is served and its size."""

    name: str
    url: str
    width: int
    height: int
    format: str  # "webp", "jpeg" or "png"

    @property
    def mime_type(self) -> str:
        return f"image/{self.format}"


# The folder ``Image.rendition_prefix`` names after the original's file (a uuid4 hex).
RENDITION_FOLDER = re.compile(r"images/renditions/(?P<stem>[0-9a-f]{32})/[^/]+$")


class ImageQuerySet(TranslatableQuerySet):
    def served_at(self, url: str) -> "Image | None":
        """
        Return the image one of whose renditions is served at ``url`` (absolute or not),
        such as a rendition this site exported in a TimelineJS timeline; else None.
        """
        match = RENDITION_FOLDER.search(url.split("?", 1)[0])
        if match is None:
            return None
        image = self.filter(file__startswith=f"images/{match['stem']}.").first()
        if image is None:
            return None
        served = {rendition.url for rendition in image.rendition_list()}
        return image if any(url.endswith(path) for path in served) else None


class ImageManager(UidManagerMixin, models.Manager.from_queryset(ImageQuerySet)):
    pass


class Image(TranslatableModel, UidKeyed):
    """A picture used as a portrait, a logo or an event's media, with its credit and alt text."""

    file = models.ImageField(
        _("file"), upload_to=image_upload_to, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(_("width"), null=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, editable=False)
    credit = models.CharField(_("credit"), max_length=255, blank=True)
    licence = models.CharField(_("licence"), max_length=255, blank=True)
    original_language = models.CharField(
        _("original language"), max_length=15, choices=language_choices
    )
    renditions = models.JSONField(
        _("renditions"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("The resized copies made at upload: width, height, format and storage name."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ImageManager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        # Editors pick portraits and logos by this label (admin autocomplete), so it is the
        # alt text when the admin's queryset has prefetched it; never a query of its own.
        if "translations" in getattr(self, "_prefetched_objects_cache", {}):
            alt_text = (self.source_texts() or {}).get("alt_text")
            if alt_text:
                return Truncator(alt_text).chars(80)
        return PurePosixPath(self.file.name).name if self.file else f"image {self.pk}"

    @property
    def rendition_prefix(self) -> str:
        """Return the storage folder of this image's renditions, named after its file."""
        return f"images/renditions/{PurePosixPath(self.file.name).stem}/"

    def stored_names(self) -> list[str]:
        """Return the storage names of the original and of every rendition."""
        names = [self.file.name] if self.file else []
        return names + [entry["name"] for entry in self.renditions]

    def rendition_list(self, image_format: str | None = None) -> list[Rendition]:
        """Return the renditions (of one format, if given), smallest first."""
        storage = self.file.storage
        return sorted(
            (
                Rendition(url=storage.url(entry["name"]), **entry)
                for entry in self.renditions
                if image_format is None or entry["format"] == image_format
            ),
            key=lambda rendition: (rendition.width, rendition.format),
        )

    def fallback_renditions(self) -> list[Rendition]:
        """Return the renditions every browser reads: JPEG, or PNG for a transparent image."""
        return [r for r in self.rendition_list() if r.format != "webp"]


class ImageTranslation(Translation):
    parent_field = "image"
    translated_fields = ("alt_text", "caption")
    required_fields = ("alt_text",)

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="translations")
    alt_text = models.CharField(
        _("alt text"),
        max_length=500,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)

    class Meta(Translation.Meta):
        verbose_name = _("image text")
        verbose_name_plural = _("image texts")
        constraints = translation_constraints("image", "imagetranslation")


def select_image(queryset: models.QuerySet, field: str, language_code: str | None):
    """
    Return ``queryset`` joining the image in ``field`` (``"portrait"``, ``"logo"``,
    ``"image"``) and prefetching its alt text and caption in ``language_code`` (every
    language if None): one query more when any row has an image, none otherwise.
    """
    return queryset.select_related(field).prefetch_related(
        translations_prefetch(f"{field}__translations", Image, language_code)
    )
