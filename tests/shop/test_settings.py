import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean | env, capture_output=True, text=True, timeout=60, check=False
    )


def test_the_web_process_refuses_to_start_without_a_secret_key():
    result = run_python("import shop.wsgi", DJANGO_DEBUG="false")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_check_reports_a_missing_secret_key_but_makemigrations_still_runs():
    check = run_manage("check", "--deploy", DJANGO_DEBUG="false")
    migrations = run_manage("makemigrations", "--check", "--dry-run", DJANGO_DEBUG="false")

    assert check.returncode != 0
    assert "shop.E001" in check.stderr
    assert migrations.returncode == 0, migrations.stderr


def test_production_settings_pass_the_deployment_checks():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="k7#Vq9!zR2@pL5$wX8^nB3&cF6*hJ1(mT4)yG0-sD9+aE2=uQ7~",
        DJANGO_ALLOWED_HOSTS="shop.example.com",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
