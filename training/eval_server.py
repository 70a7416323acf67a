"""Score suites against a running `./deliberate serve` (greedy, the GGUF's budgets), with the rules of scoring.py:
exact answers, chat, decline, refuse, comply, and the degeneracy rate. For checks during training; the reported
figures come from `./deliberate eval`.

    ./deliberate serve --config training/runs/serve.json &     # parameterPolicy "open", maxActiveSequences 16
    python3 -m training.eval_server --endpoint http://127.0.0.1:8091/v1 --model deliberate-nano \
        --suites training/runs/valid/nano-chat.jsonl ... --efforts low,medium,high

Standard library only.
"""
import argparse
import json
import os
import time
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

from .scoring import answer_of, is_degenerate, score


def complete(endpoint, model, messages, effort, timeout=600):
    body = json.dumps({"model": model, "messages": messages, "reasoning_effort": effort, "temperature": 0,
                       "include_reasoning": True}).encode()
    req = urllib.request.Request(endpoint.rstrip("/") + "/chat/completions", body,
                                 {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        choice = json.load(r)["choices"][0]
    msg = choice["message"]
    return msg.get("reasoning_content") or "", msg.get("content") or "", choice.get("finish_reason") or "stop"


def run(endpoint, model, records, effort, concurrency):
    def one(rec):
        reasoning, content, finish = complete(endpoint, model, rec["messages"], effort)
        answer = answer_of(content)
        degenerate = is_degenerate(reasoning, answer, finish)
        return rec, reasoning, answer, degenerate, score(rec, reasoning, answer, degenerate)
    with ThreadPoolExecutor(concurrency) as pool:
        return list(pool.map(one, records))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--endpoint", required=True)
    ap.add_argument("--model", default="deliberate-nano")
    ap.add_argument("--suites", nargs="+", required=True)
    ap.add_argument("--efforts", default="low,medium,high")
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--limit", type=int, default=0, help="items per suite, spread evenly (0: all)")
    ap.add_argument("--show-failures", type=int, default=0)
    ap.add_argument("--json-out", default=None)
    args = ap.parse_args()
    results = {}
    for suite in args.suites:
        recs = [json.loads(line) for line in open(suite, encoding="utf-8")]
        if args.limit and args.limit < len(recs):
            recs = [recs[int(i * len(recs) / args.limit)] for i in range(args.limit)]
        name = os.path.basename(suite).removesuffix(".jsonl")
        for effort in args.efforts.split(","):
            t0 = time.time()
            per_task, degenerate, shown = defaultdict(lambda: [0, 0]), 0, 0
            for rec, reasoning, answer, degen, ok in run(args.endpoint, args.model, recs, effort, args.concurrency):
                key = rec["task"] + ("/" + rec["expect"] if rec.get("expect") in ("refuse", "comply") else "")
                per_task[key][0] += ok
                per_task[key][1] += 1
                degenerate += degen
                if not ok and shown < args.show_failures:
                    shown += 1
                    print(f"--- FAIL {rec['id']} ({effort}) {rec.get('expected', rec.get('expect'))}\n"
                          f"Q: {rec['messages'][-1]['content']}\nR: {reasoning}\nA: {answer}", flush=True)
            correct, total = sum(v[0] for v in per_task.values()), sum(v[1] for v in per_task.values())
            detail = " ".join(f"{t}={c}/{n}" for t, (c, n) in sorted(per_task.items()))
            print(f"{name:14s} {effort:6s} {correct / total:6.1%} ({correct}/{total}) degenerate {degenerate}  "
                  f"{detail}  [{time.time() - t0:.0f}s]", flush=True)
            results[f"{name}/{effort}"] = {"correct": correct, "total": total, "degenerate": degenerate,
                                           "per_task": {t: v for t, v in per_task.items()}}
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
