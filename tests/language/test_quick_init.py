"""quick_init makes the same object as the dataclass's own __init__, for every class that has it."""

import dataclasses
import itertools

import pytest

from werkvorm_dsl.language import diagnostics, lalr, nodes
from werkvorm_dsl.language.quick_init import quick_init

QUICK = sorted(
    {
        cls
        for module in (nodes, diagnostics, lalr)
        for cls in vars(module).values()
        if isinstance(cls, type) and dataclasses.is_dataclass(cls) and getattr(cls.__init__, "quick", False)
    },
    key=lambda cls: cls.__name__,
)


def plain_twin(cls):
    """The same fields in a frozen, slotted dataclass with the __init__ dataclasses writes."""
    fields = [
        (f.name, object, f.default if f.default is not dataclasses.MISSING else dataclasses.MISSING)
        for f in dataclasses.fields(cls)
    ]
    spec = [(name, kind) if default is dataclasses.MISSING else (name, kind, dataclasses.field(default=default))
            for name, kind, default in fields]  # fmt: skip
    return dataclasses.make_dataclass(f"Plain{cls.__name__}", spec, frozen=True, slots=True)


def test_the_hot_classes_have_it():
    assert {"Span", "Text", "Labeled", "Step", "Diagnostic", "Node"} <= {cls.__name__ for cls in QUICK}


@pytest.mark.parametrize("cls", QUICK, ids=lambda cls: cls.__name__)
def test_every_field_is_set_as_given_and_defaults_as_declared(cls):
    fields = dataclasses.fields(cls)
    # Any value will do for a field, but Diagnostic's post-init reads `related` as pairs.
    values = [() if f.name == "related" else f"waarde {number}" for number, f in enumerate(fields)]
    made = cls(*values)
    given = {f.name: getattr(made, f.name) for f in fields}
    twin = plain_twin(cls)(*values)
    assert given == {f.name: getattr(twin, f.name) for f in fields}
    required = [f for f in fields if f.default is dataclasses.MISSING]
    if len(required) < len(fields):
        short = cls(*values[: len(required)])
        for f in fields[len(required) :]:
            assert getattr(short, f.name) == f.default
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, fields[0].name, "anders")


def test_keywords_work_as_with_the_dataclass_init():
    span = nodes.Span(end_column=4, line=1, column=2, end_line=3)
    assert (span.line, span.column, span.end_line, span.end_column) == (1, 2, 3, 4)
    with pytest.raises(TypeError):
        nodes.Span(1, 2, 3)


def test_the_post_init_runs():
    long = "'" + "x" * 200 + "'"
    made = diagnostics.Diagnostic("E1", diagnostics.Severity.ERROR, "f", nodes.Span(1, 1, 1, 2), f"Hier staat {long}.")
    assert len(made.message) < 100


def test_a_field_it_cannot_make_is_refused():
    @dataclasses.dataclass(frozen=True, slots=True)
    class WithFactory:
        items: list = dataclasses.field(default_factory=list)

    with pytest.raises(TypeError):
        quick_init(WithFactory)


def test_equal_objects_whichever_init_made_them():
    for line, column in itertools.product(range(1, 4), range(1, 4)):
        assert nodes.Span(line, column, line, column + 1) == nodes.Span(line, column, line, column + 1)
        assert hash(nodes.Span(line, column, line, 2)) == hash(nodes.Span(line, column, line, 2))
