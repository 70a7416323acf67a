"""Numbers as people type them: digits, words ("seventeen", "two hundred and five"), thousands separators ("12,345").

The plain phrasings write a question's numbers in one of these styles; the trace then restates the question with
plain digits, so the family's usual steps follow. `NUMBER_PATTERN` matches every form `spoken` can write (the
phrasing tests use it to check that no training template can produce a held-out question).
"""
ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen").split()
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
WORDS_UP_TO = 9999           # numbers above this are always written with digits
NUMBER_WORDS = set(ONES) | set(TENS[2:]) | {"hundred", "thousand", "and", "minus"}
NUMBER_PATTERN = (r"(?:-?\d{1,3}(?:,\d{3})+|-?\d+(?:\.\d+)?|(?:minus )?(?:(?:"
                  + "|".join(sorted(NUMBER_WORDS - {"minus"}, key=len, reverse=True)) + r")[ -]?)+)")


def words(n: int, british_and: bool = False) -> str:
    """n in English words: 17 -> seventeen, 342 -> three hundred forty-two (three hundred and forty-two)."""
    if n < 0:
        return "minus " + words(-n, british_and)
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("-" + ONES[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        head = ONES[n // 100] + " hundred"
        return head + ((" and " if british_and else " ") + words(rest) if rest else "")
    if n < 1_000_000:
        rest = n % 1000
        head = words(n // 1000, british_and) + " thousand"
        if not rest:
            return head
        return head + (" and " if british_and and rest < 100 else " ") + words(rest, british_and)
    raise ValueError(f"{n} is too large to write in words here")


def with_commas(n: int) -> str:
    return f"{n:,}"


def pick_style(rng, numbers) -> str:
    """One style for all the numbers of a question: "digits" mostly, "words" when every number is small enough,
    "commas" when one has four digits or more."""
    ints = [n for n in numbers if isinstance(n, int)]
    r = rng.random()
    if r < 0.22 and ints and all(abs(n) <= WORDS_UP_TO for n in ints) and max(map(abs, ints)) <= 999 or \
            r < 0.08 and ints and all(abs(n) <= WORDS_UP_TO for n in ints):
        return "words"
    if r > 0.8 and any(abs(n) >= 1000 for n in ints):
        return "commas"
    return "digits"


def spoken(rng, n, style: str) -> str:
    """n written in the style (a non-integer is always digits)."""
    if not isinstance(n, int):
        return str(n)
    if style == "words" and abs(n) <= WORDS_UP_TO:
        return words(n, british_and=rng.random() < 0.2)
    if style == "commas":
        return with_commas(n)
    return str(n)
