"""Fixtures shared by the whole suite, and the rules for integration tests."""

import os

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from shop.celery import app as celery_app

IN_CI = os.environ.get("CI", "").lower() == "true"


def _unavailable(reason: str) -> None:
    """Skip a test whose service is missing, except in CI, where that is a failure."""
    if IN_CI:
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        _unavailable("needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/limber")
    if item.get_closest_marker("redis") and not os.environ.get("REDIS_URL"):
        _unavailable("needs Redis: set REDIS_URL=redis://127.0.0.1:6379/15")


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_index(settings):
    """Every test starts with no index held, no remembered answers, and checks for new versions at once."""
    from recommendations.api.repeats import repeats_forget
    from recommendations.index.current import index_forget
    from shop.cache import cache_forget_local

    settings.LIMBER_INDEX_CHECK_SECONDS = 0
    index_forget()
    cache_forget_local()
    repeats_forget()
    yield
    index_forget()
    cache_forget_local()
    repeats_forget()


TRANSACTIONAL = {"transactional_db", "live_server", "worker"}


def _transactional(item) -> bool:
    """Whether a test commits for real (a live server, a worker): it cannot share the demo transaction."""
    return bool(TRANSACTIONAL & set(item.fixturenames))


def pytest_collection_modifyitems(items):
    """Let tests that only read the demo data share one load of it, and run them last.

    The shared load stays in an open transaction until the session ends (each test rolls back
    to its own savepoint), so every test that runs after the first of them sees the demo data.
    """
    for item in items:
        if "demo" in item.fixturenames and not _transactional(item):
            item.fixturenames.insert(0, "_demo_shared")
    items.sort(key=lambda item: "_demo_shared" in item.fixturenames)


def _demo_load():
    from catalog.demo import catalog_demo_load
    from guides.knowledge import knowledge_load
    from recommendations.index.build import index_rebuild

    catalog_demo_load(with_images=False)
    knowledge_load()
    index_rebuild(force=True)


@pytest.fixture(scope="session")
def _demo_shared(django_db_setup, django_db_blocker):
    """Load the demo data once, in a transaction that is rolled back when the session ends."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            _demo_load()
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(request):
    """The demo catalogue and knowledge base, with a fresh index built from them."""
    if _transactional(request.node):
        request.getfixturevalue("transactional_db")
        _demo_load()
    else:
        request.getfixturevalue("db")


@pytest.fixture
def rebuild_index(db):
    """Rebuild the index from the test's data, as the after-commit task would."""
    from recommendations.index.build import index_rebuild

    return lambda: index_rebuild(force=True)


@pytest.fixture(autouse=True)
def _fresh_cache():
    from shop.rate_limits import rate_limits_forget

    cache.clear()
    rate_limits_forget()
    yield
    cache.clear()
    rate_limits_forget()


@pytest.fixture(autouse=True)
def _fresh_content(request, settings):
    """Every test starts with no content version held by this process.

    Outside tests with real workers (whose edits reach this process through Redis), a version is
    held for a minute, so a query count never depends on how long the test took; an edit made in
    this process still shows at once (its bump after commit drops what was held).
    """
    from shop.content import content_version_forget

    if not request.node.get_closest_marker("worker"):
        settings.LIMBER_CONTENT_CHECK_SECONDS = 60
    content_version_forget()
    yield
    content_version_forget()


@pytest.fixture(autouse=True)
def _eager_tasks(request):
    """Run Celery tasks in-process unless the test starts a real worker."""
    if request.node.get_closest_marker("worker"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def staff_client(db, django_user_model):
    """A client of its own, logged in as a superuser, as staff use the admin."""
    from django.test import Client

    user = django_user_model.objects.create_superuser("staff", "staff@limber.test", "a-long-test-password")
    staff = Client()
    staff.force_login(user)
    staff.user = user
    return staff


ROLES = ["Shop manager", "Catalogue editor", "Content editor", "Clinical reviewer", "Order handler", "Analyst"]


@pytest.fixture
def staff_in_role(db, django_user_model):
    """Return a client logged in as a staff member holding one role (None: staff with no permission at all)."""
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.models import Group
    from django.test import Client

    if Group.objects.filter(name__in=ROLES).count() < len(ROLES):
        # The roles come from a data migration; a transactional test's flush removes them.
        import_module("shop.migrations.0002_staff_roles").roles_create(apps, None)

    def make(role: str | None, username: str | None = None):
        name = username or (role or "no-role").lower().replace(" ", "-")
        user = django_user_model.objects.create_user(name, f"{name}@limber.test", "a-long-test-password")
        user.is_staff = True
        user.save()
        if role is not None:
            user.groups.add(Group.objects.get(name=role))
        client = Client()
        client.force_login(user)
        client.user = user
        return client

    return make


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def worker(transactional_db, settings, tmp_path):
    """Start real `celery worker` processes on the test database and Redis (call it); stop them afterwards."""
    from tests.workers import Workers

    settings.LIMBER_INDEX_DEBOUNCE_SECONDS = 0.3
    workers = Workers(tmp_path, {"LIMBER_INDEX_DEBOUNCE_SECONDS": "0.3"})
    yield workers.start
    workers.stop()


@pytest.fixture
def private_redis(tmp_path):
    """A Redis server of this test's own (never the machine's shared one), stopped at the end."""
    from tests.redis_server import PrivateRedis

    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _closed_breaker():
    """Every test starts with the Redis circuit closed: an outage in one test must not carry into the next."""
    from shop.breaker import redis_breaker

    redis_breaker.reset()
    yield
    redis_breaker.reset()


@pytest.fixture
def smtp_sink():
    """An SMTP server of this test's own (tests/smtp_sink.py) that keeps every message it accepts."""
    from tests.smtp_sink import SmtpSink

    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def smtp_sending(smtp_sink, settings):
    """Send this process's email by SMTP to the test's own sink instead of Django's test outbox."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_sink.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    return smtp_sink


@pytest.fixture
def admin_import(django_capture_on_commit_callbacks):
    """Upload a file to a model's admin import as staff do, let the check run (in-process), open the job page.

    ``admin_import(client, "/admin/catalog/product/", text)`` returns the job page's response; its
    ``confirm()`` and ``cancel()`` press the page's buttons and return the page again.
    """
    from django.core.files.uploadedfile import SimpleUploadedFile

    def press(client, url: str):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url)
        return client.get(url.rsplit("/", 2)[0] + "/")

    def upload(client, changelist: str, text: str | bytes, name: str = "products.csv"):
        content = text.encode() if isinstance(text, str) else text
        with django_capture_on_commit_callbacks(execute=True):
            posted = client.post(
                f"{changelist}import/",
                {"resource": "0", "format": "0", "import_file": SimpleUploadedFile(name, content)},
            )
        if posted.status_code != 302:
            return posted  # the upload form, with its errors
        page = client.get(posted["Location"])
        page.confirm = lambda: press(client, posted["Location"] + "confirm/")
        page.cancel = lambda: press(client, posted["Location"] + "cancel/")
        return page

    return upload


@pytest.fixture
def post_and_run(django_capture_on_commit_callbacks):
    """Post as staff, run what the post queued (in-process, as the embedded default does), open where it leads.

    ``post_and_run(client, url, data)`` returns the page the redirect opens (a publishing job's page
    redirects again to the version it made), or the response itself when the post did not redirect.
    """

    def post(client, url: str, data: dict | None = None):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data or {})
        if response.status_code != 302:
            return response
        return client.get(response["Location"], follow=True)

    return post
