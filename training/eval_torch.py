"""Accuracy per reasoning effort on eval suites with the PyTorch model (for monitoring during training;
the official numbers come from the C# engine).

    /usr/bin/python3 -m training.eval_torch --model training/runs/run1/ckpt.pt \
        --suites evals/nano-arith.jsonl evals/nano-mod.jsonl --limit 30

Tool suite: the first turn must be a tool call with the expected name and arguments; then the tool
response is appended and the final answer is checked too.
"""
import argparse
import json
import os
import re
import time
from collections import defaultdict

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # see train.py
import torch  # noqa: E402

from .chat_format import render  # noqa: E402
from .generate import generate_batch, load_model  # noqa: E402
from .tasks.common import check  # noqa: E402
from .thinking_budgets import THINKING_BUDGETS  # noqa: E402


def parse_tool_call(text):
    m = re.search(r"<tool_call>\s*(\{.*\})\s*</tool_call>", text.split("</think>")[-1], re.S)
    if not m:
        return None
    try:
        return json.loads(m.group(1))
    except ValueError:
        return None


def run_items(model, tok, recs, effort, budget, batch=32):
    """[(ok, output text)] for each record, generated in batches."""
    results = []
    for c in range(0, len(recs), batch):
        chunk = recs[c:c + batch]
        prompts = [render(r["messages"], tools=r.get("tools"), reasoning_effort=effort) for r in chunk]
        outs = generate_batch(model, tok, prompts, budget)
        second = {}
        for i, (rec, out) in enumerate(zip(chunk, outs)):
            if rec["task"] != "tool":
                continue
            call = parse_tool_call(out)
            if call is not None and call.get("name") == rec["expected"]["name"] and \
                    call.get("arguments") == rec["expected"]["arguments"]:
                msgs = rec["messages"] + [
                    {"role": "assistant", "content": "", "tool_calls": [{"type": "function", "function": call}]},
                    {"role": "tool", "content": rec["tool_response"]}]
                second[i] = render(msgs, tools=rec["tools"], reasoning_effort=effort)
        idx = list(second)
        outs2 = dict(zip(idx, generate_batch(model, tok, [second[i] for i in idx], budget))) if idx else {}
        for i, (rec, out) in enumerate(zip(chunk, outs)):
            if rec["task"] != "tool":
                results.append((check(rec["expected"], out), out))
            elif i in outs2:
                results.append((check(rec["expected_answer"], outs2[i]), out + "\n||\n" + outs2[i]))
            else:
                results.append((False, out))
    return results


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--tokenizer", default=None)
    ap.add_argument("--suites", nargs="+", required=True)
    ap.add_argument("--efforts", default="low,medium,high")
    ap.add_argument("--limit", type=int, default=0, help="items per suite (spread evenly); 0 = all")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--show-failures", type=int, default=0)
    ap.add_argument("--json-out", default=None)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    model, tok = load_model(args.model, args.tokenizer)
    results = {}
    for suite in args.suites:
        recs = [json.loads(line) for line in open(suite)]
        if args.limit and args.limit < len(recs):
            step = len(recs) / args.limit
            recs = [recs[int(i * step)] for i in range(args.limit)]
        for effort in args.efforts.split(","):
            t0 = time.time()
            per_task = defaultdict(lambda: [0, 0])
            shown = 0
            for rec, (ok, out) in zip(recs, run_items(model, tok, recs, effort, THINKING_BUDGETS[effort])):
                per_task[rec["task"]][0] += ok
                per_task[rec["task"]][1] += 1
                if not ok and shown < args.show_failures:
                    shown += 1
                    print(f"--- FAIL {rec['id']} ({effort}) expected {rec['expected']}\n{out}")
            total = [sum(v[0] for v in per_task.values()), sum(v[1] for v in per_task.values())]
            name = os.path.basename(suite).replace(".jsonl", "")
            detail = " ".join(f"{t}={c}/{n}" for t, (c, n) in sorted(per_task.items()))
            print(f"{name:12s} {effort:6s} {total[0] / total[1]:6.1%} ({total[0]}/{total[1]})  {detail}  "
                  f"[{time.time() - t0:.0f}s]", flush=True)
            results[f"{name}/{effort}"] = {"correct": total[0], "total": total[1],
                                           "per_task": {t: v for t, v in per_task.items()}}
    if args.json_out:
        json.dump(results, open(args.json_out, "w"), indent=1)


if __name__ == "__main__":
    main()
