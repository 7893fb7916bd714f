"""The project's shape: dependencies run one way, no import cycles, modules of a readable size."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["shop", "catalog", "guides", "analytics", "recommendations", "orders"]
# Who each app may import. shop's composing modules are left out: URLs, Celery, WSGI, the home page
# and the demo command wire the apps together, and nothing imports them back.
ALLOWED = {
    "catalog": {"shop"},
    "guides": {"shop", "catalog"},
    "analytics": {"shop", "catalog", "guides"},
    "recommendations": {"shop", "catalog", "guides", "analytics"},
    "orders": {"shop", "catalog", "guides", "analytics"},
    "shop": set(),
}
COMPOSERS = {
    "shop.urls",
    "shop.api.urls",
    "shop.celery",
    "shop.wsgi",
    "shop.asgi",
    "shop.views",
    "shop.management.commands.load_demo",
    "shop.management.commands.api_examples",  # rewrites the API examples from a demo shop: it uses every app
}
MAX_LINES = 400


def project_modules() -> dict[str, Path]:
    modules = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    return modules


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """Every project module a module imports, at any depth in the file (lazy imports count too)."""
    found = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: imports_of(name, path, set(modules)) for name, path in modules.items()}


def test_apps_import_only_the_apps_below_them():
    wrong = [
        f"{module} imports {target}"
        for module, targets in import_graph().items()
        if module not in COMPOSERS
        for target in targets
        if (app := module.split(".")[0]) != (other := target.split(".")[0]) and other not in ALLOWED[app]
    ]

    assert wrong == []


def test_no_module_imports_one_that_imports_it_back():
    graph = import_graph()
    cycles = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                cycles.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])

    assert cycles == []


def test_the_checker_finds_a_cycle_when_there_is_one(tmp_path):
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text("from pkg import b\n")
    b.write_text("def f():\n    from pkg.a import x\n")

    assert imports_of("pkg.a", a, {"pkg.a", "pkg.b"}) == {"pkg.b"}
    assert imports_of("pkg.b", b, {"pkg.a", "pkg.b"}) == {"pkg.a"}


def test_every_module_imports_in_a_fresh_interpreter():
    modules = sorted(project_modules())
    code = "import importlib, django; django.setup()\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules)
    env = {"DJANGO_SETTINGS_MODULE": "shop.test_settings", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )

    assert result.returncode == 0, result.stderr[-2000:]


def test_no_module_outside_migrations_and_tests_is_longer_than_a_reader_can_hold():
    sources = [*project_modules().values(), *sorted((ROOT / "benchmarks").rglob("*.py"))]
    long = {str(path.relative_to(ROOT)): n for path in sources if (n := len(path.read_text().splitlines())) > MAX_LINES}

    assert long == {}
