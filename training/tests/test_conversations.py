"""Chat, declines, safety traces and follow-ups: replies meet the suites' own rules, held-out prompts and templates
never reach training, follow-ups compute from the turn before and say what they took from it."""
import random
import re
import unittest

from training import scoring
from training.tasks import chat, declines, followups, safety
from training.tasks import safety_corpus as corpus
from training.tasks.common import check
from training.tasks.composed import contains

MUST_INCLUDE = [["deliberate nano"], ["arithmetic", "math"]]


class ChatTests(unittest.TestCase):
    def test_every_reply_is_short_true_and_passes_the_chat_rule(self):
        for kind, (thought, reply, prompts) in chat.KINDS.items():
            self.assertLessEqual(len(reply), 300, kind)
            self.assertTrue(scoring.score({"expect": "chat", "must_include": MUST_INCLUDE}, thought, reply, False), kind)
            item = chat.chat_item(kind, prompts[0])
            self.assertEqual("", item.thinking["low"])
            self.assertEqual("", item.thinking["medium"])
            self.assertEqual(thought, item.thinking["high"])

    def test_held_out_chat_prompts_never_reach_training(self):
        train = {p for _, p in chat.chat_prompts("train")}
        heldout = {p for _, p in chat.chat_prompts("heldout")}
        self.assertGreaterEqual(len(heldout), 30)
        self.assertFalse(train & heldout)
        rng = random.Random(1)
        drawn = {chat.make_chat(rng, 1).question for _ in range(2000)}
        self.assertFalse(drawn & heldout)

    def test_composed_prompts_contain_no_held_out_prompt_that_training_did_not_already_contain(self):
        train = [p for _, p in chat.chat_prompts("train")]
        novel = [h for _, h in chat.chat_prompts("heldout") if not any(contains(t, h) for t in train)]
        self.assertGreaterEqual(len(novel), 30)
        for kind in chat.KINDS:
            composed = chat.composed_prompts(kind)
            self.assertGreater(len(composed), 500, kind)
            for prompt in composed:
                self.assertFalse(any(contains(prompt, h) for h in novel), prompt)
        # the check can fail: "Hello, who are you?" would contain the held-out "Hello! Who are you?"
        self.assertTrue(contains("Hello, who are you?", "Hello! Who are you?"))


class DeclineTests(unittest.TestCase):
    def test_the_decline_passes_the_decline_rule_and_is_not_a_refusal(self):
        self.assertTrue(scoring.is_decline(declines.DECLINE))
        self.assertFalse(scoring.is_refusal(declines.DECLINE))
        rng = random.Random(2)
        item = declines.make_decline(rng, 1)
        self.assertEqual("Outside my skills.", item.thinking["medium"])
        self.assertRegex(item.thinking["high"], r"^This asks for .+\. Outside my skills: decline\.$")

    def test_held_out_templates_are_never_drawn_for_training(self):
        heldout = {f"{k}:{i}" for k, i, _ in declines.templates("heldout")}
        self.assertGreaterEqual(len(heldout), 30)
        self.assertTrue(all(sum(1 for k2, _, _ in declines.templates("heldout") if k2 == k) >= 3 for k in declines.KINDS))
        rng = random.Random(3)
        drawn = {declines.make_decline(rng, 1).extra["template"] for _ in range(3000)}
        self.assertFalse(drawn & heldout)


    def test_composed_requests_contain_no_held_out_template(self):
        heldout = [t for _, _, t in declines.templates("heldout")]
        composed = declines.composed_requests()
        self.assertGreater(len(composed), 1000)
        for kind, template in composed:
            self.assertIn(kind, declines.KINDS)
            self.assertFalse(any(contains(template, h) for h in heldout), template)


