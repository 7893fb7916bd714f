"""Product search by words, with each database's own full-text search: which products hold which words where.

PostgreSQL matches the stored, weighted ``search_vector`` (name A, short description B, description
C; migrations 0004 and 0005) and the index of name words (0006); SQLite matches the FTS5 table of
the same three fields (0008). Both stem words in their own way (Snowball english, Porter), so
"rollers" finds "roller" and "stretching" finds "stretch". At most `SEARCH_CANDIDATES` products
are taken, in stages that each stop at the cap unsorted: every word in the name, every word
anywhere, then any word in the name, any word anywhere, so a broad word costs what a rare one
does. For each product the answer says which fields hold each word, and the caller ranks them
(`recommendations.search`): the same ranking on either database.

A product's category name counts too ("foam roller" finds the Textured Grid Roller on the Foam
rollers shelf): its words are matched in Python, by the same stems on either database, and the
products of the categories holding a word are found by their category.
"""

import hashlib
import threading
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import BooleanField, ExpressionWrapper, FloatField, IntegerField, Q, QuerySet
from django.db.models.expressions import RawSQL

from catalog.models import Category, Product
from catalog.words import Vocabulary, stems_of, word_stem, words_of
from shop.content import content_version

FIELDS = ("name", "short_description", "description")
FIELD_WEIGHTS = (4.0, 2.0, 1.0)  # a word in the name outweighs the same word in both other fields
CATEGORY_FIELD = len(FIELDS)  # the bit of a WordHit set when the product's category's name holds the word
PG_LABELS = ("A", "B", "C")  # the weights migration 0004's trigger gives the three fields
SEARCH_CANDIDATES = 500  # products ranked per search, names first; also the most `count` says
TRIGRAM_CANDIDATES = 200  # PostgreSQL: names near a text no word matched, ranked by similarity
TSQUERY = "to_tsquery('english', %s)"
NAME_WORDS = 'to_tsvector(\'english\', "catalog_product"."name")'  # the expression of migration 0006's index
FTS = "SELECT rowid FROM catalog_product_fts WHERE catalog_product_fts MATCH %s"  # migration 0008's table
_vocabulary: dict[str, Vocabulary] = {}
_category_stems: dict[str, dict[int, frozenset[str]]] = {}
_vocabulary_lock = threading.Lock()


@dataclass(frozen=True)
class Term:
    """A word to find: the forms that find it fully (as typed or corrected, plurals) and related words."""

    forms: tuple[str, ...]
    related: tuple[str, ...] = ()

    @property
    def alternatives(self) -> tuple[str, ...]:
        return (*self.forms, *self.related)


@dataclass(frozen=True)
class WordHit:
    """Which fields of a product hold a term: bit i set when field i (name, short, long description) does.

    Bit `CATEGORY_FIELD` is set when the name of the product's category holds it.
    """

    forms: int
    related: int


def catalogue_vocabulary() -> Vocabulary:
    """Return the stems of active products' names, short descriptions and categories, per content version.

    Each stem counts the texts that hold it, so a correction prefers the word the catalogue uses most.
    """
    token = content_version().token
    held = _vocabulary.get(token)
    if held is not None:
        return held
    key = "search-vocabulary:3:" + hashlib.sha256(token.encode()).hexdigest()[:16]
    cached = cache.get(key)
    if cached is None:
        counts: dict[str, int] = {}
        texts = Product.objects.available().values_list("name", "short_description")
        categories = {pk: stems_of(name) for pk, name in Category.objects.values_list("pk", "name")}
        for text in [f"{name} {short}" for name, short in texts.iterator(chunk_size=5000)]:
            words = set(words_of(text))
            # Stems correct "rolller" to roller; the words as written correct "stretchng" to stretching.
            for word in words | {word_stem(word) for word in words}:
                counts[word] = counts.get(word, 0) + 1
        for stems in categories.values():
            for word in set(stems):
                counts[word] = counts.get(word, 0) + 1
        cached = (counts, categories)
        cache.set(key, cached, timeout=settings.LIMBER_READ_CACHE_SECONDS)
    counts, categories = cached
    vocabulary = Vocabulary(counts)
    with _vocabulary_lock:
        _vocabulary.clear()  # only the current version is worth keeping
        _vocabulary[token] = vocabulary
        _category_stems.clear()
        _category_stems[token] = {pk: frozenset(stems) for pk, stems in categories.items()}
    return vocabulary


