"""Load and validate the knowledge base in course_lib/data/ into typed objects.

Every error an author can make in the data (bad YAML, a missing field, a duplicate id, a
source id or cross reference that does not resolve) raises one ContentError naming the file,
the entry id and the field.
"""
from __future__ import annotations

import dataclasses
import functools
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml

# jsonschema eagerly imports the optional rfc3987_syntax format checker, which spends over a
# second building a grammar; the course's schemas use no formats, so a notebook's first cell
# skips it unless something has already loaded it.
if "rfc3987_syntax" not in sys.modules:
    sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]
    import jsonschema
    del sys.modules["rfc3987_syntax"]
else:
    import jsonschema

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available

from .crossrefs import check_cross_references
from .decision import Flow
from .errors import ContentError
from .schema import REQUIRED_FILES, SCHEMAS

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Reference:
    id: str
    kind: str
    citation: str
    note: str | None = None
    caution: str | None = None     # see schema.CAUTIONS


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    definition: str
    sources: tuple[str, ...]
    see_also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Objective:
    id: str
    text: str


@dataclass(frozen=True)
class Notebook:
    id: str
    title: str
    summary: str
    minutes: int
    status: str
    objectives: tuple[Objective, ...]


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    prefix: str
    vertebrae: int
    fused: bool
    curve: str
    summary: str
    sources: tuple[str, ...]
    clinical: str | None = None

    @property
    def levels(self) -> tuple[str, ...]:
        """Vertebra names in this region, top to bottom (C1 ... Co4)."""
        return tuple(f"{self.prefix}{i}" for i in range(1, self.vertebrae + 1))


@dataclass(frozen=True)
class Structure:
    id: str
    name: str
    part_of: str
    description: str
    sources: tuple[str, ...]
    surgery: str | None = None


@dataclass(frozen=True)
class Root:
    id: str
    sensory: tuple[str, ...]
    movements: tuple[str, ...]
    reflexes: tuple[str, ...]
    sources: tuple[str, ...]
    note: str | None = None


@dataclass(frozen=True)
class DiscLevel:
    id: str
    upper: str
    lower: str


@dataclass(frozen=True)
class HerniationZone:
    id: str
    label: str
    affects: str
    explanation: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    id: str
    notebook: str
    objective: str
    type: str
    question: str
    explanation: str
    sources: tuple[str, ...]
    answers: tuple[Mapping[str, Any], ...] = ()
    pairs: tuple[Mapping[str, Any], ...] = ()
    unit: str = ""
    max_tries: int = 2


@dataclass(frozen=True)
class KnowledgeBase:
    references: dict[str, Reference]
    terms: dict[str, Term]
    notebooks: dict[str, Notebook]
    regions: dict[str, Region]
    structures: dict[str, Structure]
    cord: Mapping[str, Any]
    findings: dict[str, dict[str, str]]
    roots: dict[str, Root]
    disc_levels: dict[str, DiscLevel]
    herniation_zones: dict[str, HerniationZone]
    questions: dict[str, Question]
    causes: dict[str, Mapping[str, Any]] = field(default_factory=dict)
    treatments: dict[str, Mapping[str, Any]] = field(default_factory=dict)
    cases: dict[str, Mapping[str, Any]] = field(default_factory=dict)
    fbss: Mapping[str, Any] = field(default_factory=dict)
    diagnosis: Mapping[str, Any] = field(default_factory=dict)
    trials: dict[str, Mapping[str, Any]] = field(default_factory=dict)
    flow: Flow | None = None
    opioids: Mapping[str, Any] = field(default_factory=dict)

    @property
    def objectives(self) -> dict[str, Objective]:
        return {o.id: o for nb in self.notebooks.values() for o in nb.objectives}

    @property
    def vertebrae(self) -> tuple[str, ...]:
        """Every vertebra name, top to bottom."""
        return tuple(v for r in self.regions.values() for v in r.levels)

    def questions_for(self, notebook: str) -> list[Question]:
        return [q for q in self.questions.values() if q.notebook == notebook]


