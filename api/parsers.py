"""The API's JSON parser: DRF's, with nesting too deep to read answered as a 400."""

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            # json.loads gives up on arrays or objects nested thousands deep; no payload of
            # this API nests more than a few levels.
            raise ParseError(_("JSON parse error - the document is nested too deeply.")) from None
