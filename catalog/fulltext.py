"""SQLite's full-text table of product words (FTS5), kept in step with the products by triggers.

Migration 0008 creates the table and its triggers. Django rebuilds a SQLite table to alter it (a
new table, the rows copied, the old one dropped), which drops the table's triggers: after every
``migrate`` this puts back any trigger that is missing and, if one was, rebuilds the words.
"""

from django.db import connections

TABLE = "catalog_product_fts"
# Fixed SQL, no input: the same triggers as migration 0008, created only where missing.
TRIGGERS = {
    "catalog_product_fts_insert": """
CREATE TRIGGER IF NOT EXISTS catalog_product_fts_insert AFTER INSERT ON catalog_product BEGIN
  INSERT INTO catalog_product_fts(rowid, name, short_description, description)
    VALUES (new.id, new.name, new.short_description, new.description);
END""",
    "catalog_product_fts_delete": """
CREATE TRIGGER IF NOT EXISTS catalog_product_fts_delete AFTER DELETE ON catalog_product BEGIN
  INSERT INTO catalog_product_fts(catalog_product_fts, rowid, name, short_description, description)
    VALUES ('delete', old.id, old.name, old.short_description, old.description);
END""",
    "catalog_product_fts_update": """
CREATE TRIGGER IF NOT EXISTS catalog_product_fts_update
AFTER UPDATE OF name, short_description, description ON catalog_product BEGIN
  INSERT INTO catalog_product_fts(catalog_product_fts, rowid, name, short_description, description)
    VALUES ('delete', old.id, old.name, old.short_description, old.description);
  INSERT INTO catalog_product_fts(rowid, name, short_description, description)
    VALUES (new.id, new.name, new.short_description, new.description);
END""",
}


def product_fulltext_ensure(*, using: str = "default") -> bool:
    """Put back missing triggers of the product word table on SQLite and rebuild it; return whether it had to."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = %s", [TABLE])
        if cursor.fetchone() is None:  # before migration 0008
            return False
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'catalog_product'")
        present = {row[0] for row in cursor.fetchall()}
        missing = [name for name in TRIGGERS if name not in present]
        for name in missing:
            cursor.execute(TRIGGERS[name])
        if missing:
            cursor.execute("INSERT INTO catalog_product_fts(catalog_product_fts) VALUES ('rebuild')")
    return bool(missing)


def product_fulltext_after_migrate(sender, *, using: str = "default", **kwargs) -> None:
    """Keep the product word table in step after ``migrate`` (a post_migrate receiver)."""
    product_fulltext_ensure(using=using)
