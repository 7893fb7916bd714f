"""Long-lived objects are kept out of the garbage collector's full walks, and an old index is still freed."""

import gc
import weakref

import pytest

from recommendations.index.current import index_current
from tests.factories import ProductFactory


@pytest.fixture
def freezing(settings):
    settings.LIMBER_GC_FREEZE = True
    yield
    gc.unfreeze()


def tracked(target) -> bool:
    """Whether a full collection would walk this object."""
    return any(candidate is target for candidate in gc.get_objects())


def test_a_loaded_index_is_not_walked_by_full_collections(db, rebuild_index, freezing):
    ProductFactory()
    rebuild_index()

    index = index_current()

    assert gc.get_freeze_count() > 0
    assert not tracked(index)
    assert not tracked(index.products)


def test_an_index_replaced_by_a_newer_one_is_freed(db, rebuild_index, freezing, settings):
    settings.LIMBER_INDEX_CHECK_SECONDS = 0
    ProductFactory()
    rebuild_index()
    old = weakref.ref(index_current())
    old_version = old().version

    ProductFactory()
    rebuild_index()
    new = index_current()

    assert new.version != old_version
    assert old() is None
    assert not tracked(new)


def test_without_the_setting_nothing_is_frozen(db, rebuild_index, settings):
    settings.LIMBER_GC_FREEZE = False
    gc.unfreeze()
    ProductFactory()
    rebuild_index()

    assert tracked(index_current())
    assert gc.get_freeze_count() == 0
