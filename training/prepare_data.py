"""Generate the training corpus once (seeded), train the BPE tokenizer on it, tokenize, save to disk.

    /usr/bin/python3 -m training.prepare_data --questions 60000 --out training/runs/data

Writes tokenizer.json and train.npz (tokens: int16 flat array, offsets, prompt lengths). Every question
yields one example per effort (tool questions two: the call and the answer after the tool response).
"""
import argparse
import json
import os
import random
import time

from .bpe import Tokenizer, train
from .chat_format import render
from .suites import eval_questions, item_key, validation_questions
from .tasks import system_prompts
from .tasks.common import EFFORTS
from .tasks.tools import use_name_pieces
from .tasks.registry import FAMILIES, FIRST_RUN_FAMILIES, REPEATABLE, TRAIN_DIFFICULTIES, WEIGHTS

def examples_for(rng, item, keep, family):
    """(prompt text, completion text, family) for each effort kept (keep: effort -> probability)."""
    out = []
    for effort in EFFORTS:
        r = rng.random()
        if keep[effort] < 1 and rng.random() >= keep[effort]:
            continue
        if item.task == "tool":
            system = rng.choice(system_prompts.TRAIN) if r < 0.7 else None
            for msgs, completion in item.examples(effort, system or ""):
                if system is None:
                    msgs = msgs[1:]
                out.append((render(msgs, tools=item.tools, reasoning_effort=effort), completion, family))
            continue
        msgs = system_prompts.with_system(rng, item.messages(), system_prompts.TRAIN)
        out.append((render(msgs, reasoning_effort=effort), item.completion(effort), family))
    return out


def banned_questions(valid_seeds=()):
    """Keys of the questions training never sees: the committed test suites and the validation suites of these seeds."""
    return eval_questions().union(*(validation_questions(seed) for seed in valid_seeds))


def generate(n_questions, seed, banned, names, keep, overrides):
    """Examples of n_questions questions drawn by the mix weights; a question is never one of banned, and appears
    once unless its family is REPEATABLE (a small pool of prompts)."""
    rng = random.Random(seed)
    weights = [overrides.get(n, WEIGHTS[n]) for n in names]
    seen, exs, drawn = set(), [], 0
    while drawn < n_questions:
        fam = rng.choices(names, weights)[0]
        item = FAMILIES[fam](rng, rng.choice(TRAIN_DIFFICULTIES))
        key = item_key(item)
        if key in banned or key in seen and fam not in REPEATABLE:
            continue
        seen.add(key)
        drawn += 1
        # chat, declines and refusals are short and must hold at every effort: all three are kept
        exs.extend(examples_for(rng, item, {e: 1 for e in keep} if fam in REPEATABLE else keep, fam))
    return exs


def main():
    import numpy as np  # here, so the generators import with the standard library alone (training/tests)
    ap = argparse.ArgumentParser()
    ap.add_argument("--questions", type=int, default=60000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--vocab", type=int, default=768)
    ap.add_argument("--max-len", type=int, default=512)
    ap.add_argument("--out", default="training/runs/data")
    ap.add_argument("--families", default=",".join(FAMILIES),
                    help="comma-separated families (the first run used " + ",".join(FIRST_RUN_FAMILIES) + ")")
    ap.add_argument("--tokenizer", default=None, help="reuse this tokenizer.json instead of training one")
    ap.add_argument("--effort-keep", default="low=1,medium=1,high=1",
                    help="probability that a question's example at each effort is kept; a continued run spends "
                         "most of its tokens on the long high-effort traces the formats of low/medium are learnt")
    ap.add_argument("--weights", default="", help="override mix weights, e.g. tool=1.5,mul=2")
    ap.add_argument("--exclude-valid-seed", type=int, action="append", default=[],
                    help="also leave out the questions of the validation suites of this seed (training.suites --seed), "
                         "so that choosing a candidate on them measures unseen questions")
    args = ap.parse_args()
    overrides = {k: float(v) for k, v in (kv.split("=") for kv in args.weights.split(",") if kv)}
    keep = {k: float(v) for k, v in (kv.split("=") for kv in args.effort_keep.split(","))}
    os.makedirs(args.out, exist_ok=True)
    t0 = time.time()
    tok = Tokenizer.load(args.tokenizer) if args.tokenizer else None
    if tok:  # a fixed tokenizer's pieces can be glued into invented tool names (see tasks/tools.py)
        use_name_pieces(tok.vocab)
    exs = generate(args.questions, args.seed, banned_questions(args.exclude_valid_seed), args.families.split(","),
                   keep, overrides)
    print(f"generated {len(exs)} examples in {time.time() - t0:.0f}s", flush=True)
    if not tok:
        sample = random.Random(args.seed).sample(exs, min(len(exs), 6000))
        tok = Tokenizer(train([p + c for p, c, _ in sample], args.vocab))
        print(f"trained tokenizer ({tok.vocab_size} tokens) at {time.time() - t0:.0f}s", flush=True)
    tok.save(os.path.join(args.out, "tokenizer.json"))
    end = tok.special["<|im_end|>"]
    tokens, offsets, prompt_lens, fams, dropped = [], [0], [], [], 0
    fam_ids = {f: i for i, f in enumerate(FAMILIES)}  # int8: at most 127 families
    for p, c, fam in exs:
        pi, ci = tok.encode(p), tok.encode(c) + [end]
        if len(pi) + len(ci) > args.max_len:
            dropped += 1
            continue
        tokens.extend(pi + ci)
        offsets.append(len(tokens))
        prompt_lens.append(len(pi))
        fams.append(fam_ids[fam])
    np.savez(os.path.join(args.out, "train.npz"), tokens=np.array(tokens, dtype=np.int16),
             offsets=np.array(offsets, dtype=np.int64), prompt_lens=np.array(prompt_lens, dtype=np.int32),
             families=np.array(fams, dtype=np.int8))
    lens = np.diff(np.array(offsets))
    info = {"examples": len(prompt_lens), "tokens": len(tokens), "dropped": dropped, "mean_len": float(lens.mean()),
            "max_len": int(lens.max()), "completion_tokens": int(len(tokens) - sum(prompt_lens)),
            "families": list(FAMILIES), "seconds": time.time() - t0}
    json.dump(info, open(os.path.join(args.out, "info.json"), "w"), indent=1)
    print(info, flush=True)


if __name__ == "__main__":
    main()
