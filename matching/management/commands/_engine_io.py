"""Shared by the evaluation commands: the site's vocabulary, regions and weights, and readable errors."""

from __future__ import annotations

from django.core.management.base import CommandError

from catalog.concepts import concepts_from_db
from matching import adapters
from matching.engine.loaders import DataFormatError


def site_inputs():
    """(concepts, regions) exactly as the site's suggestions use them: from the database."""
    concepts = concepts_from_db()
    if not concepts:
        raise CommandError("The capability vocabulary is empty: run `manage.py migrate` (it seeds the vocabulary).")
    return concepts, adapters.regions_from_db()


def data_error(exc: Exception) -> CommandError:
    if isinstance(exc, DataFormatError):
        # The message already reads "<file>:<line>: <what is wrong>".
        return CommandError(f"malformed input: {exc}")
    return CommandError(str(exc))
