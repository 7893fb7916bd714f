"""The compiled recommendation index.

- `sources`: the database read as the engine's plain data;
- `build`: compile an index and rebuild it under the one rebuild lock;
- `store`: the stored format, snapshots in the database and Redis, generations;
- `current`: the index each process holds, refreshed when a newer version is stored;
- `requests`: record that a rebuild is owed and enqueue it after commit.

Import the submodule you need; this package imports none of them, so that the
task module can use `build` while `requests` enqueues the task.
"""
