"""Product search on SQLite: an FTS5 table of the three searched fields, kept by triggers.

The table exists only on SQLite (PostgreSQL has its weighted tsvector, migration 0004). It holds
no copy of the text (``content=catalog_product``), only the index of its words, stemmed by Porter.
"""

from django.db import migrations

FORWARD = [
    """
CREATE VIRTUAL TABLE catalog_product_fts USING fts5(
  name, short_description, description,
  content='catalog_product', content_rowid='id',
  tokenize='porter unicode61 remove_diacritics 2'
)""",
    """
CREATE TRIGGER catalog_product_fts_insert AFTER INSERT ON catalog_product BEGIN
  INSERT INTO catalog_product_fts(rowid, name, short_description, description)
    VALUES (new.id, new.name, new.short_description, new.description);
END""",
    """
CREATE TRIGGER catalog_product_fts_delete AFTER DELETE ON catalog_product BEGIN
  INSERT INTO catalog_product_fts(catalog_product_fts, rowid, name, short_description, description)
    VALUES ('delete', old.id, old.name, old.short_description, old.description);
END""",
    """
CREATE TRIGGER catalog_product_fts_update AFTER UPDATE OF name, short_description, description ON catalog_product
BEGIN
  INSERT INTO catalog_product_fts(catalog_product_fts, rowid, name, short_description, description)
    VALUES ('delete', old.id, old.name, old.short_description, old.description);
  INSERT INTO catalog_product_fts(rowid, name, short_description, description)
    VALUES (new.id, new.name, new.short_description, new.description);
END""",
    "INSERT INTO catalog_product_fts(catalog_product_fts) VALUES ('rebuild')",
]

BACKWARD = [
    "DROP TRIGGER IF EXISTS catalog_product_fts_update",
    "DROP TRIGGER IF EXISTS catalog_product_fts_delete",
    "DROP TRIGGER IF EXISTS catalog_product_fts_insert",
    "DROP TABLE IF EXISTS catalog_product_fts",
]


def _on_sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalog", "0007_image_renditions")]

    operations = [migrations.RunPython(_on_sqlite(FORWARD), _on_sqlite(BACKWARD), elidable=False)]
