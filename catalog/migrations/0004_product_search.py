"""Product search on PostgreSQL: a weighted tsvector kept by a trigger, and GIN indexes for it and for typos.

The column and indexes exist only on PostgreSQL and are not model fields: the embedded default
searches with `catalog.words` instead (see `catalog/search.py`).
"""

from django.db import migrations

FORWARD = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
ALTER TABLE catalog_product ADD COLUMN search_vector tsvector;
CREATE FUNCTION catalog_product_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('english', coalesce(NEW.name, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(NEW.short_description, '')), 'B') ||
    setweight(to_tsvector('english', coalesce(NEW.description, '')), 'C');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER catalog_product_search_vector
  BEFORE INSERT OR UPDATE OF name, short_description, description ON catalog_product
  FOR EACH ROW EXECUTE FUNCTION catalog_product_search_vector();
UPDATE catalog_product SET name = name;
CREATE INDEX catalog_product_search ON catalog_product USING gin (search_vector);
CREATE INDEX catalog_product_name_trgm ON catalog_product USING gin (name gin_trgm_ops);
"""

BACKWARD = """
DROP INDEX IF EXISTS catalog_product_name_trgm;
DROP INDEX IF EXISTS catalog_product_search;
DROP TRIGGER IF EXISTS catalog_product_search_vector ON catalog_product;
DROP FUNCTION IF EXISTS catalog_product_search_vector();
ALTER TABLE catalog_product DROP COLUMN IF EXISTS search_vector;
"""


def _on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_product_bounds_and_slugs_unique_ignoring_case")]

    operations = [migrations.RunPython(_on_postgres(FORWARD), _on_postgres(BACKWARD), elidable=False)]
