"""The concept data: the ten application domains (one name each in Chinese and English) and the capability
concepts (labels and synonyms in both languages, domain hints), read from ``vocabulary/data/capabilities.json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "capabilities.json"
"""The capability vocabulary shipped with the project (provenance: docs/matching.md, "The capability vocabulary")."""


@dataclass(frozen=True, slots=True)
class Domain:
    """An application domain. ``zh`` and ``en`` are the one name pages, filters and match reasons all show."""

    code: str
    zh: str
    en: str

    def name(self, language: str) -> str:
        """The name in ``language`` ("zh…" for Chinese, anything else for English)."""
        return self.zh if language.startswith("zh") else self.en


DOMAINS: tuple[Domain, ...] = (
    Domain("transport", "交通出行", "Transport"),
    Domain("health", "医疗健康", "Health"),
    Domain("education", "教育", "Education"),
    Domain("municipal", "城市管理", "Municipal services"),
    Domain("government_services", "政务服务", "Government services"),
    Domain("agriculture", "农业农村与数字乡村", "Agriculture & digital village"),
    Domain("industry", "工业互联网", "Industry (industrial internet)"),
    Domain("elderly_care", "养老服务", "Elderly care"),
    Domain("emergency", "应急管理", "Emergency management"),
    Domain("culture_tourism", "文化旅游", "Culture & tourism"),
)
"""The ten domains, in the order pages list them. Codes never change (they are stored and exchanged)."""

DOMAIN_CODES: tuple[str, ...] = tuple(d.code for d in DOMAINS)
_DOMAIN_BY_CODE = {d.code: d for d in DOMAINS}


def domain_name(code: str, language: str) -> str:
    """The name of a domain in ``language``; an unknown code is returned as it is."""
    domain = _DOMAIN_BY_CODE.get(code)
    return domain.name(language) if domain is not None else code


@dataclass(frozen=True, slots=True)
class Concept:
    """One capability of the controlled vocabulary, e.g. telemedicine / 远程医疗."""

    code: str
    zh: str
    en: str
    synonyms_zh: tuple[str, ...] = ()
    synonyms_en: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()

    def surface_forms(self) -> tuple[str, ...]:
        """All labels and synonyms, both languages, labels first."""
        return (self.zh, self.en, *self.synonyms_zh, *self.synonyms_en)

    def label(self, language: str) -> str:
        """Display label in ``language`` ("zh…" for Chinese, anything else for English)."""
        return self.zh if language.startswith("zh") else self.en


class VocabularyError(ValueError):
    """The vocabulary data is malformed; the message names the file and the first bad entry."""


def _strings(item: dict[str, object], key: str, where: str) -> tuple[str, ...]:
    value = item.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise VocabularyError(f"{where}: {key} must be a list of strings")
    return tuple(v.strip() for v in value if v.strip())


def concepts_from_list(items: object, source: str = "<list>") -> list[Concept]:
    """Check the vocabulary format (docs/matching.md) and build the concepts, in the given order.

    Every entry needs a unique non-empty ``code`` and non-empty ``zh`` and ``en`` labels; synonyms and domains
    are lists of strings, and domains must be codes of :data:`DOMAINS`.
    """
    if not isinstance(items, list):
        raise VocabularyError(f"{source}: the vocabulary must be a JSON list")
    concepts: list[Concept] = []
    seen: set[str] = set()
    for position, item in enumerate(items, start=1):
        where = f"{source}: entry {position}"
        if not isinstance(item, dict):
            raise VocabularyError(f"{where} is not an object")
        code, zh, en = item.get("code"), item.get("zh"), item.get("en")
        if not isinstance(code, str) or not code.strip():
            raise VocabularyError(f"{where} has no code")
        if code in seen:
            raise VocabularyError(f"{where}: duplicate code {code!r}")
        seen.add(code)
        where = f"{where} ({code})"
        if not isinstance(zh, str) or not zh.strip() or not isinstance(en, str) or not en.strip():
            raise VocabularyError(f"{where}: labels zh and en are required")
        domains = _strings(item, "domains", where)
        unknown = sorted(set(domains) - set(DOMAIN_CODES))
        if unknown:
            raise VocabularyError(f"{where}: unknown domains {unknown}")
        concepts.append(
            Concept(
                code=code,
                zh=zh.strip(),
                en=en.strip(),
                synonyms_zh=_strings(item, "synonyms_zh", where),
                synonyms_en=_strings(item, "synonyms_en", where),
                domains=domains,
            )
        )
    return concepts


def load_concepts(path: str | Path = DATA_FILE) -> list[Concept]:
    """Read and check a vocabulary file (by default the one shipped in ``vocabulary/data``)."""
    try:
        items = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise VocabularyError(f"{path}:{exc.lineno}: invalid JSON ({exc.msg})") from exc
    return concepts_from_list(items, str(path))
