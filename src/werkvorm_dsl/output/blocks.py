"""Blocks in the order templates show them: consecutive list items as one list, facilitator text left out on request."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from werkvorm_dsl.language.nodes import Block, BulletItem, facilitator_only


@dataclass(frozen=True)
class BulletList:
    """Consecutive list items, grouped so templates can wrap them in one <ul> or <ol>."""

    items: tuple[BulletItem, ...]
    numbered: bool


def grouped(blocks: Iterable[Block], for_participants: bool = False) -> list:
    """Blocks in order, consecutive bullets as one BulletList; facilitator text left out on request."""
    found: list = []
    bullets: list[BulletItem] = []  # the run being collected; a list, so adding an item costs O(1)
    for block in blocks:
        if for_participants and facilitator_only(block):
            continue
        if isinstance(block, BulletItem):
            if bullets and (bullets[-1].number is None) != (block.number is None):
                _close_bullets(found, bullets)  # '- punt' after '2. punt' starts a list of its own
            bullets.append(block)
            continue
        _close_bullets(found, bullets)
        found.append(block)
    _close_bullets(found, bullets)
    return found


def _close_bullets(found: list, bullets: list[BulletItem]) -> None:
    if bullets:
        found.append(BulletList(tuple(bullets), bullets[0].number is not None))
        bullets.clear()
