"""course_utils is layered: a module imports only modules below it, at the top or in a function.

``LAYERS`` lists the modules from the bottom up. A module may import (at module level or inside a
function, ``import course_utils.x``, ``from course_utils import x``, ``from course_utils.x
import y`` or a relative import) only modules that stand earlier in the list. That keeps the
package free of import cycles, which otherwise hide behind imports inside functions.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "course_utils"

# Bottom first. Tools that are not for learners (bench, the notebook executor) live apart, in
# course_utils/tools/, which no module here may import (see the last test).
LAYERS = [
    # plain Python / NumPy, nothing of the course below them
    "validate",
    "text",
    "env",
    "checks",
    "selfcheck",
    "scratch",
    "activations",
    "metrics",
    # data, pictures, input checks for models
    "data",
    "inference",
    "images",
    "drawing",
    # Keras plumbing for the lessons
    "training",
    "models",
    "experiments",
    "modelfiles",
    "deploy",
    # pictures: the style first, then what is drawn (runs and functions read experiments'
    # records), then the package that gathers them
    "plots.style",
    "plots.digits",
    "plots.curves",
    "plots.diagrams",
    "plots.functions",
    "plots.runs",
    "plots",
    # the notebook's first call, then the package itself
    "session",
    "__init__",
]


SUBPACKAGES = ("plots",)  # course_utils/plots/x.py is the module "plots.x"; its __init__ "plots"


def modules() -> list[str]:
    names = [p.stem for p in PACKAGE.glob("*.py")]
    for sub in SUBPACKAGES:
        names += [
            sub if p.stem == "__init__" else f"{sub}.{p.stem}" for p in (PACKAGE / sub).glob("*.py")
        ]
    return sorted(names)


def module_path(module: str) -> Path:
    if module in SUBPACKAGES:
        return PACKAGE / module / "__init__.py"
    return PACKAGE / (module.replace(".", "/") + ".py")


def _module_name(parts: list[str]) -> str:
    """course_utils.plots.style -> "plots.style"; course_utils.data -> "data"."""
    if len(parts) > 2 and parts[1] in SUBPACKAGES:
        return f"{parts[1]}.{parts[2]}"
    return parts[1]


def imported_modules(path: Path) -> set[str]:
    """The course_utils modules a file imports anywhere in it (functions included)."""
    found: set[str] = set()
    package_names = set(modules())
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "course_utils":
                    found.add(_module_name(parts) if len(parts) > 1 else "__init__")
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # from . import x / from .x import y
                base = node.module.split(".")[0] if node.module else None
            elif node.module and node.module.split(".")[0] == "course_utils":
                parts = node.module.split(".")
                base = _module_name(parts) if len(parts) > 1 else None
            else:
                continue
            if base is not None:
                found.add(base)
            else:  # from course_utils import a, b: each name that is a module counts
                names = {alias.name for alias in node.names}
                found |= (names & package_names) or {"__init__"}
    found.discard(path.stem)
    found.discard(
        path.parent.name if path.stem == "__init__" else f"{path.parent.name}.{path.stem}"
    )
    return found


def test_every_module_has_a_layer():
    missing = [m for m in modules() if m not in LAYERS]
    assert not missing, f"add {missing} to LAYERS in tests/test_layers.py"


@pytest.mark.parametrize("module", modules())
def test_imports_only_go_downwards(module):
    if module not in LAYERS:
        pytest.skip("no layer yet (see test_every_module_has_a_layer)")
    rank = {name: i for i, name in enumerate(LAYERS)}
    upward = sorted(
        other
        for other in imported_modules(module_path(module))
        if rank.get(other, len(LAYERS)) >= rank[module]
    )
    assert not upward, f"course_utils/{module}.py imports {upward}, which stand above it"


def test_the_import_finder_sees_imports_inside_functions(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text(
        "import numpy\n"
        "def f():\n"
        "    from course_utils.data import load_mnist\n"
        "    import course_utils.plots.style\n"
        "    from course_utils import checks, SEED\n"
        "    from . import env\n"
    )
    assert imported_modules(sample) == {"data", "plots.style", "checks", "env"}


@pytest.mark.parametrize("module", modules())
def test_no_top_level_module_imports_the_tools(module):
    tree = ast.parse(module_path(module).read_text(encoding="utf-8"))
    names = [
        alias.name if isinstance(node, ast.Import) else f"{node.module}.{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom) and not getattr(node, "level", 0)
        for alias in node.names
    ]
    tools = [name for name in names if name.startswith(("course_utils.tools", "tools."))]
    relative = [
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level and (node.module or "") == "tools"
    ]
    assert not tools and not relative, f"course_utils/{module}.py imports the developer tools"


def test_the_tools_stand_apart_and_say_so():
    tools = PACKAGE / "tools"
    assert sorted(p.stem for p in tools.glob("*.py")) == [
        "__init__",
        "bench",
        "notebooks",
        "stored_runs",
        "translate",
        "verify",
    ]
    doc = ast.get_docstring(ast.parse((tools / "__init__.py").read_text(encoding="utf-8")))
    assert "notebooks never import these" in doc
