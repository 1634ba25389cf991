"""
The REST API's shared machinery, used by every app's ``api.py``.

- ``languages``: which language a request is answered in (``?lang=``, ``Accept-Language``).
- ``conditional``: ETag/Last-Modified with 304s on reads; ``If-Match`` on writes (412/428).
- ``errors``: every bad input answers 4xx with field errors, never 500.
- ``pagination``, ``throttling``: page sizes with a ceiling; anonymous rate limits.
- ``texts``: serializer fields for translated text and translation rows.
- ``viewsets``: the base viewsets that put the pieces together.
- ``schema``: OpenAPI additions (language, preconditions, error responses).
- ``urls``: the router (``/api/v1/``), the schema and its documentation pages.
"""
