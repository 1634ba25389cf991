"""
Settings of deploy/smoke.sh's app servers: the production settings (everything from the
environment, as in deploy/systemd and deploy/compose.yaml) plus the benchmark's baseline
view (``bench.urls``), so that the smoke run compares the cached timeline through Varnish
with the same baseline view through Varnish.
"""

from saga_cms.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
