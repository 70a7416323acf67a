"""Greedy generation with the PyTorch model, with a thinking budget (budget forcing: when the budget is
spent, `</think>\\n\\n` is forced and the answer follows).

    /usr/bin/python3 -m training.generate --model training/export/deliberate-nano --effort high \
        "What is 4821 * 357?"
"""
import argparse
import json
import os

import numpy as np
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # see train.py
import torch  # noqa: E402

from .bpe import Tokenizer  # noqa: E402
from .chat_format import render  # noqa: E402
from .model import Qwen3Config, Qwen3ForCausalLM  # noqa: E402
from .safetensors_file import read_f32  # noqa: E402
from .thinking_budgets import THINKING_BUDGETS  # noqa: E402


def read_state_dict(path) -> dict:
    """An export's model.safetensors as torch tensors (sharing the arrays read_f32 returns, no copy)."""
    return {name: torch.from_numpy(np.frombuffer(values, dtype=np.float32).reshape(shape))
            for name, (shape, values) in read_f32(path).items()}


def load_model(path, tokenizer=None):
    """path: a checkpoint file (ckpt.pt) or an export directory (config.json + model.safetensors)."""
    if os.path.isdir(path):
        cfg_json = json.load(open(os.path.join(path, "config.json")))
        fields = Qwen3Config.__dataclass_fields__
        cfg = Qwen3Config(**{k: v for k, v in cfg_json.items() if k in fields})
        model = Qwen3ForCausalLM(cfg)
        sd = read_state_dict(os.path.join(path, "model.safetensors"))
        missing, unexpected = model.load_state_dict(sd, strict=False)
        assert not unexpected and all(k == "lm_head.weight" for k in missing), (missing, unexpected)
        tok_path = tokenizer or os.path.join(path, "tokenizer.json")
    else:
        state = torch.load(path, map_location="cpu")
        cfg = Qwen3Config(**state["config"])
        model = Qwen3ForCausalLM(cfg)
        model.load_state_dict(state["model"])
        tok_path = tokenizer or os.path.join(os.path.dirname(path), "..", "data", "tokenizer.json")
    model.eval()
    return model, Tokenizer.load(tok_path)


@torch.no_grad()
def generate(model, tok, prompt: str, think_budget: int, max_answer: int = 96, max_total: int = 768) -> str:
    """Greedy completion of prompt (which ends with '<|im_start|>assistant\\n')."""
    end, think_end = tok.special["<|im_end|>"], tok.special["</think>"]
    forced = tok.encode("</think>\n\n")
    ids = tok.encode(prompt)
    caches = [dict() for _ in model.model.layers]
    logits = model(torch.tensor([ids]), 0, caches)[0, -1]
    pos, out, thinking, in_think, queue = len(ids), [], 0, None, []
    while len(out) < think_budget + max_answer and pos < max_total:
        nxt = queue.pop(0) if queue else int(logits.argmax())
        if in_think is None:
            in_think = nxt == tok.special["<think>"]
        elif in_think:
            thinking += 1
            if nxt == think_end:
                in_think = False
            elif thinking >= think_budget and not queue:
                queue = forced[1:]
                nxt = forced[0]
                in_think = False
        out.append(nxt)
        if nxt == end:
            break
        logits = model(torch.tensor([[nxt]]), pos, caches)[0, -1]
        pos += 1
    text = tok.decode([i for i in out if i != end])
    return text


@torch.no_grad()
def generate_batch(model, tok, prompts: list[str], think_budget: int, max_answer: int = 96,
                   max_total: int = 768) -> list[str]:
    """Greedy completions of several prompts at once (left-padded); same rules as generate()."""
    end, think_end, think = tok.special["<|im_end|>"], tok.special["</think>"], tok.special["<think>"]
    pad_id = tok.special["<|endoftext|>"]
    forced = tok.encode("</think>\n\n")
    enc = [tok.encode(p) for p in prompts]
    n, plen = len(enc), max(len(e) for e in enc)
    ids = torch.full((n, plen), pad_id, dtype=torch.long)
    key_pad = torch.ones(n, plen, dtype=torch.bool)
    for r, e in enumerate(enc):
        ids[r, plen - len(e):] = torch.tensor(e)
        key_pad[r, plen - len(e):] = False
    caches = [dict() for _ in model.model.layers]
    logits = model(ids, 0, caches, key_pad)[:, -1]
    outs = [[] for _ in range(n)]
    state = [{"in_think": None, "thinking": 0, "queue": [], "done": False} for _ in range(n)]
    pos = plen
    while pos < max_total and not all(s["done"] for s in state):
        nxt_col = []
        for r in range(n):
            s = state[r]
            if s["done"]:
                nxt_col.append(pad_id)
                continue
            nxt = s["queue"].pop(0) if s["queue"] else int(logits[r].argmax())
            if s["in_think"] is None:
                s["in_think"] = nxt == think
            elif s["in_think"]:
                s["thinking"] += 1
                if nxt == think_end:
                    s["in_think"] = False
                elif s["thinking"] >= think_budget and not s["queue"]:
                    s["queue"] = forced[1:]
                    nxt = forced[0]
                    s["in_think"] = False
            outs[r].append(nxt)
            if nxt == end or len(outs[r]) >= think_budget + max_answer:
                s["done"] = True
            nxt_col.append(nxt)
        key_pad = torch.cat([key_pad, torch.zeros(n, 1, dtype=torch.bool)], dim=1)
        logits = model(torch.tensor(nxt_col)[:, None], pos, caches, key_pad)[:, -1]
        pos += 1
    return [tok.decode([i for i in o if i != end]) for o in outs]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--tokenizer", default=None)
    ap.add_argument("--effort", default="high", choices=list(THINKING_BUDGETS))
    ap.add_argument("--budget", type=int, default=None)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("question")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    model, tok = load_model(args.model, args.tokenizer)
    prompt = render([{"role": "user", "content": args.question}], reasoning_effort=args.effort)
    print(generate(model, tok, prompt, args.budget or THINKING_BUDGETS[args.effort]))


if __name__ == "__main__":
    main()
