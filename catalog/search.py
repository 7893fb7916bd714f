"""Product search by words: full-text with weights and trigram typos on PostgreSQL, a word matcher elsewhere.

Both backends read the query the same way (`catalog.words`): words, plurals and one-letter typos
corrected against the words of the catalogue. PostgreSQL matches the stored, weighted
``search_vector`` (name over short description over description; migrations 0004 and 0005) with
each word as typed or corrected. At most `SEARCH_CANDIDATES` matches are taken, names holding the
words first, and ranked by ``ts_rank``, so a broad word costs no more than a rare one; only when
no word matches does it take names within trigram distance, a bounded set ranked by similarity.
The embedded default matches each word's variants in the same three fields. Either way the caller
gets a condition to filter by and a rank to order by.
"""

import hashlib
import threading
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import BooleanField, Case, Expression, FloatField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from catalog.models import Category, Product
from catalog.words import Vocabulary, stems_of, word_stem, words_of
from shop.content import content_version

WEIGHTS = {"name": 3.0, "short_description": 2.0, "description": 1.0}  # the embedded default's ranking
TSQUERY = "to_tsquery('english', %s)"
TRIGRAM_CANDIDATES = 200  # names near a text no word matched, ranked by similarity
SEARCH_CANDIDATES = 500  # matches ranked per search: names first, then any field; also the most `count` says
NAME_WORDS = 'to_tsvector(\'english\', "catalog_product"."name")'  # the expression of migration 0006's index
_vocabulary: dict[str, Vocabulary] = {}
_vocabulary_lock = threading.Lock()


@dataclass(frozen=True)
class TextMatch:
    """How to find products for a text: a filter condition, a rank, and the text as corrected."""

    condition: Q
    rank: Expression
    corrected: str


def catalogue_vocabulary() -> Vocabulary:
    """Return the words and stems of active products' names, short descriptions and categories, per content version."""
    token = content_version().token
    held = _vocabulary.get(token)
    if held is not None:
        return held
    key = "search-vocabulary:" + hashlib.sha256(token.encode()).hexdigest()[:16]
    stems = cache.get(key)
    if stems is None:
        texts = Product.objects.available().values_list("name", "short_description")
        found: set[str] = set()
        for name, short in texts.iterator(chunk_size=5000):
            words = words_of(f"{name} {short}")
            # Stems correct "rolller" to roller; the words as written correct "stretchng" to stretching.
            found.update(words, map(word_stem, words))
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


def _tsquery_text(text: str, *, join: str = " & ", label: str = "") -> str:
    """Return a `to_tsquery` text: every word required (or any, by `join`), each as typed or corrected.

    A `label` such as ":A" matches the words in the name only.
    """
    vocabulary = catalogue_vocabulary()
    words = []
    for word in words_of(text):  # [a-z0-9]+ only, so nothing here is tsquery syntax
        alternatives = dict.fromkeys([word, *vocabulary.corrections(word_stem(word))])
        words.append("(" + " | ".join(f"{alternative}{label}" for alternative in alternatives) + ")")
    return join.join(words)


@contextmanager
def _gin_scans():
    """Make the queries inside answer from GIN indexes by bitmap scans.

    For a word no product holds, the planner expects a few hundred matches and reads LIMIT as
    "a scan in any order stops early"; it then tests all 50,000 rows. The index answers at once.
    """
    outer = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
        yield
        if outer:  # SET LOCAL outlives a savepoint: give the rest of the transaction its planner back
            cursor.execute("SET LOCAL enable_seqscan = on; SET LOCAL enable_indexscan = on")


def _postgres_match(text: str) -> TextMatch:
    corrected = search_corrected(text)
    query = _tsquery_text(text)
    if query:
        ids = _candidates(query)
        if ids:
            # ts_rank reads only the candidates' vectors: its cost is bounded however many rows match.
            rank = RawSQL(f'ts_rank("catalog_product"."search_vector", {TSQUERY})', (query,), output_field=FloatField())  # noqa: S611
            # One array parameter rather than hundreds: the count and the page plan and log it at once.
            among = RawSQL('"catalog_product"."id" = ANY(%s)', (ids,), output_field=BooleanField())
            return TextMatch(condition=Q(among), rank=rank, corrected=corrected)
    # No word matched: the names nearest the typed text by trigrams, a bounded candidate set.
    typed = " ".join(words_of(text))
    near = RawSQL('%s <%% "catalog_product"."name"', (typed,), output_field=BooleanField())
    # Ids rather than a subquery, so that OR-ed conditions (a condition's products) still use their indexes.
    with _gin_scans():
        ids = list(
            Product.objects.available().filter(near).order_by().values_list("pk", flat=True)[:TRIGRAM_CANDIDATES]
        )
    rank = RawSQL('word_similarity(%s, "catalog_product"."name")', (typed,), output_field=FloatField())
    return TextMatch(condition=Q(pk__in=ids), rank=rank, corrected=corrected)


def _candidates(query: str) -> list[int]:
    """Return the ids of at most `SEARCH_CANDIDATES` products matching `query`: names holding the words first.

    Both lookups stop at the cap, unordered, so neither reads more rows however broad the words are.
    Names come from their own index (migration 0006); the rest from the weighted vector's index.
    """
    # Shopper text travels only as bound parameters; the SQL around it is fixed.
    in_name = RawSQL(f"{NAME_WORDS} @@ {TSQUERY}", (query,), output_field=BooleanField())  # noqa: S611
    anywhere = RawSQL(f'"catalog_product"."search_vector" @@ {TSQUERY}', (query,), output_field=BooleanField())  # noqa: S611
    available = Product.objects.available().order_by()
    with _gin_scans():
        ids = list(available.filter(in_name).values_list("pk", flat=True)[:SEARCH_CANDIDATES])
        if len(ids) < SEARCH_CANDIDATES:
            more = available.filter(anywhere).exclude(pk__in=ids) if ids else available.filter(anywhere)
            ids += more.values_list("pk", flat=True)[: SEARCH_CANDIDATES - len(ids)]
    return ids


def product_names_close(*, text: str, limit: int = 5) -> list[tuple[str, str]]:
    """Return (slug, name) of active products whose name holds any word of `text` or a correction, best first."""
    available = Product.objects.available()
    if connection.vendor == "postgresql":
        query = _tsquery_text(text, join=" | ", label=":A")
        if not query:
            return []
        any_word = RawSQL(f'"catalog_product"."search_vector" @@ {TSQUERY}', (query,), output_field=BooleanField())  # noqa: S611
        rank = RawSQL(f'ts_rank("catalog_product"."search_vector", {TSQUERY})', (query,), output_field=FloatField())  # noqa: S611
        found = available.filter(any_word).annotate(name_rank=rank).order_by("-name_rank", "name", "pk")
    else:
        vocabulary = catalogue_vocabulary()
        any_word = Q()
        for word in words_of(text):
            for variant in vocabulary.variants(word_stem(word)):
                any_word |= Q(name__icontains=variant)
        if not any_word:
            return []
        found = available.filter(any_word).order_by("name", "pk")
    return list(found.values_list("slug", "name")[:limit])


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