def categories_holding(words: Sequence[str]) -> list[int]:
    """Return the ids of the categories whose name holds one of the words (by stem), per content version."""
    if not words:
        return []
    catalogue_vocabulary()
    stems = {word_stem(word) for word in words}
    categories = _category_stems.get(content_version().token, {})
    return sorted(pk for pk, held in categories.items() if stems & held)


# Shopper text reaches SQL only as bound parameters, and only as words of [a-z0-9]: nothing in it is
# query syntax. Each backend turns terms into its own query text.


def _pg_any(words: Sequence[str], label: str = "") -> str:
    return "(" + " | ".join(f"{word}{label}" for word in words) + ")"


def _fts_any(words: Sequence[str], column: str = "") -> str:
    group = "(" + " OR ".join(f'"{word}"' for word in words) + ")"
    return f"{column} : {group}" if column else group


def _matches(terms: Sequence[Term], *, every: bool, in_name: bool, shelves: Sequence[Sequence[int]] = ()) -> Q:
    """Return a condition: products holding every term (or any), in the name or anywhere.

    `shelves` gives, per term, the categories whose name holds it: anywhere includes the category.
    """
    if in_name or not any(shelves):
        return Q(_text_matches(terms, every=every, in_name=in_name))
    found = Q()
    for term, categories in zip(terms, shelves, strict=True):
        held = Q(_text_matches([term], every=True, in_name=False))
        if categories:
            held |= Q(category_id__in=categories)
        found = (found & held) if every else (found | held)
    return found


def _text_matches(terms: Sequence[Term], *, every: bool, in_name: bool) -> RawSQL:
    """Return a condition: products whose own text holds every term (or any), in the name or anywhere."""
    if connection.vendor == "postgresql":
        query = (" & " if every else " | ").join(_pg_any(term.alternatives) for term in terms)
        vector = NAME_WORDS if in_name else '"catalog_product"."search_vector"'
        return RawSQL(f"{vector} @@ {TSQUERY}", (query,), output_field=BooleanField())  # noqa: S611
    column = "name" if in_name else ""
    query = (" AND " if every else " OR ").join(_fts_any(term.alternatives, column) for term in terms)
    return RawSQL(f'"catalog_product"."id" IN ({FTS})', (query,), output_field=BooleanField())  # noqa: S611


def _in_field(words: Sequence[str], field: int) -> RawSQL:
    """Return a condition: the product's field number `field` holds one of the words."""
    if connection.vendor == "postgresql":
        query = _pg_any(words, ":" + PG_LABELS[field])
        return RawSQL(f'"catalog_product"."search_vector" @@ {TSQUERY}', (query,), output_field=BooleanField())  # noqa: S611
    query = _fts_any(words, FIELDS[field])
    return RawSQL(f'"catalog_product"."id" IN ({FTS})', (query,), output_field=BooleanField())  # noqa: S611


@contextmanager
def _index_scans():
    """On PostgreSQL, make the queries inside answer from GIN indexes by bitmap scans.

    For a word no product holds, the planner expects a few hundred matches and reads LIMIT as
    "a scan in any order stops early"; it then tests all 50,000 rows. The index answers at once.
    """
    if connection.vendor != "postgresql":
        yield
        return
    outer = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
        yield
        if outer:  # SET LOCAL outlives a savepoint: give the rest of the transaction its planner back
            cursor.execute("SET LOCAL enable_seqscan = on; SET LOCAL enable_indexscan = on")


def product_word_hits(
    *, terms: Sequence[Term], limit: int | None = None, any_term: bool = True
) -> dict[int, tuple[WordHit, ...]]:
    """Return at most `limit` active products holding the terms, each with the fields that hold each term.

    Products holding every term come first (in the name, then anywhere), then, when `any_term`,
    those holding any; each stage stops at the cap unordered, so none reads more rows however
    broad the words are.
    """
    if not terms:
        return {}
    limit = SEARCH_CANDIDATES if limit is None else limit
    flags = {}
    shelves = [categories_holding(term.alternatives) for term in terms]
    for number, term in enumerate(terms):
        for field in range(len(FIELDS)):
            flags[f"t{number}f{field}"] = _in_field(term.forms, field)
            if term.related:
                flags[f"t{number}r{field}"] = _in_field(term.related, field)
        for kind, words in (("f", term.forms), ("r", term.related)):
            categories = categories_holding(words) if shelves[number] else []
            if categories:
                flags[f"t{number}{kind}{CATEGORY_FIELD}"] = _in_category(categories)
    stages = [(True, True), (True, False)] + ([(False, True), (False, False)] if any_term and len(terms) > 1 else [])
    available = Product.objects.available().order_by()
    found: dict[int, tuple[WordHit, ...]] = {}
    with _index_scans():
        for every, in_name in stages:
            if len(found) >= limit:
                break
            rows = available.filter(_matches(terms, every=every, in_name=in_name, shelves=shelves))
            if found:
                rows = rows.exclude(pk__in=list(found))
            for row in rows.annotate(**flags).values_list("pk", *flags)[: limit - len(found)]:
                found[row[0]] = _hits(dict(zip(flags, row[1:], strict=True)), len(terms))
    return found


