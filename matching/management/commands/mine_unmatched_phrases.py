"""Offer the phrases that recur in published scenarios and solutions but name no capability on the curation page.

    manage.py mine_unmatched_phrases [--min-documents 3] [--limit 200]

Runs nightly on the Celery beat schedule too (``matching.refresh_unmatched_phrases``); prints what it offered.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from catalog.models import UnmappedTag
from matching import curation


class Command(BaseCommand):
    help = "Find phrases in published texts that name no capability and offer them for curation."

    def add_arguments(self, parser):
        parser.add_argument("--min-documents", type=int, default=curation.PHRASE_MIN_DOCUMENTS)
        parser.add_argument("--limit", type=int, default=curation.PHRASE_LIMIT)

    def handle(self, *args, min_documents, limit, **options):
        started = time.perf_counter()
        offered = curation.phrases_refresh(min_documents=max(2, min_documents), limit=max(1, limit))
        top = curation.queue(UnmappedTag.Source.TEXT)[:10]
        self.stdout.write(f"phrases offered={offered} seconds={time.perf_counter() - started:.2f}")
        for row in top:
            self.stdout.write(f"  {row.count:>4}  {row.text}")
