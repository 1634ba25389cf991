"""
The benchmark harness (``bench/run.sh``): measure saga_cms under load, as ratios to a
baseline view measured in the same run, and append the results to ``bench/RESULTS.md``.

``run`` drives a run (databases, data, gunicorn, wrk); ``probe`` runs inside Django to
resolve the endpoints' URLs and count their SQL queries; ``wrk`` runs and parses wrk;
``report`` holds the goals and writes the Markdown; ``settings`` and ``urls`` are the
production-like configuration the server runs with, plus the baseline view.
``image_upload.py`` is a separate script timing one photo upload's processing.
"""