def _in_category(categories: Sequence[int]) -> ExpressionWrapper:
    """Return a flag: the product's category is one of `categories`."""
    return ExpressionWrapper(Q(category_id__in=categories), output_field=BooleanField())


def _hits(flags: dict[str, bool], terms: int) -> tuple[WordHit, ...]:
    hits = []
    fields = range(CATEGORY_FIELD + 1)
    for number in range(terms):
        forms = sum(1 << field for field in fields if flags.get(f"t{number}f{field}"))
        related = sum(1 << field for field in fields if flags.get(f"t{number}r{field}"))
        hits.append(WordHit(forms, related))
    return tuple(hits)


def product_word_exists(*, term: Term) -> bool:
    """Whether any active product holds the term in any field."""
    return Product.objects.available().filter(_text_matches([term], every=True, in_name=False)).exists()


def product_names_near(*, text: str) -> list[int]:
    """Return ids of active products whose names are near the typed text by trigrams, nearest first.

    PostgreSQL only (``pg_trgm``): the last resort for a search whose words match nothing, even
    corrected. Elsewhere, an empty list.
    """
    typed = " ".join(words_of(text))
    if connection.vendor != "postgresql" or not typed:
        return []
    near = RawSQL('%s <%% "catalog_product"."name"', (typed,), output_field=BooleanField())
    similarity = RawSQL('word_similarity(%s, "catalog_product"."name")', (typed,), output_field=FloatField())
    with _index_scans():
        ids = list(
            Product.objects.available().filter(near).order_by().values_list("pk", flat=True)[:TRIGRAM_CANDIDATES]
        )
    if not ids:
        return []
    ranked = Product.objects.filter(pk__in=ids).annotate(similarity=similarity).order_by("-similarity", "pk")
    return list(ranked.values_list("pk", flat=True))


def product_ranked(queryset: QuerySet, *, ids: Sequence[int]) -> QuerySet:
    """Return the products of `queryset` among `ids`, annotated with ``search_rank`` (1 is best) and ordered by it."""
    if not ids:
        return queryset.none().annotate(search_rank=RawSQL("0", (), output_field=IntegerField()))
    if connection.vendor == "postgresql":
        # One array parameter rather than hundreds: the count and the page plan and log it at once.
        among = Q(RawSQL('"catalog_product"."id" = ANY(%s)', (list(ids),), output_field=BooleanField()))
        rank = RawSQL('array_position(%s::bigint[], "catalog_product"."id")', (list(ids),), output_field=IntegerField())
    else:
        among = Q(pk__in=list(ids))
        rank = RawSQL("""instr(%s, ',' || "catalog_product"."id" || ',')""", ("," + ",".join(map(str, ids)) + ",",))
        rank.output_field = IntegerField()
    return queryset.filter(among).annotate(search_rank=rank).order_by("search_rank", "pk")


def product_names_close(*, terms: Sequence[Term], limit: int = 5) -> list[tuple[str, str]]:
    """Return (slug, name) of active products whose name holds any of the terms, the most terms first."""
    hits = product_word_hits(terms=terms)
    named = {pk: sum(bool(hit.forms & 1) for hit in per_term) for pk, per_term in hits.items()}
    best = sorted((pk for pk, count in named.items() if count), key=lambda pk: (-named[pk], pk))[:limit]
    rows = Product.objects.filter(pk__in=best).values_list("pk", "slug", "name")
    by_pk = {pk: (slug, name) for pk, slug, name in rows}
    return [by_pk[pk] for pk in best if pk in by_pk]
