"""Every third-party module the project imports is named in a requirements file.

A fresh machine installs only what requirements.txt and requirements-dev.txt name; a module that is on the
developer's machine for another reason (PyYAML was) passes locally and fails there. This test reads every
import statement of the project and maps each outside module to its distribution.
"""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIRST_PARTY = {"mms_core", "mms_ui", "devtools", "tests", "pages", "dashboard", "bench", "geodata", "mms_data"}
CODE_DIRS = ("mms_core", "mms_ui", "devtools", "tests", "pages", "bench", "geodata", "mms_data")


def _requirement_names(path: Path) -> set[str]:
    names: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            names |= _requirement_names(path.parent / line[3:].strip())
        elif line and not line.startswith("-"):
            names.add(_normal(re.split(r"[=<>!~\[; ]", line, maxsplit=1)[0]))
    return names


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _top_level_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def _project_files() -> list[Path]:
    files = [ROOT / "dashboard.py"]
    for folder in CODE_DIRS:
        files += [p for p in (ROOT / folder).rglob("*.py") if "import_corpus" not in p.parts]
    return files


def test_requirement_parser_reads_pins_and_includes(tmp_path):
    (tmp_path / "base.txt").write_text("Foo_Bar==1.0  # why\n-e .\n", encoding="utf-8")
    (tmp_path / "dev.txt").write_text("-r base.txt\npytest-xdist>=3\n", encoding="utf-8")
    assert _requirement_names(tmp_path / "dev.txt") == {"foo-bar", "pytest-xdist"}


def test_every_imported_outside_module_is_a_named_requirement():
    wanted = _requirement_names(ROOT / "requirements-dev.txt")
    distributions = packages_distributions()
    missing: dict[str, list[str]] = {}
    for path in _project_files():
        for module in _top_level_imports(path) - FIRST_PARTY - set(sys.stdlib_module_names):
            if module.startswith("_") or (path.parent / f"{module}.py").exists():  # a script's sibling module
                continue
            dists = {_normal(d) for d in distributions.get(module, [module])}
            if not dists & wanted:
                missing.setdefault(f"{module} ({', '.join(sorted(dists))})", []).append(str(path.relative_to(ROOT)))
    assert not missing, f"imported but in no requirements file: {missing}"
