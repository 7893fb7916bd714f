"""The API guide works as written: its curl examples run against a live demo shop; the schema speaks to clients.

docs/api.md's ```sh blocks run in order in one shell (so a block may use what an earlier one set),
with LIMBER pointing at the live shop and LIMBER_TOKEN holding a staff token. A curl that expects
success says `--fail-with-body`; a block followed by a ```json block must print that JSON, and one
followed by a ```json abridged block must print JSON that holds what it shows ("..." in a list: more
items follow).
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from drf_spectacular.generators import SchemaGenerator
from knox.models import AuthToken

from tests.helpers import shows

GUIDE = Path(settings.BASE_DIR) / "docs" / "api.md"
FENCE = re.compile(r"^```(\w*)(?: (abridged))?\n(.*?)^```\n", re.MULTILINE | re.DOTALL)
# Words about how the shop is built, not about what a client sends and gets.
INTERNALS = re.compile(
    r"\b(cache[sd]?|redis|postgres\w*|database|DRF|serializ\w+|transaction|process(es)?|celery|LIMBER_\w+)\b",
    re.IGNORECASE,
)


def guide_blocks(text: str) -> list[tuple[str, str | None, bool]]:
    """Return each ```sh block with the ```json block right after it (None when there is none), and
    whether that JSON is abridged."""
    fences = [
        (match.group(1), match.group(3), match.start(), match.end(), bool(match.group(2)))
        for match in FENCE.finditer(text)
    ]
    blocks = []
    for index, (language, body, _start, end, _abridged) in enumerate(fences):
        if language != "sh":
            continue
        following = fences[index + 1] if index + 1 < len(fences) else None
        adjacent = following is not None and following[0] == "json" and not text[end : following[2]].strip()
        blocks.append((body, following[1] if adjacent else None, adjacent and following[4]))
    return blocks


def test_every_curl_that_expects_success_says_so():
    for body, expected, _abridged in guide_blocks(GUIDE.read_text(encoding="utf-8")):
        if expected is None:
            curls = [line for line in body.splitlines() if "curl " in line]
            assert all("--fail-with-body" in line for line in curls), body


def test_every_symptom_check_example_shows_the_answer_it_gets():
    blocks = guide_blocks(GUIDE.read_text(encoding="utf-8"))
    checks = [(body, expected) for body, expected, _abridged in blocks if "/api/v1/recommendations/" in body]

    assert len(checks) >= 2
    assert [body for body, expected in checks if expected is None] == []


@pytest.mark.skipif(not all(map(shutil.which, ("bash", "curl", "jq"))), reason="needs bash, curl and jq on the PATH")
def test_the_guides_curl_examples_work_against_the_demo_shop(live_server, demo, shipping_methods, admin_user, tmp_path):
    blocks = guide_blocks(GUIDE.read_text(encoding="utf-8"))
    script = ["set -euo pipefail"] + [
        f"{{\n{body}}} > {tmp_path}/out-{index}.json" for index, (body, _, _) in enumerate(blocks)
    ]
    env = {
        "PATH": "/usr/bin:/bin",
        "LIMBER": live_server.url,
        "LIMBER_TOKEN": AuthToken.objects.create(user=admin_user)[1],
    }

    run = subprocess.run(
        [shutil.which("bash"), "-c", "\n".join(script)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    ran = len(list(tmp_path.glob("out-*.json")))
    assert run.returncode == 0, f"block {ran - 1} failed:\n{blocks[ran - 1][0]}\n{run.stderr}"
    assert ran == len(blocks) >= 8
    for index, (body, expected, abridged) in enumerate(blocks):
        output = json.loads((tmp_path / f"out-{index}.json").read_text())
        if expected is None:
            continue
        if abridged:
            assert shows(output, json.loads(expected)), (body, json.dumps(output, indent=1)[:3000])
        else:
            assert output == json.loads(expected), body


def test_operation_descriptions_speak_to_client_developers():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    texts = [schema["info"]["description"]]
    for operations in schema["paths"].values():
        for operation in operations.values():
            texts += [operation.get("summary", ""), operation.get("description", "")]
            texts += [parameter.get("description", "") for parameter in operation.get("parameters", [])]
    for component in schema["components"]["schemas"].values():
        texts += [field.get("description", "") for field in component.get("properties", {}).values()]

    assert [text for text in texts if INTERNALS.search(text)] == []
    assert all(operation.get("description") for ops in schema["paths"].values() for operation in ops.values())