def _build(cls, data: Mapping[str, Any]):
    """Make a dataclass from a validated mapping, lists becoming tuples."""
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: tuple(v) if isinstance(v, list) else v
                  for k, v in data.items() if k in names})


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark else ""
        raise ContentError(path.name, None, None, f"not valid YAML{line}: "
                           f"{getattr(exc, 'problem', exc)}") from None
    except UnicodeDecodeError as exc:
        raise ContentError(path.name, None, None, f"not UTF-8 text ({exc.reason})") from None


def _schema_error(name: str, doc: Any, error: jsonschema.ValidationError) -> ContentError:
    """Turn the jsonschema error into file / entry / field."""
    path = list(error.absolute_path)
    entry, rest, node = None, path, doc
    for i, key in enumerate(path):
        node = node[key]
        # the innermost item with an id names the entry (an item without one only when
        # nothing outside it has an id): "entry 'opioids', field 'ng59.0.position'"
        if isinstance(key, int) and isinstance(node, Mapping) and (entry is None or "id" in node):
            entry = str(node.get("id", f"#{key + 1}"))
            rest = path[i + 1:]
    field_ = ".".join(str(k) for k in rest) or None
    if error.validator == "required":
        missing = error.message.split("'")[1]
        field_ = f"{field_}.{missing}" if field_ else missing
        return ContentError(name, entry, field_, "is required but missing")
    return ContentError(name, entry, field_, error.message)


def _validate(name: str, doc: Any) -> None:
    validator = jsonschema.Draft202012Validator(SCHEMAS[name])
    errors = list(validator.iter_errors(doc))
    if errors:
        raise _schema_error(name, doc, max(errors, key=lambda e: len(e.absolute_path)))


def load_documents(data_dir: Path) -> dict[str, Any]:
    """Read and schema-check every data file; optional files may be absent."""
    docs = {}
    for name in SCHEMAS:
        path = data_dir / name
        if not path.exists():
            if name in REQUIRED_FILES:
                raise ContentError(name, None, None, f"file is missing from {data_dir.name}/")
            continue
        doc = _read_yaml(path)
        _validate(name, doc)
        docs[name] = doc
    return docs


@functools.lru_cache(maxsize=8)
def load_knowledge(data_dir: str | Path | None = None) -> KnowledgeBase:
    """The validated knowledge base (cached; pass a folder to load other data)."""
    docs = load_documents(Path(data_dir) if data_dir else DATA_DIR)
    check_cross_references(docs)
    anatomy = docs["anatomy.yaml"]

    def by_id(items, cls=None):
        return {d["id"]: _build(cls, d) if cls else d for d in items}

    notebooks = {}
    for nb in docs["course.yaml"]["notebooks"]:
        objectives = tuple(_build(Objective, o) for o in nb["objectives"])
        notebooks[nb["id"]] = _build(Notebook, {**nb, "objectives": objectives})
    return KnowledgeBase(
        references=by_id(docs["references.yaml"]["references"], Reference),
        terms=by_id(docs["glossary.yaml"]["terms"], Term),
        notebooks=notebooks,
        regions=by_id(anatomy["regions"], Region),
        structures=by_id(anatomy["structures"], Structure),
        cord=anatomy["cord"],
        findings={kind: {f["id"]: f["label"] for f in items}
                  for kind, items in anatomy["findings"].items()},
        roots=by_id(anatomy["roots"], Root),
        disc_levels=by_id(anatomy["disc_levels"], DiscLevel),
        herniation_zones=by_id(anatomy["herniation_zones"], HerniationZone),
        questions=by_id(docs["questions.yaml"]["questions"], Question),
        causes=by_id(docs.get("causes.yaml", {}).get("causes", [])),
        treatments=by_id(docs.get("treatments.yaml", {}).get("treatments", [])),
        cases=by_id(docs.get("cases.yaml", {}).get("cases", [])),
        fbss=docs.get("fbss.yaml", {}),
        diagnosis=docs.get("diagnosis.yaml", {}),
        trials=by_id(docs.get("trials.yaml", {}).get("trials", [])),
        flow=Flow.from_doc(docs["decision_flow.yaml"]) if "decision_flow.yaml" in docs else None,
        opioids=docs.get("opioids.yaml", {}),
    )
