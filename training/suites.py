"""Evaluation suites (deterministic, seeds disjoint from training) and their JSONL form.

Run `python3 -m training.suites` to (re)write evals/*.jsonl. Training data excludes every question
that appears here (exact match of `item_key`: the text, and for tool questions the declared tools too).

`python3 -m training.suites --seed 9100000 --out training/runs/valid` writes validation suites of the same shape
from another seed, leaving out every question of the committed suites: candidates (checkpoints, averaging weights)
are chosen on those, so the committed suites stay a test set that nothing was tuned on.
"""
import argparse
import json
import os
import random
from functools import lru_cache

from .plain_suites import BUILDERS as PLAIN_SUITES, plain_suite_items, write as write_plain
from .tasks.registry import FAMILIES, OOD_DIFFICULTY

EVAL_SEED = 9_000_000
SUITES = {  # suite -> list of (family, difficulties, count)
    "nano-arith": [("add", (2, 3, 4), 30), ("sub", (2, 3, 4), 30), ("mul", (2, 3, 4), 40)],
    "nano-order": [("compare", (2, 3, 4), 40), ("sort", (2, 3, 4), 50)],
    "nano-count": [("count", (2, 3, 4), 60)],
    "nano-mod": [("mod", (2, 3, 4), 60)],
    "nano-expr": [("expr", (2, 3, 4), 60)],
    "nano-tools": [("tool", (1, 2, 3, 4), 60)],
    "nano-ood": [(f, (OOD_DIFFICULTY,), 15) for f in ("add", "sub", "mul", "compare", "sort", "count", "mod", "expr",
                                                     "div", "linear", "program")],
    "nano-div": [("div", (2, 3, 4), 40), ("gcd", (2, 3, 4), 30)],
    "nano-algebra": [("linear", (2, 3, 4), 40), ("fraction", (2, 3, 4), 40)],
    "nano-physics": [("physics", (2, 3, 4), 60)],
    "nano-programs": [("program", (2, 3, 4), 50)],
}


def suite_items(name, seed=EVAL_SEED, exclude=frozenset()):
    rng = random.Random(f"{seed}-{name}")
    items = []
    for family, diffs, count in SUITES[name]:
        seen = set()
        while len([i for i in items if i.task == family]) < count:
            d = diffs[len([i for i in items if i.task == family]) % len(diffs)]
            item = FAMILIES[family](rng, d, 1) if family == "tool" else FAMILIES[family](rng, d)
            if item.question in seen or item_key(item) in exclude:
                continue
            seen.add(item.question)
            items.append(item)
    return items


def to_record(name, idx, item):
    rec = {"id": f"{name}-{idx:04d}", "messages": [{"role": "user", "content": item.question}],
           "expected": item.expected, "task": item.task, "difficulty": item.difficulty}
    if item.task == "tool":
        rec["tools"] = item.tools
        rec["expected"] = {"name": item.call["name"], "arguments": item.call["arguments"]}
        rec["tool_response"] = json.dumps(item.response)
        rec["expected_answer"] = item.expected
    elif item.json_key is not None:
        rec["answer_format"] = "json"
        rec["json_key"] = item.json_key
    return rec


def item_key(item) -> str:
    """What makes two items the same question. A tool question is its text with the declared tools: the text alone
    repeats (16 countries ask "How many people live in …?"), and deduplicating on it left the population and stock
    tools 8 and 4 training questions per run (the others are test questions), so runs 1-9 answered every population
    question with the weather tool."""
    if item.task == "tool":
        return item.question + json.dumps(item.tools, sort_keys=True)
    return json.dumps(item.messages()) if item.history else item.question


def plain_items(name, seed=EVAL_SEED, exclude=frozenset()):
    """The items of an issue-25 suite (plain_suites.py)."""
    return plain_suite_items(name, random.Random(f"{seed}-{name}"), item_key, exclude)


@lru_cache(maxsize=None)
def eval_questions() -> frozenset[str]:
    return frozenset({item_key(item) for name in SUITES for item in suite_items(name)}
                     | {item_key(item) for name in PLAIN_SUITES for item in plain_items(name)})


@lru_cache(maxsize=None)
def validation_questions(seed) -> frozenset[str]:
    """The keys of the validation suites `--seed SEED` writes (they leave out every committed question)."""
    exclude = eval_questions()
    return frozenset({item_key(item) for name in SUITES for item in suite_items(name, seed, exclude)}
                     | {item_key(item) for name in PLAIN_SUITES for item in plain_items(name, seed, exclude)})


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=EVAL_SEED, help="another seed writes a validation set")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "evals"))
    args = ap.parse_args()
    exclude = frozenset() if args.seed == EVAL_SEED else eval_questions()
    root = args.out
    os.makedirs(root, exist_ok=True)
    for name in SUITES:
        items = suite_items(name, args.seed, exclude)
        with open(os.path.join(root, name + ".jsonl"), "w", encoding="utf-8") as f:
            for i, item in enumerate(items):
                f.write(json.dumps(to_record(name, i, item), ensure_ascii=False) + "\n")
        print(name, len(items))
    for name in PLAIN_SUITES:
        items = plain_items(name, args.seed, exclude)
        write_plain(name, items, root, random.Random(f"{args.seed}-{name}-records"))
        print(name, len(items))
    # The consensus (majority-vote) subset: 10 evenly spaced items of each in-distribution answer suite, so that
    # 8 samples x 3 efforts stay a few minutes on the CPU.
    with open(os.path.join(root, "nano-indist90.jsonl"), "w", encoding="utf-8") as out:
        for name in VOTE_SUITES:
            lines = open(os.path.join(root, name + ".jsonl"), encoding="utf-8").read().splitlines()
            out.writelines(lines[int(i * len(lines) / 10)] + "\n" for i in range(10))
    print("nano-indist90", 10 * len(VOTE_SUITES))


VOTE_SUITES = ["nano-arith", "nano-order", "nano-count", "nano-mod", "nano-expr", "nano-div", "nano-algebra",
               "nano-physics", "nano-programs"]


if __name__ == "__main__":
    main()
