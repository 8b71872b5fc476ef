"""Settings of ``python -m benchmarks.http``: the site's own settings plus the two bare reference views."""

from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR, TEMPLATES

ROOT_URLCONF = "benchmarks.http_urls"
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "benchmarks" / "templates"]}]
STATIC_ROOT = BASE_DIR / "var" / "bench-static"
