"""Every @record in the package behaves as `@dataclass(frozen=True, slots=True)` would, and every
@mutable_record as `@dataclass(slots=True)`: the same fields and defaults, equality, hash, repr,
refusal to change (or not), copies and pickles.

The records are found by walking the package, so a record added tomorrow is tested without a new test.
"""

import copy
import dataclasses
import importlib
import pickle
import pkgutil
import re
from pathlib import Path

import pytest

import werkvorm_dsl
from werkvorm_dsl.language import diagnostics, nodes
from werkvorm_dsl.system.records import mutable_record, record

PACKAGE = Path(werkvorm_dsl.__file__).parent


def modules_with_records() -> list:
    """The modules whose source uses @record or @mutable_record, imported: only those, so that collecting
    this file does not load WeasyPrint and the other libraries of the output stage in every worker."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name != "records.py" and re.search(r"^@(mutable_)?record\b", path.read_text(encoding="utf-8"), re.M):
            name = ".".join(("werkvorm_dsl", *path.relative_to(PACKAGE).with_suffix("").parts))
            found.append(importlib.import_module(name))
    return found


RECORDS = sorted(
    {
        cls
        for module in modules_with_records()
        for cls in vars(module).values()
        if isinstance(cls, type) and dataclasses.is_dataclass(cls) and "_record_names" in cls.__dict__
    },
    key=lambda cls: f"{cls.__module__}.{cls.__qualname__}",
)


def is_frozen(cls) -> bool:
    return cls.__setattr__ is not object.__setattr__


def plain_twin(cls):
    """The same fields in a slotted dataclass as `dataclasses` writes it, frozen or not as `cls`, under
    the same name."""
    spec = []
    for f in dataclasses.fields(cls):
        flags = {"repr": f.repr, "compare": f.compare, "hash": f.hash}
        if f.default_factory is not dataclasses.MISSING:
            spec.append((f.name, object, dataclasses.field(default_factory=f.default_factory, **flags)))
        else:
            spec.append((f.name, object, dataclasses.field(default=f.default, **flags)))
    twin = dataclasses.make_dataclass(cls.__name__, spec, frozen=is_frozen(cls), slots=True)
    twin.__qualname__ = cls.__qualname__
    return twin


def values_for(cls, variant: int = 0) -> list:
    # Any value will do for a field, but Diagnostic's post-init reads `related` as pairs.
    return [
        () if f.name == "related" else f"waarde {number} {variant}" for number, f in enumerate(dataclasses.fields(cls))
    ]


def test_the_package_has_records_and_the_hot_ones_are_among_them():
    names = {cls.__name__ for cls in RECORDS}
    assert {"Span", "Text", "Labeled", "Step", "Diagnostic", "Node", "Duration"} <= names
    assert {"LineToken", "Context", "Token"} <= {cls.__name__ for cls in RECORDS if not is_frozen(cls)}
    assert len(RECORDS) >= 60


@pytest.mark.parametrize("cls", RECORDS, ids=lambda cls: cls.__qualname__)
def test_a_record_is_what_the_frozen_dataclass_would_be(cls):
    fields = dataclasses.fields(cls)
    twin = plain_twin(cls)
    values = values_for(cls)
    made, plain = cls(*values), twin(*values)
    assert [getattr(made, f.name) for f in fields] == [getattr(plain, f.name) for f in fields]
    assert repr(made) == repr(plain)
    assert made == cls(*values)
    if is_frozen(cls):
        assert hash(made) == hash(cls(*values)) == hash(plain)
    else:
        assert cls.__hash__ is None and twin.__hash__ is None  # equal by value and changeable: no hash
    other = cls(*values_for(cls, 1))
    assert (made == other) is (plain == twin(*values_for(cls, 1)))
    assert made.__eq__(plain) is NotImplemented  # another class is never equal, as with a dataclass
    assert cls.__match_args__ == twin.__match_args__
    required = [f for f in fields if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    short, plain_short = cls(*values[: len(required)]), twin(*values[: len(required)])
    for f in fields[len(required) :]:
        assert getattr(short, f.name) == getattr(plain_short, f.name)
        if f.default_factory is not dataclasses.MISSING:
            assert getattr(short, f.name) is not getattr(cls(*values[: len(required)]), f.name)  # made anew
    by_name = cls(**{f.name: value for f, value in zip(fields, values)})
    assert by_name == made
    if fields:
        assert dataclasses.replace(made, **{fields[0].name: "anders"}) == cls("anders", *values[1:])
    if fields and is_frozen(cls):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(made, fields[0].name, "anders")
        with pytest.raises(dataclasses.FrozenInstanceError):
            delattr(made, fields[0].name)
    elif fields:
        changed = cls(*values)
        setattr(changed, fields[0].name, "anders")
        assert changed == cls("anders", *values[1:]) and changed != made
    assert not hasattr(made, "__dict__")
    for again in (copy.copy(made), copy.deepcopy(made), pickle.loads(pickle.dumps(made))):
        assert again == made and type(again) is cls
    assert dataclasses.asdict(made) == dataclasses.asdict(plain)


def test_a_record_takes_no_wrong_arguments():
    with pytest.raises(TypeError):
        nodes.Span(1, 2, 3)
    with pytest.raises(TypeError):
        nodes.Span(1, 2, 3, 4, 5)
    with pytest.raises(TypeError):
        nodes.Span(1, 2, 3, end_col=4)


def test_the_post_init_runs():
    long = "'" + "x" * 200 + "'"
    made = diagnostics.Diagnostic("E1", diagnostics.Severity.ERROR, "f", nodes.Span(1, 1, 1, 2), f"Hier staat {long}.")
    assert len(made.message) < 100
    assert pickle.loads(pickle.dumps(made)) == made


def test_a_field_a_record_cannot_make_is_refused():
    class KeywordOnly:
        items: list = dataclasses.field(default=(), kw_only=True)

    class NotInInit:
        items: list = dataclasses.field(default=(), init=False)

    for cls in (KeywordOnly, NotInInit):
        with pytest.raises(TypeError):
            record(cls)


def test_a_mutable_record_refuses_a_field_it_does_not_have():
    token = mutable_record(type("Made", (), {"__annotations__": {"text": str}, "__doc__": "x"}))("tekst")
    with pytest.raises(AttributeError):
        token.other = 1  # slots: no attribute that is not a field


def test_fields_left_out_of_comparison_stay_out_as_in_a_dataclass():
    @record
    class Remark:
        text: str
        place: int = dataclasses.field(default=0, compare=False, repr=False)

    @dataclasses.dataclass(frozen=True, slots=True)
    class Remark2:
        text: str
        place: int = dataclasses.field(default=0, compare=False, repr=False)

    assert Remark("a", 1) == Remark("a", 2) and hash(Remark("a", 1)) == hash(Remark2("a", 2))
    assert repr(Remark("a", 1)) == repr(Remark2("a", 1)).replace("Remark2", "Remark")


def test_a_subclass_adds_its_fields_to_its_base_s():
    assert [f.name for f in dataclasses.fields(nodes.Paragraph)][:2] == ["text", "span"]
    paragraph = nodes.Paragraph("tekst", nodes.Span(1, 1, 1, 2))
    assert paragraph != nodes.Text("tekst", nodes.Span(1, 1, 1, 2))  # another class, as with dataclasses


def test_every_dataclass_says_what_it_holds():
    # Without a docstring of its own, `dataclasses` writes one from the signature, with inspect, on every
    # start: a millisecond of `werkvorm check` per class, and a type a newcomer has to guess at.
    modules = [importlib.import_module(m.name) for m in pkgutil.walk_packages(werkvorm_dsl.__path__, "werkvorm_dsl.")]
    dataclasses_ = {
        cls
        for module in modules
        for cls in vars(module).values()
        if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == module.__name__
    }
    assert len(dataclasses_) > 80
    undocumented = sorted(
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in dataclasses_
        if not cls.__dict__.get("__doc__") or cls.__doc__.startswith(f"{cls.__name__}(")
    )
    assert undocumented == []
