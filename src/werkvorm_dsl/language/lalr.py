"""An LALR(1) parser over the grammar's tables, which scripts/make_parser.py generates with Lark."""

from __future__ import annotations

from werkvorm_dsl.language.parser_tables import ACTIONS, END_STATE, RULES, START_STATE
from werkvorm_dsl.system.records import record

END = "$END"
REFUSED = -1  # what _reduce_before says when the terminal does not fit (a shift state is never negative)


@record  # a parse makes one for every rule it reduces
class Node:
    """The grammar's tree: a rule name and its children."""

    rule: str
    children: tuple  # of Node and the values that were fed


class UnexpectedToken(Exception):
    """The grammar allows no such terminal here. The parser stays usable: feeding can go on."""

    def __init__(self, terminal: str):
        super().__init__(terminal)
        self.terminal = terminal


class Parser:
    """One parse, fed a terminal at a time, as Lark's interactive LALR parser is, and giving the
    tree Lark would give: rules whose name starts with `_` are spliced into their parent, and a
    `?rule` with one child gives that child."""

    def __init__(self):
        self.states = [START_STATE]
        self.values: list = []

    def feed(self, terminal: str, value) -> None:
        """Take one terminal, or raise UnexpectedToken where the grammar allows no such terminal here."""
        if not self.take(terminal, value):
            raise UnexpectedToken(terminal)

    def take(self, terminal: str, value) -> bool:
        """feed, for a caller that goes on after a refusal: False rather than an exception, which
        costs more than the rest of a feed (a file with many misplaced lines meets many)."""
        states = self.states
        action = ACTIONS[states[-1]].get(terminal)
        if action is None or action < 0:  # reduce first, or refuse the terminal
            action = self._reduce_before(terminal)
            if action == REFUSED:
                return False
        states.append(action)
        self.values.append(value)
        return True

    def accepts(self, terminal: str) -> bool:
        """Whether take(terminal) would succeed now; the parse itself is left as it is (an editor
        asks this for every keyword, to offer only those that fit where the cursor is)."""
        states = list(self.states)
        while True:
            action = ACTIONS[states[-1]].get(terminal)
            if action is None:
                return False
            if action >= 0:
                return True
            how, origin, _, shape, _ = REDUCTIONS[~action]
            if how == PASS_THROUGH:
                states[-1] = ACTIONS[states[-2]][origin]
            else:
                del states[len(states) - len(shape) :]
                states.append(ACTIONS[states[-1]][origin])

    def end(self) -> Node:
        if self._reduce_before(END) == REFUSED:
            raise UnexpectedToken(END)
        return self.values[-1]

    def _reduce_before(self, terminal: str) -> int:
        """Reduce while the tables say so; the state to shift to, END_STATE once the input is complete,
        or REFUSED where the grammar allows no such terminal here."""
        states, values = self.states, self.values
        at_end = terminal == END
        action = ACTIONS[states[-1]].get(terminal)
        while action is not None and action < 0:
            how, origin, tree, shape, single = REDUCTIONS[~action]
            # The three reductions that make up most of a parse get a short path: a one-child
            # `?rule` (its child stands in for it, and its state gives way to the rule's), the first
            # and one more item of a spliced repetition.
            if how == PASS_THROUGH:
                states[-1] = ACTIONS[states[-2]][origin]
            elif how == APPEND:
                item = values.pop()
                values[-1].append(item)  # the list is this parse's own, made by _built below
                del states[-1]
                states[-1] = ACTIONS[states[-2]][origin]
            elif how == START_LIST:
                values[-1] = [values[-1]]
                states[-1] = ACTIONS[states[-2]][origin]
            elif how == WRAP:
                values[-1] = Node(tree, (values[-1],))
                states[-1] = ACTIONS[states[-2]][origin]
            else:
                size = len(shape)
                children = values[len(values) - size :]
                del states[len(states) - size :], values[len(values) - size :]
                values.append(_built(origin, tree, shape, single, children))
                states.append(ACTIONS[states[-1]][origin])
            if at_end and states[-1] == END_STATE:
                return END_STATE
            action = ACTIONS[states[-1]].get(terminal)
        return REFUSED if action is None else action


# How a rule's reduction changes the value stack (see _reduction_of). Plain numbers rather than
# an Enum: the parser asks this once per reduction, and an Enum member costs a lookup each time.
PASS_THROUGH = 1  # `?rule: child`: the child's value stays as it is
APPEND = 2  # `_rule: _rule item`: the item joins the spliced list below it
GENERAL = 3  # anything else: _built makes the value
START_LIST = 4  # `_rule: item`: the first item of a spliced list
WRAP = 5  # `rule: child`: a node with that one child


def _reduction_of(origin: str, shape: str, single: bool) -> int:
    spliced = origin.startswith("_")
    if shape == "k" and single and not spliced:
        return PASS_THROUGH
    if shape == "sk" and spliced:
        return APPEND
    if shape == "k":
        return START_LIST if spliced else WRAP
    return GENERAL


# RULES with the kind of reduction in front: (how, origin, tree, shape, single).
REDUCTIONS = tuple(
    (_reduction_of(origin, shape, single), origin, tree, shape, single) for origin, tree, shape, single in RULES
)


def _built(origin: str, tree: str, shape: str, single: bool, children: list):
    kept: list = []
    for child, what in zip(children, shape):
        if what == "k":
            kept.append(child)
        elif what == "s":
            # a spliced rule's value is its list of children; taking over the first one's list
            # keeps a long left-recursive repetition linear, as in Lark
            if kept:
                kept.extend(child)
            else:
                kept = child
    if origin.startswith("_"):
        return kept
    if single and len(kept) == 1:
        return kept[0]
    return Node(tree, tuple(kept))
