"""Counting a letter in a word or short phrase (the "strawberry" problem).

high: the target letter, then every letter spelled out with the running count. medium: the letters spelled out,
the running count only where the target appears.
"""
from .common import Item, maybe_json

WORDS = """strawberry banana mississippi bookkeeper committee address balloon coffee success
necessary occurrence possession embarrass accommodate millennium parallel tomorrow assessment
programming reasoning deliberate transformer attention tokenizer engineering mathematics physics
chemistry biology geometry algebra calculus probability statistics symmetry equation fraction
remainder division multiplication subtraction addition numerator denominator percentage triangle
rectangle hexagon pentagon circumference diameter velocity acceleration momentum pressure
temperature electricity magnetism gravity molecule hydrogen oxygen nitrogen carbon photosynthesis
elephant giraffe kangaroo hippopotamus crocodile butterfly caterpillar grasshopper mosquito
pineapple watermelon raspberry blueberry cranberry gooseberry cucumber broccoli cauliflower avocado
apple orange lemon cherry papaya mango grape peach pepper tomato potato onion garlic
keyboard computer monitor printer internet software hardware database network protocol
language grammar sentence paragraph alphabet dictionary encyclopedia library bookshelf notebook
mountain volcano river ocean desert forest island peninsula continent hurricane thunderstorm
bicycle motorcycle helicopter submarine airplane rocket satellite telescope microscope
happiness kindness darkness wilderness loneliness awareness seriousness carelessness
assassination onomatopoeia bureaucracy entrepreneur rhythm queue syzygy zigzag jazz pizzazz
referee tennessee sassafras possessive aggressive progress illness business witness
chocolate vanilla caramel marshmallow lollipop peppermint cinnamon nutmeg saffron
""".split()

MAX_LETTERS = {1: 8, 2: 12, 3: 18, 4: 26, 5: 40, 6: 55}


def _text(rng, difficulty):
    limit = MAX_LETTERS[difficulty]
    lo = 0 if difficulty == 1 else MAX_LETTERS[difficulty - 1] - 3
    for _ in range(100):
        nwords = 1 if difficulty <= 2 else rng.randint(1, 1 + difficulty)
        if rng.random() < 0.15:
            words = ["".join(rng.choice("abcdeilmnorst") for _ in range(rng.randint(3, 9))) for _ in range(nwords)]
        else:
            words = [rng.choice(WORDS) for _ in range(nwords)]
        text = " ".join(words)
        n = sum(c.isalpha() for c in text)
        if lo < n <= limit:
            return text
    return text


def make_count(rng, difficulty):
    text = _text(rng, difficulty)
    letters = [c for c in text if c.isalpha()]
    if rng.random() < 0.8:
        target = rng.choice(letters)
    else:
        target = rng.choice("abcdefghijklmnopqrstuvwxyz")
    q = rng.choice(['How many times does the letter "{t}" appear in "{w}"?',
                    'Count the letter {t} in "{w}".', 'How many {t}\'s are in "{w}"?',
                    'In "{w}", how many times does "{t}" occur?']).format(t=target, w=text)
    return maybe_json(rng, count_item(text, target, difficulty, q), 0.05)


def count_item(text, target, difficulty, q):
    """How often the letter target occurs in text, asked as q."""
    count = [c for c in text if c.isalpha()].count(target)
    # The target is written as ` r` (after a space), the same token as each spelled letter, so matching a letter
    # against it is recognising a repeated token; the quoted target (`"r"`) is a different token and the shipped model
    # never learnt the pairing (every running count stayed 0). A `|` marks each space between words, so the spelling
    # keeps its place in the question.
    # Medium spells the letters too but writes the running count only where the target appears (`r:1`): a middle
    # between no trace and the high trace. Counts per four-letter chunk (run 6) scored below low: they hid the letters
    # inside chunk tokens and summed far-apart counts.
    running, high_seq, medium_seq = 0, [], []
    for c in text:
        if c == " ":
            high_seq.append("|")
            medium_seq.append("|")
            continue
        if not c.isalpha():
            continue
        running += c == target
        high_seq.append(f"{c}:{running}")
        medium_seq.append(f"{c}:{running}" if c == target else c)
    high = [f"Target: {target}", " ".join(high_seq), f"Total: {count}",
            "Check: found " + (" ".join(target for _ in range(count)) or "none") + "."]
    medium = [f"Target: {target}", " ".join(medium_seq), f"Total: {count}"]
    return Item("count", difficulty, q, str(count), {"low": "", "medium": "\n".join(medium), "high": "\n".join(high)})
