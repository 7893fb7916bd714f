"""The documentation a newcomer reads stays true to the code: every setting is listed, every link works."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETTING_READ = re.compile(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]+)"')
LINK = re.compile(r"\]\(((?!https?://|#)[^)#\s]+)(?:#[^)]*)?\)")


def settings_read() -> set[str]:
    return {name for path in (ROOT / "shop").glob("settings*.py") for name in SETTING_READ.findall(path.read_text())}


def test_every_setting_limber_reads_is_in_env_example_and_documented():
    env_example = (ROOT / ".env.example").read_text()
    docs = "".join(path.read_text() for path in (ROOT / "docs").glob("*.md"))
    names = settings_read()
    assert len(names) > 50
    assert sorted(name for name in names if f"{name}=" not in env_example) == []
    assert sorted(name for name in names if f"`{name}`" not in docs) == []


def test_links_between_readme_and_docs_lead_to_files_that_exist():
    pages = [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]
    broken = [
        f"{page.name} -> {target}"
        for page in pages
        for target in LINK.findall(page.read_text())
        if not (page.parent / target).exists()
    ]
    assert broken == []
