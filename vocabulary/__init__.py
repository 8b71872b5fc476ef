"""The one vocabulary of the project: concept data, text normalisation and the text → concepts rule.

Pure Python, fully typed (``mypy --strict``), no Django and no project apps (an import-linter contract enforces
it). Everything below it uses it: the catalog (tagging, search, the capability picker, the Capability and Domain
rows it seeds) and the matching engine (featurisation and match reasons)::

    from vocabulary import default_vocabulary, domain_name
    vocabulary = default_vocabulary()               # the concepts shipped in vocabulary/data/capabilities.json
    vocabulary.concepts_in("乡镇卫生院远程会诊")      # -> ["telemedicine"]
    vocabulary.search_terms("telehealth 卫生院")      # -> [(…forms of telemedicine…), ("卫生院",)]
    domain_name("municipal", "zh")                    # -> "城市管理"
"""

from vocabulary.concepts import (
    DATA_FILE,
    DOMAIN_CODES,
    DOMAINS,
    Concept,
    Domain,
    VocabularyError,
    concepts_from_list,
    domain_name,
    load_concepts,
)
from vocabulary.index import Vocabulary, default_vocabulary, vocabulary_of
from vocabulary.matcher import ConceptHit, ConceptMatcher
from vocabulary.text import fold, normalize, stem_word

__all__ = [
    "DATA_FILE",
    "DOMAINS",
    "DOMAIN_CODES",
    "Concept",
    "ConceptHit",
    "ConceptMatcher",
    "Domain",
    "Vocabulary",
    "VocabularyError",
    "concepts_from_list",
    "default_vocabulary",
    "domain_name",
    "fold",
    "load_concepts",
    "normalize",
    "stem_word",
    "vocabulary_of",
]
