"""slips.edits against the textbook table of edits (optimal string alignment), on every pair of short
words over a small alphabet: the shortcut for one edit and the trimmed ends must not change a count."""

import itertools

import pytest

from werkvorm_dsl.language.slips import edits

WORDS = ["".join(letters) for size in range(5) for letters in itertools.product("abc", repeat=size)]


def table(a: str, b: str) -> int:
    """Letters added, dropped or changed, or two neighbours swapped: the full table, nothing left out."""
    rows = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i, j in itertools.product(range(1, len(a) + 1), range(1, len(b) + 1)):
        change = rows[i - 1][j - 1] + (a[i - 1] != b[j - 1])
        rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, change)
        if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
            rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[-1][-1]


@pytest.mark.parametrize("limit", [1, 2])
def test_every_pair_of_short_words_counts_as_the_table_does(limit):
    for a, b in itertools.product(WORDS, repeat=2):
        assert edits(a, b, limit) == min(table(a, b), limit + 1), (a, b)
