"""The package's layout: one folder per stage, and imports that run one way (docs/architecture.md).

interface (cli, api, batch, integrations, viz, training, evaluation) → pipeline → stages (entities, claims,
classify) → export → models → base (schema, errors, extensions, text, windows, resources). A module may import
its own layer and the layers below it; a stage reaches another stage only through that stage's package
(``from claimscope.claims import X``: the names its ``__init__`` exports), never its modules.
"""

from __future__ import annotations

import ast
from pathlib import Path

import claimscope

PACKAGE = Path(claimscope.__file__).parent
LAYERS = [  # from the top down
    ("interface", {"cli", "api", "batch", "integrations", "viz", "training", "evaluation", "__main__", ""}),
    ("pipeline", {"pipeline"}),
    ("stages", {"entities", "claims", "classify"}),
    ("export", {"export"}),
    ("models", {"models"}),
    ("base", {"schema", "errors", "extensions", "text", "windows", "resources"}),
]
STAGES = LAYERS[2][1]
# The only arrows that may run upwards: lazy imports inside a function, each with its reason.
UPWARD_EXCEPTIONS = {
    ("claimscope.schema", "claimscope.viz.display"): "Analysis._repr_html_ draws itself in a notebook",
    ("claimscope.extensions", "claimscope.export.analysis"): "the doc._.analysis getter for spaCy users",
}
ROOT_MODULES = {"api", "pipeline", "schema", "errors", "cli", "__init__", "__main__"}
MAX_OTHER_ROOT_MODULES = 3


def _module(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[str, bool]]:
    """The claimscope modules ``path`` imports, each with whether the import is lazy (inside a function)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "claimscope":
            targets = [node.module]
            folder = PACKAGE.parent.joinpath(*node.module.split("."))
            targets += [f"{node.module}.{a.name}" for a in node.names if (folder / f"{a.name}.py").is_file()]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names if a.name.split(".")[0] == "claimscope"]
        else:
            continue
        found += [(target, id(node) not in top) for target in targets]
    return found


def _top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _layer(module: str) -> int:
    top = _top(module)
    return next(i for i, (_, members) in enumerate(LAYERS) if top in members)


def _edges() -> list[tuple[str, str, bool]]:
    return [(_module(p), target, lazy) for p in sorted(PACKAGE.rglob("*.py")) for target, lazy in _imports(p)]


def test_every_module_has_a_layer():
    unplaced = {_top(_module(p)) for p in PACKAGE.rglob("*.py")} - set().union(*(m for _, m in LAYERS))
    assert not unplaced, f"place these in LAYERS (and docs/architecture.md): {sorted(unplaced)}"


def test_imports_run_one_way():
    upward = [
        f"{source} -> {target}{' (lazy)' if lazy else ''}"
        for source, target, lazy in _edges()
        if _layer(target) < _layer(source) and not (lazy and (source, target) in UPWARD_EXCEPTIONS)
    ]
    assert not upward, "imports that run back up:\n" + "\n".join(upward)


def test_stages_meet_only_through_their_packages():
    crossing = [
        f"{source} -> {target}"
        for source, target, _ in _edges()
        if _top(source) in STAGES
        and _top(target) in STAGES
        and _top(source) != _top(target)
        and target.count(".") > 1  # claimscope.claims.words: a module inside another stage
    ]
    assert not crossing, "a stage reaches into another stage's modules:\n" + "\n".join(crossing)


def test_the_checks_see_an_upward_arrow():
    """The walker itself: a model importing the pipeline, or a stage module importing another's, is caught."""
    assert _layer("claimscope.models.predict") > _layer("claimscope.pipeline")
    assert _layer("claimscope.claims.component") > _layer("claimscope.api")
    assert ("claimscope.classify.component", "claimscope.models.predict", False) in _edges()


def test_the_root_holds_few_modules():
    others = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem not in ROOT_MODULES)
    assert len(others) <= MAX_OTHER_ROOT_MODULES, others


def test_the_factories_live_in_their_stage():
    import tomllib

    pyproject = tomllib.loads((PACKAGE.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    factories = pyproject["project"]["entry-points"]["spacy_factories"]
    assert set(factories) == {
        "claimscope_lines",
        "claimscope_entities",
        "claimscope_claims",
        "claimscope_classify",
        "claimscope_topic_stance",
    }
    for name, target in factories.items():
        module = target.split(":")[0]
        assert _top(module) in STAGES, (name, target)
