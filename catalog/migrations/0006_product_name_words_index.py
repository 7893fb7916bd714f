"""A GIN index of the words of product names, so a broad search finds its name matches first, at once.

The weighted ``search_vector`` index cannot tell a name match from a description match without
reading each row's vector; this index answers "which names hold these words" by itself.
"""

from django.db import migrations

FORWARD = """
CREATE INDEX IF NOT EXISTS catalog_product_name_words ON catalog_product
  USING gin (to_tsvector('english', name)) WITH (fastupdate = off);
"""

BACKWARD = "DROP INDEX IF EXISTS catalog_product_name_words;"


def _on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_product_search_indexes_without_pending_list")]

    operations = [migrations.RunPython(_on_postgres(FORWARD), _on_postgres(BACKWARD), elidable=False)]
