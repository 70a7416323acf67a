"""Every wording (a kind of question in people's words) by family, and the generators of the plain-phrasing families.

`plain` asks the old families' questions in other words; the new families (primes, percentages, unit conversion,
comparing fractions and decimals, averages, rates) are asked in people's words only.
"""
from . import (averages, fraction_compare, percentages, plain_algebra, plain_arithmetic, plain_division,
               plain_order, plain_physics, plain_programs, primes, rates, units)
from .wording import plain_item

OLD_FAMILY_WORDINGS = (plain_arithmetic.WORDINGS + plain_order.WORDINGS + plain_division.WORDINGS
                       + plain_algebra.WORDINGS + plain_physics.WORDINGS + plain_programs.WORDINGS)
NEW_FAMILY_WORDINGS = (primes.WORDINGS + percentages.WORDINGS + units.WORDINGS + fraction_compare.WORDINGS
                       + averages.WORDINGS + rates.WORDINGS)
WORDINGS = {w.name: w for w in OLD_FAMILY_WORDINGS + NEW_FAMILY_WORDINGS}
assert len(WORDINGS) == len(OLD_FAMILY_WORDINGS) + len(NEW_FAMILY_WORDINGS), "wording names must be unique"
NEW_FAMILIES = ("prime", "percent", "units", "fraccmp", "average", "rate")
PLAIN_DIFFICULTIES = (1, 2, 3)  # the sizes people ask about; the suite draws from these too


def wordings_of(task: str) -> list:
    return [w for w in WORDINGS.values() if w.task == task]


def make_plain(rng, difficulty, split="train"):
    """An old family's question in people's words."""
    return plain_item(rng, rng.choice(OLD_FAMILY_WORDINGS), difficulty, split)


def family_maker(task: str):
    """The generator of a new family: one of its wordings, in a template of the split."""
    wordings = wordings_of(task)

    def make(rng, difficulty, split="train"):
        return plain_item(rng, rng.choice(wordings), difficulty, split)
    make.__name__ = f"make_{task}"
    return make
