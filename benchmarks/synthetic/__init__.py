"""Synthetic but plausible Limber data, for benchmarks: in a database, or as engine objects.

`plan.plan_make()` draws, from a seeded random generator, a catalogue and a knowledge base shaped
like the real one: products across ~20 categories serving 1–3 of the 8 treatment approaches and
made for some of 10 body areas (~10% out of stock, ~3% inactive); conditions spread over the
body areas, each with a short published guide, 5–8 symptoms from a pool of ~400, 4–6 treatments
across both phases and a pin and an exclusion; and a questionnaire: "where does it hurt", five
safety questions with red flags, two general and four symptom questions per body area. The words
it draws from are data, in ``benchmarks/data/synthetic.yaml`` (`vocabulary`).

The same plan is then either

* written to the configured database with `bulk_create` in chunks (`database.database_fill()`),
  which sends no ``post_save`` or ``m2m_changed`` signal, so no index rebuild is requested per
  row; call `recommendations.index.build.index_rebuild(force=True)` once afterwards
  (`rebuild.index_rebuild_measure()` does, and measures it); or
* turned straight into the engine's frozen objects and a `KnowledgeIndex`
  (`engine_objects.engine_index()`), with no database and no Django, for the engine benchmark.

`answers` draws answer sets and API request bodies from the plan's questionnaire.

The questionnaire and the conditions do not depend on the number of products (each part draws
from its own random stream), so answer sets drawn for one size are valid for every size.

Command line (fills the database named by ``--database-url`` or ``DATABASE_URL``; it refuses to
fall back to the development SQLite file)::

    python -m benchmarks.synthetic --products 50000 --conditions 200 [--reset]
"""
