"""The moderation classifier's features and data (training/moderation): the hashing the engine must reproduce,
the sentence windows, and splits that never share a template. Standard library only."""
import math
import unittest

from training.moderation import content, data, features


class FeatureTests(unittest.TestCase):
    def test_fnv1a_matches_the_published_test_vectors(self):
        self.assertEqual(0x811C9DC5, features.fnv1a(b""))
        self.assertEqual(0xE40C292C, features.fnv1a(b"a"))
        self.assertEqual(0xBF9CF968, features.fnv1a(b"foobar"))

    def test_tokens_lowercase_ascii_only_drop_apostrophes_and_keep_other_scripts(self):
        self.assertEqual([b"dont", b"kill", b"the", b"process"], features.tokens("Don't KILL the-process!"))
        self.assertEqual([b"its", b"fine"], features.tokens("It\u2019s \u201cfine\u201d"))
        self.assertEqual(["\u00c4rger".encode(), "\u65e5\u672c".encode()], features.tokens("\u00c4rger, \u65e5\u672c."))
        self.assertEqual([], features.tokens(" \u2014 ... \u2026 "))

    def test_every_word_pair_and_character_gram_is_a_feature(self):
        hashes = features.feature_hashes([b"ab", b"c"], 3, 4)
        # 2 words + 1 pair + grams of "<ab>" (2 of 3, 1 of 4) + of "<c>" (1 of 3)
        self.assertEqual(2 + 1 + 3 + 1, len(hashes))
        self.assertEqual(features.fnv1a(b"wab"), hashes[0])
        self.assertEqual(features.fnv1a(b"bab c"), hashes[2])
        self.assertIn(features.fnv1a(b"c<c>"), hashes)

    def test_vectors_have_unit_length_and_an_empty_text_has_none(self):
        v = features.vector("How do I kill a Python process? kill kill", 1 << 10, 3, 5)
        self.assertAlmostEqual(1.0, math.sqrt(sum(x * x for x in v.values())))
        self.assertTrue(all(0 <= b < 1 << 10 for b in v))
        self.assertEqual({}, features.vector(" ?! ", 1 << 10, 3, 5))

    def test_segments_cut_after_sentence_ends_and_newlines_and_cover_the_text(self):
        text = "Mr. Smith paid $3.50. Then he left!Twice.\n\nNew? Yes"
        parts = features.segments(text)
        self.assertEqual(text, "".join(parts))
        self.assertEqual(["Mr.", " Smith paid $3.50.", " Then he left!Twice.", "\n", "\n", "New?", " Yes"], parts)

    def test_long_segments_end_at_whitespace_past_the_soft_limit(self):
        text = "word " * 200
        parts = features.segments(text)
        self.assertEqual(text, "".join(parts))
        self.assertTrue(all(len(p) <= features.SOFT_LIMIT + 5 for p in parts))
        self.assertGreater(len(parts), 2)

    def test_windows_pair_neighbouring_segments_with_words(self):
        self.assertEqual(["Hi! How do I do it?", " How do I do it? Thanks."], features.windows("Hi! How do I do it? Thanks."))
        self.assertEqual(["One sentence."], features.windows("One sentence."))
        # blank segments drop out; no word can merge, since every segment but the last ends in a non-word character
        self.assertEqual(["A.B."], features.windows("A.\n\n\nB."))
        self.assertEqual(["  "], features.windows("  "))


class DataTests(unittest.TestCase):
    def test_no_template_is_in_two_splits(self):
        where = {}
        for e in data.all_examples():
            self.assertEqual(where.setdefault(e.template, e.split), e.split, e.template)
        self.assertEqual(set(data.SPLITS), set(where.values()))

    def test_every_category_has_held_out_and_validation_positives(self):
        for split in ("valid", "heldout"):
            examples = data.examples(split)
            for c in data.CATEGORIES:
                self.assertTrue(any(c in e.labels for e in examples), (split, c))

    def test_look_alikes_share_frames_with_what_they_look_like(self):
        frames = {}
        for t in content.all_texts():
            frames.setdefault(t.template, set()).add(bool(t.labels))
        shared = [name for name, kinds in frames.items() if kinds == {True, False}]
        self.assertGreater(len(shared), 20)

    def test_only_harmless_texts_are_cut_into_windows_for_training(self):
        harmful = data.Example("I want to hurt them. Now. Today.", ("violence",), "content", "x", "x:0", "fit")
        harmless = data.Example("Hello there. How are you? Fine.", (), "benign", "x", "x:1", "fit")
        texts = [t for t, _ in data.training_pairs([harmful, harmless])]
        self.assertEqual([harmful.text, harmless.text, "Hello there. How are you?", " How are you? Fine."], texts)


if __name__ == "__main__":
    unittest.main()
