"""The shopper vignettes, wherever they are kept: one YAML file per set under tests/recommendations/vignettes/.

Each vignette is a shopper's own words plus the answers they would honestly give. A question the
vignette has no answer for gets "Not sure" — except that a vignette marked
`no_other_warning_signs: true` answers "No" to safety questions it does not list: the writer vouches
that this shopper has none of the warning signs Limber asks about.
"""

from functools import cache
from pathlib import Path

import yaml

from guides.vocabulary import NOT_SURE

VIGNETTE_DIR = Path(__file__).resolve().parent / "recommendations" / "vignettes"


@cache
def vignette_sets() -> dict[str, list[dict]]:
    """Each vignette file's vignettes, by file name (without .yaml), in name order."""
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))["vignettes"]
        for path in sorted(VIGNETTE_DIR.glob("*.yaml"))
    }


def all_vignettes() -> list[dict]:
    return [vignette for vignettes in vignette_sets().values() for vignette in vignettes]


def answer_for(vignette: dict, question: dict) -> object:
    """What this shopper answers to a question as the API shows it (slug, stage, options)."""
    if question["slug"] in vignette["answers"]:
        return vignette["answers"][question["slug"]]
    if vignette.get("no_other_warning_signs") and question.get("stage") == "safety":
        return "no"
    return NOT_SURE
