"""What the moderation classifier sees of a text: hashed word unigrams and bigrams and character n-grams, scored
over sentence windows. The C# twin (src/Deliberate.Engine/Moderation/) must compute exactly this; the trainer
writes a fixture of texts and scores that the engine's tests compare against, so change both or neither, and bump
FEATURE_VERSION (the engine refuses a file whose version it does not know).

Standard library only: the training tests import it without numpy.

Text to tokens:
  - ASCII A-Z are lowercased; nothing else is case-folded (Unicode case rules differ between runtimes).
  - Apostrophes (' and U+2018/U+2019) are dropped, so "don't" and "dont" are one word.
  - Word characters are ASCII letters and digits and every code point from U+0080 up, except a few punctuation
    marks (SEPARATORS); everything else separates words.
  - A token is a maximal run of word characters, taken as its UTF-8 bytes.
Features of a token list t[0..n), each hashed with 32-bit FNV-1a over (a one-byte kind prefix + bytes) and taken
modulo the bucket count:
  - b"w" + t[i]                     every word
  - b"b" + t[i] + b" " + t[i+1]     every pair of neighbouring words
  - b"c" + gram                     every byte n-gram, n in [char_min, char_max], of b"<" + t[i] + b">"
The vector counts features per bucket (collisions add up) and is scaled to unit length (L2).

Long texts are scored per window so that one harmful sentence is not diluted by pages of harmless ones:
`segments` cuts the text after a sentence end (. ! ? followed by ASCII whitespace), after a newline, and at the
first ASCII whitespace once a segment holds SOFT_LIMIT code points; segments without a word character are dropped;
the windows are every pair of neighbouring segments (a lone segment is its own window). A category's score is its
largest score over the windows.
"""
import math

FEATURE_VERSION = 1
FNV_OFFSET = 0x811C9DC5
FNV_PRIME = 0x01000193
APOSTROPHES = frozenset("'\u2018\u2019")
# Non-ASCII punctuation people type between words: quotes, dashes, ellipsis, no-break space, guillemets.
SEPARATORS = frozenset("\u201c\u201d\u2013\u2014\u2026\u00a0\u00ab\u00bb")
SENTENCE_ENDS = frozenset(".!?")
ASCII_SPACE = frozenset(" \t\n\r\f\v")
SOFT_LIMIT = 300


def is_word_char(ch: str) -> bool:
    o = ord(ch)
    if o < 0x80:
        return ("a" <= ch <= "z") or ("A" <= ch <= "Z") or ("0" <= ch <= "9")
    return ch not in SEPARATORS and ch not in APOSTROPHES


def tokens(text: str) -> list[bytes]:
    """The text's words as UTF-8 bytes, after the rules above."""
    out, word = [], []
    for ch in text:
        if ch in APOSTROPHES:
            continue
        if is_word_char(ch):
            word.append(ch.lower() if "A" <= ch <= "Z" else ch)
        elif word:
            out.append("".join(word).encode("utf-8"))
            word = []
    if word:
        out.append("".join(word).encode("utf-8"))
    return out


def fnv1a(data: bytes, h: int = FNV_OFFSET) -> int:
    for byte in data:
        h = ((h ^ byte) * FNV_PRIME) & 0xFFFFFFFF
    return h


def feature_hashes(words: list[bytes], char_min: int, char_max: int) -> list[int]:
    """The 32-bit hash of every feature of a token list, in order (words, then pairs, then character n-grams)."""
    out = [fnv1a(b"w" + w) for w in words]
    out += [fnv1a(b"b" + a + b" " + b) for a, b in zip(words, words[1:])]
    for w in words:
        padded = b"<" + w + b">"
        for n in range(char_min, char_max + 1):
            out += [fnv1a(b"c" + padded[i:i + n]) for i in range(len(padded) - n + 1)]
    return out


def vector(text: str, buckets: int, char_min: int, char_max: int) -> dict[int, float]:
    """The unit-length sparse vector of a text: bucket -> value."""
    counts: dict[int, int] = {}
    for h in feature_hashes(tokens(text), char_min, char_max):
        counts[h % buckets] = counts.get(h % buckets, 0) + 1
    norm = math.sqrt(sum(c * c for c in counts.values()))
    return {k: c / norm for k, c in counts.items()} if norm > 0 else {}


def segments(text: str) -> list[str]:
    """The text cut into sentence-like pieces (substrings in order; together they are the whole text)."""
    out, start, length = [], 0, 0
    for i, ch in enumerate(text):
        length += 1
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if ch == "\n" or (ch in SENTENCE_ENDS and nxt in ASCII_SPACE) or (length >= SOFT_LIMIT and ch in ASCII_SPACE):
            out.append(text[start:i + 1])
            start, length = i + 1, 0
    if start < len(text):
        out.append(text[start:])
    return out


def windows(text: str) -> list[str]:
    """The texts scored for one input: neighbouring pairs of segments that hold a word."""
    parts = [s for s in segments(text) if any(is_word_char(ch) for ch in s)]
    if len(parts) <= 1:
        return parts or [text]
    return [a + b for a, b in zip(parts, parts[1:])]


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def scores(text: str, weight, bias, buckets: int, char_min: int, char_max: int) -> list[float]:
    """Per-category probabilities of a text: the largest over its windows. `weight[bucket][category]`."""
    best = [0.0] * len(bias)
    for window in windows(text):
        z = list(bias)
        for bucket, value in vector(window, buckets, char_min, char_max).items():
            row = weight[bucket]
            for c in range(len(z)):
                z[c] += value * row[c]
        best = [max(b, sigmoid(v)) for b, v in zip(best, z)]
    return best
