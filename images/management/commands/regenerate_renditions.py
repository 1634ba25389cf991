from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from images.models import Image
from images.processing import rendition_widths
from images.services import image_regenerate_renditions


class ProgressBar:
    """A one-line progress bar on a terminal; a line per tenth of the work elsewhere."""

    def __init__(self, stream, total: int, width: int = 30):
        self.stream, self.total, self.width = stream, total, width
        self.is_terminal = stream.isatty()
        self.last_tenth = -1

    def update(self, done: int) -> None:
        share = done / self.total if self.total else 1
        filled = round(self.width * share)
        line = f"[{'#' * filled}{'.' * (self.width - filled)}] {done}/{self.total}"
        if self.is_terminal:
            self.stream.write(f"\r{line}", ending="")
            if done == self.total:
                self.stream.write("")
        elif int(share * 10) > self.last_tenth or done == self.total:
            self.last_tenth = int(share * 10)
            self.stream.write(line)


def is_outdated(image: Image) -> bool:
    """Whether ``image`` lacks a WebP and a fallback at exactly the widths now configured."""
    made = {(entry["width"], entry["format"]) for entry in image.renditions}
    expected = rendition_widths(image.width or 0)
    return sorted({width for width, _format in made}) != expected or len(made) != 2 * len(expected)


class Command(BaseCommand):
    help = (
        "Remake every image's renditions from its stored original, at the widths now in "
        "IMAGE_RENDITION_WIDTHS, and delete the renditions they replace. Each image is "
        "regenerated in its own transaction, so an interrupted run can simply be run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--outdated",
            action="store_true",
            help="Only images whose renditions do not match the current widths.",
        )

    def handle(self, *args, outdated=False, **options):
        images = Image.objects.order_by("pk")
        if outdated:
            images = [image for image in images.iterator() if is_outdated(image)]
        else:
            images = list(images)
        total = len(images)
        if not total:
            self.stdout.write("No image to regenerate.")
            return
        progress = ProgressBar(self.stdout, total)
        failures = []
        for done, image in enumerate(images, start=1):
            try:
                image_regenerate_renditions(image=image)
            except (ValidationError, OSError) as error:
                reason = "; ".join(getattr(error, "messages", [str(error)]))
                failures.append(f"image {image.pk} ({image}): {reason}")
            progress.update(done)
        if failures:
            raise CommandError(
                f"{len(failures)} of {total} images could not be regenerated: "
                + " | ".join(failures)
            )
        self.stdout.write(self.style.SUCCESS(f"Regenerated the renditions of {total} images."))
