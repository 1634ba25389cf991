from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from translations.machinery import language_codes
from translations.scope import saga_model
from translations.xliff import export_file_name, stream_xliff


class Command(BaseCommand):
    help = (
        "Write a saga's texts as one XLIFF 1.2 file for translation into a language: a "
        "trans-unit per text field of every object of the saga (source text, current "
        "translation and its state). Give the file to a translator or CAT tool, then read "
        "it back with import_xliff. The file is written as it is read from the database, a "
        "batch of objects at a time, so memory stays small whatever the saga's size."
    )

    def add_arguments(self, parser):
        parser.add_argument("saga", help="The saga's slug, such as openai-2023.")
        parser.add_argument("language", help="The language to translate into, such as en.")
        parser.add_argument(
            "-o",
            "--output",
            default=None,
            help="Where to write the file (default: <saga>.<language>.xlf here; - for stdout).",
        )

    def handle(self, *args, saga, language, output=None, **options):
        if language not in language_codes():
            raise CommandError(
                f"“{language}” is not one of this site's languages ({', '.join(language_codes())})."
            )
        found = saga_model()._default_manager.filter(slug=saga).first()
        if found is None:
            raise CommandError(f"There is no saga “{saga}”.")
        if output == "-":
            for chunk in stream_xliff(found, language):
                # Each chunk is whole groups: it decodes on its own.
                self.stdout.write(chunk.decode("utf-8"), ending="")
            return
        path = Path(output or export_file_name(found, language))
        try:
            with path.open("wb") as file:
                units = self.write(found, language, file)
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}.") from error
        self.stderr.write(self.style.SUCCESS(f"Wrote {units} unit(s) to {path}."))

    @staticmethod
    def write(saga, language: str, file) -> int:
        """Stream the export into ``file``; return how many units it holds."""
        units = 0
        for chunk in stream_xliff(saga, language):
            units += chunk.count(b"<trans-unit ")
            file.write(chunk)
        file.flush()
        return units
