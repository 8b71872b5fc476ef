"""The Celery application: background work (suggestion refresh, e-mail delivery, periodic jobs).

Configuration comes from Django's settings (the ``CELERY_*`` names in config/settings/base.py). Without a broker
(no ``REDIS_URL`` / ``CELERY_BROKER_URL``) every task runs eagerly in the process that sends it, so ``make run``
and ``make test`` need nothing else. In production run a worker and the scheduler::

    celery -A config worker -l INFO
    celery -A config beat -l INFO
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("sce")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
