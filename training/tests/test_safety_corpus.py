"""The safety corpus: held-out prompts never reach training, every prompt names a real clause, and the
look-alikes really share frames with the unsafe requests (the XSTest contrast)."""
import os
import random
import re
import unittest

from training.tasks import safety_corpus as corpus

SPEC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "safety-spec.md")


class SafetyCorpusTests(unittest.TestCase):
    def test_held_out_prompts_never_appear_in_the_training_split(self):
        train = {p.text for p in corpus.all_prompts("train")}
        heldout = {p.text for p in corpus.all_prompts("heldout")}
        self.assertTrue(heldout)
        self.assertFalse(train & heldout)

    def test_held_out_frames_are_whole_templates(self):
        train_templates = {p.template for p in corpus.all_prompts("train")}
        for p in corpus.all_prompts("heldout"):
            self.assertNotIn(p.template, train_templates, p.text)

    def test_every_clause_exists_in_the_written_spec(self):
        with open(SPEC, encoding="utf-8") as f:
            spec = set(re.findall(r"\*\*(\d\.\d) ", f.read()))
        for split in ("train", "heldout"):
            for p in corpus.all_prompts(split):
                self.assertIn(p.clause, spec, p.text)
                self.assertEqual(p.unsafe, p.clause.startswith("2."), p.text)

    def test_a_text_is_never_both_unsafe_and_allowed(self):
        labels = {}
        for split in ("train", "heldout"):
            for p in corpus.all_prompts(split):
                self.assertEqual(labels.setdefault(p.text, p.unsafe), p.unsafe, p.text)

    def test_each_split_has_both_kinds_in_every_category(self):
        for split in ("train", "heldout"):
            prompts = corpus.all_prompts(split)
            for category in corpus.CATEGORIES:
                self.assertTrue(any(p.unsafe and p.category == category for p in prompts), (split, category))

    def test_moderation_flags_only_unsafe_prompts_with_known_categories(self):
        for p in corpus.all_prompts("train"):
            self.assertEqual(bool(p.moderation), p.unsafe)
            self.assertTrue(set(p.moderation) <= set(corpus.MODERATION_CATEGORIES))

    def test_finer_flags_name_real_reasons_and_known_categories(self):
        reasons = {p.reason for split in ("train", "heldout") for p in corpus.all_prompts(split) if p.unsafe}
        for reason, flags in corpus.REASON_FLAGS.items():
            self.assertIn(reason, reasons)
            self.assertTrue(set(flags) <= set(corpus.MODERATION_CATEGORIES), reason)
        threat = next(p for p in corpus.all_prompts("train") if p.reason == "threatens a person")
        self.assertIn("harassment/threatening", threat.moderation)
        self.assertNotIn("hate", threat.moderation)

    def test_sampling_is_seeded(self):
        a = [corpus.sample(random.Random(7)).text for _ in range(5)]
        b = [corpus.sample(random.Random(7)).text for _ in range(5)]
        self.assertEqual(a, b)
        with self.assertRaises(ValueError):
            corpus.all_prompts("test")


if __name__ == "__main__":
    unittest.main()
