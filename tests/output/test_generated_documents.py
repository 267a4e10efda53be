"""Every backend renders werkvormen generated from the grammar, and the check's numbers are the
tijdschema's, the draaiboek's and the timeline's: one schedule feeds them all."""

from hypothesis import given, settings

from strategies import context_for, quick_share, werkvormen
from werkvorm_dsl import check, parse
from werkvorm_dsl.output import registry


@settings(max_examples=quick_share(60))
@given(werkvormen)
def test_every_backend_renders_a_generated_werkvorm(text):
    werkvorm = parse(text, "gegenereerd.werkvorm")
    context = context_for(werkvorm)
    for name in registry.names():
        document = registry.get(name).render(context)
        assert document.files
        for suffix, content in document.files.items():
            assert isinstance(content, str) and content.strip(), (name, suffix)
            if suffix == "html":
                assert '<html lang="nl">' in content
                # Only the live view and its room's screen run a script (their clocks); test_leiden.py and
                # test_zaal.py check those scripts' data.
                assert ("<script" in content.lower()) == (name in ("leiden", "zaal")), name


@settings(max_examples=quick_share(60))
@given(werkvormen)
def test_the_tijdschema_has_the_numbers_of_the_check(text):
    import json

    werkvorm = parse(text, "gegenereerd.werkvorm")
    context = context_for(werkvorm)
    data = json.loads(registry.get("tijdschema").render(context).files["json"])
    timing = context.plan.timing
    assert data["kortste_weg"] == float(timing.shortest)
    assert data["langste_weg"] == float(timing.longest)
    assert timing.shortest <= timing.longest
    # The leaves follow each other without gaps or overlaps; a block's head spans its parts.
    agenda_minutes = sum(row["minuten"] for row in data["agenda"] if row["soort"] != "blok")
    assert abs(agenda_minutes - float(context.plan.end)) < 1e-6


@settings(max_examples=quick_share(80))
@given(werkvormen)
def test_one_schedule_feeds_the_check_the_tijdschema_the_draaiboek_and_the_timeline(text):
    """The check's verdict, the tijdschema, the draaiboek's table and the timeline all come from
    one computation: their numbers agree."""
    import json

    from werkvorm_dsl.analysis.timing import compute
    from werkvorm_dsl.output.documents import common

    werkvorm = parse(text, "gegenereerd.werkvorm")
    context = context_for(werkvorm)
    agenda, timing = context.plan, compute(werkvorm)
    assert agenda.timing.total == timing.total
    assert agenda.end == timing.planned_total
    assert timing.shortest <= timing.longest <= timing.planned_total
    codes = {d.code for d in check(werkvorm)}
    if timing.stated_high is not None and werkvorm.fact("duur") is not None:
        assert ("E401" in codes) == (timing.shortest > timing.stated_high)
    data = json.loads(registry.get("tijdschema").render(context).files["json"])
    assert data["geplande_duur"] == float(agenda.end)
    drawn = common.timeline(agenda)
    if drawn["segments"]:
        last = drawn["segments"][-1]
        scale = drawn["width"] / float(max(agenda.end, timing.stated_high or 0, 1))
        assert abs(last.x + last.width - float(agenda.end) * scale) < 1e-6
    html = registry.get("draaiboek").render(context).files["html"]
    for slot in agenda.slots[:40]:
        assert f"{agenda.clock(slot.start)}–{agenda.clock(slot.end)}" in html
