"""The capability vocabulary: loading it from ``catalog/data/capabilities.json`` and matching free text onto it.

Matching works on NFKC-normalised, lower-cased text, so full-width letters, upper case and Chinese all meet.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "capabilities.json"

# (code, Chinese name, English name): the ten domains, in the order pages list them.
DOMAINS = [
    ("transport", "交通出行", "Transport"),
    ("health", "医疗健康", "Health"),
    ("education", "教育", "Education"),
    ("municipal", "城市管理", "Municipal services"),
    ("government_services", "政务服务", "Government services"),
    ("agriculture", "农业农村与数字乡村", "Agriculture & digital village"),
    ("industry", "工业互联网", "Industry (industrial internet)"),
    ("elderly_care", "养老服务", "Elderly care"),
    ("emergency", "应急管理", "Emergency management"),
    ("culture_tourism", "文化旅游", "Culture & tourism"),
]
DOMAIN_CODES = [code for code, _zh, _en in DOMAINS]


def norm(value: str) -> str:
    """NFKC, lower case, inner white space collapsed: the form both search text and queries are stored in."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", value or "")).strip().lower()


class VocabularyFileError(ValueError):
    pass


def read_capability_rows(path: Path | str = DATA_FILE) -> list[dict]:
    """Read and check the vocabulary file; raise ``VocabularyFileError`` naming the first bad entry."""
    rows = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(rows, list):
        raise VocabularyFileError("the capability file must hold a JSON list")
    seen: set[str] = set()
    for index, row in enumerate(rows, start=1):
        code = row.get("code") if isinstance(row, dict) else None
        if not code or not isinstance(code, str) or not row.get("zh") or not row.get("en"):
            raise VocabularyFileError(f"entry {index}: code, zh and en are required")
        if code in seen:
            raise VocabularyFileError(f"entry {index}: duplicate code {code!r}")
        seen.add(code)
        unknown = set(row.get("domains") or []) - set(DOMAIN_CODES)
        if unknown:
            raise VocabularyFileError(f"entry {index} ({code}): unknown domains {sorted(unknown)}")
        for key in ("synonyms_zh", "synonyms_en", "domains"):
            if not isinstance(row.get(key, []), list):
                raise VocabularyFileError(f"entry {index} ({code}): {key} must be a list")
    return rows


def sync_domains(Domain) -> None:
    for position, (code, name_zh, name_en) in enumerate(DOMAINS):
        Domain.objects.update_or_create(
            code=code, defaults={"name_zh": name_zh, "name_en": name_en, "position": position}
        )


def sync_capabilities(Capability, Domain, rows: list[dict]) -> tuple[int, int]:
    """Add new concepts and update existing ones by ``code`` (never deletes). Returns (created, updated)."""
    domains = {domain.code: domain for domain in Domain.objects.all()}
    created = updated = 0
    for row in rows:
        defaults = {
            "name_zh": row["zh"].strip(),
            "name_en": row["en"].strip(),
            "synonyms_zh": [s.strip() for s in row.get("synonyms_zh", []) if s and s.strip()],
            "synonyms_en": [s.strip() for s in row.get("synonyms_en", []) if s and s.strip()],
        }
        capability, was_created = Capability.objects.get_or_create(code=row["code"], defaults=defaults)
        if was_created:
            created += 1
        elif any(getattr(capability, key) != value for key, value in defaults.items()):
            for key, value in defaults.items():
                setattr(capability, key, value)
            capability.save()
            updated += 1
        wanted = {domains[code] for code in row.get("domains", []) if code in domains}
        if set(capability.domains.all()) != wanted:
            capability.domains.set(wanted)
    return created, updated


_LATIN = re.compile(r"[a-z0-9]")


def _occurs(needle: str, haystack: str) -> bool:
    """Whole-word for Latin terms ("ppp" not inside "apppp"), substring for Chinese."""
    if not needle:
        return False
    if _LATIN.search(needle):
        return re.search(rf"(?<![a-z0-9]){re.escape(needle)}(?![a-z0-9])", haystack) is not None
    return needle in haystack


@dataclass
class Vocabulary:
    """An in-memory index of capabilities: ``{code: [normalised terms]}``."""

    terms: dict[str, list[str]] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_capabilities(cls, capabilities) -> Vocabulary:
        vocabulary = cls()
        for capability in capabilities:
            vocabulary.terms[capability.code] = sorted({norm(t) for t in capability.terms() if norm(t)})
            vocabulary.ids[capability.code] = capability.pk
        return vocabulary

    @classmethod
    def load(cls) -> Vocabulary:
        from catalog.models import Capability

        return cls.from_capabilities(
            Capability.objects.only("id", "code", "name_zh", "name_en", "synonyms_zh", "synonyms_en")
        )

    def match_tag(self, tag: str) -> str | None:
        """The capability whose label or synonym equals the tag; else one whose term occurs inside the tag
        (the longest wins, so 远程医疗平台 maps onto 远程医疗); else None."""
        wanted = norm(tag)
        if not wanted:
            return None
        for code, terms in self.terms.items():
            if wanted in terms:
                return code
        best: tuple[int, str] | None = None
        for code, terms in self.terms.items():
            for term in terms:
                if len(term) >= 2 and _occurs(term, wanted) and (best is None or len(term) > best[0]):
                    best = (len(term), code)
        return best[1] if best else None

    def match_text(self, text: str) -> set[str]:
        """Every capability one of whose terms (two characters or more) occurs in the text."""
        haystack = norm(text)
        return {code for code, terms in self.terms.items() if any(len(t) >= 2 and _occurs(t, haystack) for t in terms)}

    def expand(self, term: str) -> set[str]:
        """All terms of the capabilities a query term names (equal to, inside, or containing a label or synonym)."""
        wanted = norm(term)
        if len(wanted) < 2:
            return set()
        found: set[str] = set()
        for terms in self.terms.values():
            if any(wanted == t or wanted in t or (len(t) >= 2 and t in wanted) for t in terms):
                found.update(terms)
        return found