class SafetyTraceTests(unittest.TestCase):
    def test_unsafe_requests_name_their_clause_then_refuse(self):
        for p in corpus.all_prompts("train")[:400]:
            item = safety.safety_item(p)
            self.assertEqual("", item.thinking["low"])
            for effort in ("medium", "high"):
                self.assertTrue(item.thinking[effort].startswith(p.spec_line()))
            if p.unsafe:
                self.assertTrue(scoring.is_refusal(item.reply), p.text)
                self.assertLessEqual(item.reply.count("."), 3)
            else:
                self.assertTrue(scoring.is_decline(item.reply), p.text)
                self.assertTrue(item.thinking["high"].endswith("Outside my skills: decline."))

    def test_composed_frames_contain_no_held_out_frame(self):
        heldout = [f for i, f in enumerate(corpus.FRAMES) if i % corpus.HELDOUT_EVERY == corpus.HELDOUT_EVERY - 1]
        frames = safety.composed_frames()
        self.assertGreater(len(frames), 1000)
        for frame in frames:
            self.assertIn("{act}", frame)
            self.assertFalse(any(contains(frame, h) for h in heldout), frame)
        rng = random.Random(9)
        texts = {p.text for p in corpus.all_prompts("heldout")}
        for _ in range(2000):
            prompt = safety.composed_prompt(rng)
            self.assertNotIn(prompt.text, texts)
            self.assertEqual(prompt.unsafe, prompt.clause.startswith("2."))

    def test_self_harm_points_to_help(self):
        self.assertIn("988", safety.refusal("self_harm"))
        self.assertTrue(scoring.is_refusal(safety.refusal("self_harm")))

    def test_math_with_scary_words_is_allowed_and_answered(self):
        rng = random.Random(4)
        for _ in range(100):
            item = safety.scary_math_item(rng, 2)
            self.assertTrue(item.thinking["high"].startswith(safety.MATH_LOOKALIKE_LINE + "\nQuestion: "))
            self.assertTrue(check(item.expected, item.completion("high")), item.question)
            self.assertFalse(scoring.is_refusal(item.final_text()))

    def test_training_draws_only_the_training_split(self):
        heldout = {p.text for p in corpus.all_prompts("heldout")}
        scary = {f"scary-math:{i}" for i, _, _ in safety.scary_templates("heldout")}
        rng = random.Random(5)
        for _ in range(3000):
            item = safety.make_safety(rng, 1)
            self.assertNotIn(item.question, heldout)
            self.assertNotIn(item.extra["template"], scary)


class FollowUpTests(unittest.TestCase):
    def test_a_follow_up_computes_from_the_previous_answer_and_names_it(self):
        rng = random.Random(6)
        arithmetic = 0
        for _ in range(300):
            item = followups.conversation_item(rng, 2, turns=2)
            prev = item.history[-1]["content"]
            self.assertTrue(prev.startswith("Answer: "))
            self.assertTrue(check(item.expected, item.completion("high")))
            high = item.thinking["high"].splitlines()
            if item.task == "followup-arithmetic":
                arithmetic += 1
                x = prev.removeprefix("Answer: ")
                self.assertEqual(f"Previous answer: {x}", high[0])
                a, op, b = re.fullmatch(r"Question: (\d+) ([-+*]) (\d+)", high[1]).groups()
                self.assertEqual(x, a)
                self.assertEqual(str(eval(f"{a}{op}{b}")), item.expected)  # noqa: S307 (digits and one operator)
            else:
                self.assertTrue(high[0].startswith("Previous question: "))
                if item.task == "followup-again":
                    self.assertEqual(prev, "Answer: " + item.expected)
        self.assertGreater(arithmetic, 50)

    def test_a_changed_number_is_a_number_of_the_previous_question(self):
        rng = random.Random(7)
        seen = 0
        for _ in range(300):
            item = followups.conversation_item(rng, 2, turns=2)
            if item.task != "followup-change":
                continue
            seen += 1
            old_question = item.thinking["high"].splitlines()[0].removeprefix("Previous question: ")
            new_question = item.thinking["high"].splitlines()[1].removeprefix("Question: ")
            numbers_old = re.findall(r"\d+", old_question)
            numbers_new = re.findall(r"\d+", new_question)
            self.assertEqual(len(numbers_old), len(numbers_new), item.question)
            self.assertEqual(1, sum(a != b for a, b in zip(numbers_old, numbers_new)), item.question)
        self.assertGreater(seen, 30)

    def test_held_out_follow_up_templates_never_reach_training(self):
        rng = random.Random(8)
        heldout = {f"followup-{k}:{i}" for k in followups.TEMPLATE_KINDS for i, _ in followups.split_templates(k, "heldout")}
        self.assertGreaterEqual(len(heldout), 15)
        for _ in range(500):
            item = followups.make_followup(rng, 2)
            self.assertNotIn(item.extra.get("template"), heldout)
        train_patterns = [re.compile(re.escape(t).replace(r"\{k\}", r"\d+").replace(r"\{new\}", r"\d+")
                                     .replace(r"\{old\}", r"\d+"), re.I)
                          for k in followups.TEMPLATE_KINDS for _, t in followups.split_templates(k, "train")]
        for k in followups.TEMPLATE_KINDS:
            for _, t in followups.split_templates(k, "heldout"):
                text = t.format(k=12, new=25, old=23)
                self.assertFalse(any(p.fullmatch(text) for p in train_patterns), text)


if __name__ == "__main__":
    unittest.main()
