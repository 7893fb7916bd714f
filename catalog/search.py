"""Product search by words: full-text with weights and trigram typos on PostgreSQL, a word matcher elsewhere.

Both backends read the query the same way (`catalog.words`): words, plurals and one-letter typos
corrected against the words of the catalogue. PostgreSQL matches the stored, weighted
``search_vector`` (name over short description over description; see migration 0003) or a name
within trigram distance; the embedded default matches each word's variants in the same three
fields. Either way the caller gets a condition to filter by and a rank to order by.
"""

import hashlib
import threading
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, Case, Expression, FloatField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from catalog.models import Category, Product
from catalog.words import Vocabulary, stems_of, word_stem, words_of
from shop.content import content_version

WEIGHTS = {"name": 3.0, "short_description": 2.0, "description": 1.0}  # the embedded default's ranking
_vocabulary: dict[str, Vocabulary] = {}
_vocabulary_lock = threading.Lock()


@dataclass(frozen=True)
class TextMatch:
    """How to find products for a text: a filter condition, a rank, and the text as corrected."""

    condition: Q
    rank: Expression
    corrected: str


def catalogue_vocabulary() -> Vocabulary:
    """Return the stems of active products' names and short descriptions and of categories, per content version."""
    token = content_version().token
    held = _vocabulary.get(token)
    if held is not None:
        return held
    key = "search-vocabulary:" + hashlib.sha256(token.encode()).hexdigest()[:16]
    stems = cache.get(key)
    if stems is None:
        texts = Product.objects.available().values_list("name", "short_description")
        found = {stem for name, short in texts.iterator(chunk_size=5000) for stem in stems_of(f"{name} {short}")}
        found |= {stem for name in Category.objects.values_list("name", flat=True) for stem in stems_of(name)}
        stems = sorted(found)
        cache.set(key, stems, timeout=settings.LIMBER_READ_CACHE_SECONDS)
    vocabulary = Vocabulary(stems)
    with _vocabulary_lock:
        _vocabulary.clear()  # only the current version is worth keeping
        _vocabulary[token] = vocabulary
    return vocabulary


def search_corrected(text: str) -> str:
    """Return the text with each unknown word replaced by its closest catalogue word (or as typed)."""
    vocabulary = catalogue_vocabulary()
    words = []
    for word in words_of(text):
        stem = word_stem(word)
        corrections = vocabulary.corrections(stem)
        words.append(corrections[0] if corrections else word)
    return " ".join(words)


def product_text_match(*, text: str) -> TextMatch:
    """Return how to find and rank products whose text matches the words of `text`."""
    if connection.vendor == "postgresql":
        return _postgres_match(text)
    return _word_match(text)


def _postgres_match(text: str) -> TextMatch:
    corrected = search_corrected(text)
    typed = " ".join(words_of(text))
    # websearch_to_tsquery reads plain words as AND; the corrected spelling is an alternative.
    tsquery = "(websearch_to_tsquery('english', %s) || websearch_to_tsquery('english', %s))"
    # Shopper text travels only as bound parameters; the SQL around it is fixed.
    matches = RawSQL(f'"catalog_product"."search_vector" @@ {tsquery}', (typed, corrected), output_field=BooleanField())  # noqa: S611
    # <% : the typed words are close to some run of words in the name (pg_trgm, GIN-indexed).
    near = RawSQL('%s <%% "catalog_product"."name"', (typed,), output_field=BooleanField())
    rank = RawSQL(  # noqa: S611
        f'ts_rank("catalog_product"."search_vector", {tsquery}) + word_similarity(%s, "catalog_product"."name")',
        (typed, corrected, typed),
        output_field=FloatField(),
    )
    return TextMatch(condition=Q(matches) | Q(near), rank=rank, corrected=corrected)


def _word_match(text: str) -> TextMatch:
    vocabulary = catalogue_vocabulary()
    condition, rank, corrected = Q(), Value(0.0, output_field=FloatField()), []
    for word in words_of(text):
        variants = vocabulary.variants(word_stem(word))
        corrected.append(variants[1] if len(variants) > 1 else word)
        any_field = Q()
        for field, weight in WEIGHTS.items():
            in_field = Q()
            for variant in variants:
                in_field |= Q(**{f"{field}__icontains": variant})
            any_field |= in_field
            rank = rank + Case(When(in_field, then=Value(weight)), default=Value(0.0), output_field=FloatField())
        condition &= any_field
    return TextMatch(condition=condition, rank=Coalesce(rank, 0.0), corrected=" ".join(corrected))
