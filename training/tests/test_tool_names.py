"""Invented tool names: glued from tokenizer pieces when prepare_data has a tokenizer, never a held-out word.

Run: `python3 -m unittest discover -s training/tests` from the repository root (standard library only).
"""
import os
import random
import re
import unittest

from training.bpe import Tokenizer
from training.tasks import tools

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")

TOKENIZER = os.path.join(ROOT, "export", "deliberate-nano", "tokenizer.json")


def glued(word, pieces, parts=3):
    """Whether the word is 1..parts vocabulary pieces end to end."""
    if not word:
        return True
    return parts > 0 and any(word[:i] in pieces and glued(word[i:], pieces, parts - 1) for i in range(2, len(word) + 1))


def name_words(name):
    """`fetch_stock_price` -> fetch, stock, price; `readUserProfile` -> read, user, profile."""
    return [w.lower() for part in name.split("_") for w in re.findall(r"[A-Z]?[a-z0-9]+", part)]


class ToolNameTests(unittest.TestCase):
    def setUp(self):
        tools.use_name_pieces(Tokenizer.load(TOKENIZER).vocab)
        self.addCleanup(tools.use_name_pieces, {})

    def test_pieces_are_the_lowercase_letter_tokens_of_the_vocabulary(self):
        self.assertGreater(len(tools._name_pieces), 100)
        self.assertIn("requ", tools._name_pieces)  # a piece of the held-out `request`, copied in training
        self.assertTrue(all(p.isalpha() and p.islower() and len(p) >= 2 for p in tools._name_pieces))

    def test_a_share_of_invented_words_is_glued_from_pieces(self):
        # measured: 30% of invented words of five letters or more are pieces end to end, 1% without pieces
        pieces, rng = set(tools._name_pieces), random.Random(5)
        words = [tools._invented(rng) for _ in range(3000)]
        self.assertGreater(sum(len(w) >= 5 and glued(w, pieces) for w in words), 600)
        self.assertFalse(set(words) & tools.HELD_OUT_WORDS)

    def test_training_tools_never_use_a_held_out_word(self):
        rng = random.Random(3)
        for _ in range(2000):
            for t in tools.make_tool(rng, 3, split=0).tools:
                fn = t["function"]
                words = name_words(fn["name"]) + list(fn["parameters"]["properties"])
                self.assertFalse(set(words) & tools.HELD_OUT_WORDS, fn)

    def test_held_out_names_come_only_from_the_held_out_pools(self):
        rng = random.Random(4)
        held = set(tools.VERBS[1]) | {w for pools in tools.DOMAINS.values() for w in pools[1]}
        for _ in range(300):
            name = tools.make_tool(rng, 3, split=1).call["name"]
            self.assertTrue(any(name.startswith(v) for v in tools.VERBS[1]), name)
            noun = name.split("_", 1)[1] if "_" in name else None
            if noun:
                self.assertIn(noun, held)


if __name__ == "__main__":
    unittest.main()
