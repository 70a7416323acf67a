"""Train deliberate-nano (Qwen3 architecture) on the pre-generated, pre-tokenized corpus.

    nice -n 15 /usr/bin/python3 -m training.train --data training/runs/data --out training/runs/run1 \
        --time-budget-min 90 [--resume]

One example per row, rows of similar length batched together (little padding), loss on the assistant's
completion only. The learning-rate schedule follows the fraction of the time budget used, so a run
stopped and resumed keeps the same schedule; with `--time-budget-min 0 --max-steps N` it follows the steps
instead, so a rerun takes the same steps at the same learning rates on any machine, however fast. Checkpoints
every --ckpt-min minutes (atomic replace).
"""
import argparse
import json
import math
import os
import random
import time

import numpy as np

# Spinning OpenMP workers burn most of the CPU on a shared, oversubscribed machine: measured here under
# load, 2 threads took 4.7 CPU-s per step with the default (active) wait policy and 0.45 with PASSIVE.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from .generate import read_state_dict  # noqa: E402
from .model import Qwen3Config, Qwen3ForCausalLM, rope_tables  # noqa: E402


def parse():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="training/runs/data")
    ap.add_argument("--out", default="training/runs/run1")
    ap.add_argument("--time-budget-min", type=float, default=90)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch-tokens", type=int, default=8192)
    ap.add_argument("--lr", type=float, default=2.5e-3)
    ap.add_argument("--min-lr-frac", type=float, default=0.1)
    ap.add_argument("--warmup", type=int, default=100)
    ap.add_argument("--weight-decay", type=float, default=0.1)
    ap.add_argument("--ckpt-min", type=float, default=5)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--layers", type=int, default=5)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--kv-heads", type=int, default=2)
    ap.add_argument("--head-dim", type=int, default=32)
    ap.add_argument("--ffn", type=int, default=352)
    ap.add_argument("--init-from", default=None,
                    help="start from the weights of an exported model directory (model.safetensors + config.json), "
                         "e.g. to continue training the shipped model with a fresh optimizer and schedule")
    ap.add_argument("--context", type=int, default=0,
                    help="max_position_embeddings written to the config (0: keep the initial model's or 512); "
                         "raise it when the corpus has longer examples than the model was trained on")
    ap.add_argument("--max-steps", type=int, default=0,
                    help="stop after this many steps (0: time budget only); with --time-budget-min 0 the "
                         "learning-rate schedule runs over these steps instead of the time")
    args = ap.parse_args()
    if args.time_budget_min <= 0 and args.max_steps <= 0:
        ap.error("--time-budget-min 0 needs --max-steps: a run must end")
    return args


class Batches:
    """Deterministic length-bucketed batches: shuffle per epoch, sort chunks by length, cut to a token budget."""

    def __init__(self, data_dir, batch_tokens, seed):
        d = np.load(os.path.join(data_dir, "train.npz"))
        self.tokens = torch.from_numpy(d["tokens"].astype(np.int64))
        self.offsets = d["offsets"]
        self.prompt_lens = d["prompt_lens"]
        self.lens = np.diff(self.offsets)
        self.batch_tokens, self.seed = batch_tokens, seed

    def epoch(self, e):
        rng = random.Random(self.seed * 1000 + e)
        idx = list(range(len(self.lens)))
        rng.shuffle(idx)
        batches = []
        chunk = 4096
        for c in range(0, len(idx), chunk):
            part = sorted(idx[c:c + chunk], key=lambda i: self.lens[i])
            cur = []
            for i in part:
                if cur and (len(cur) + 1) * max(self.lens[i], self.lens[cur[0]]) > self.batch_tokens:
                    batches.append(cur)
                    cur = []
                cur.append(i)
            if cur:
                batches.append(cur)
        rng.shuffle(batches)
        return batches

    def tensors(self, batch):
        t = int(max(self.lens[i] for i in batch))
        ids = torch.zeros(len(batch), t, dtype=torch.long)
        mask = torch.zeros(len(batch), t - 1, dtype=torch.bool)
        for r, i in enumerate(batch):
            s, n = self.offsets[i], self.lens[i]
            ids[r, :n] = self.tokens[s:s + n]
            mask[r, self.prompt_lens[i] - 1:n - 1] = True  # predict completion tokens only
        return ids, mask


def lr_at(args, step, frac):
    if step < args.warmup:
        return args.lr * (step + 1) / args.warmup
    frac = min(1.0, frac)
    return args.lr * (args.min_lr_frac + (1 - args.min_lr_frac) * 0.5 * (1 + math.cos(math.pi * frac)))


def schedule_fraction(step, elapsed, budget, max_steps):
    """How far the run is through its schedule: the time budget used, or the steps taken when there is no budget."""
    return elapsed / budget if math.isfinite(budget) else step / max_steps


def save_ckpt(path, state):
    tmp = path + ".tmp"
    torch.save(state, tmp)
    os.replace(tmp, path)


def plot_history(history, out_png):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return
    if not history:
        return
    xs = [h["tokens"] / 1e6 for h in history]
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(xs, [h["loss"] for h in history])
    ax.set_xlabel("tokens seen (millions)")
    ax.set_ylabel("training loss (completion tokens)")
    ax.set_yscale("log")
    ax.grid(True, alpha=0.3)
    ax.set_title("deliberate-nano training loss")
    fig.tight_layout()
    fig.savefig(out_png, dpi=100)
    plt.close(fig)


def main():
    args = parse()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    log = open(os.path.join(args.out, "train.log"), "a")

    def say(msg):
        line = time.strftime("%H:%M:%S ") + msg
        print(line, flush=True)
        log.write(line + "\n")
        log.flush()

    data_info = json.load(open(os.path.join(args.data, "info.json")))
    tok = json.load(open(os.path.join(args.data, "tokenizer.json")))
    vocab = len(tok["model"]["vocab"]) + len(tok["added_tokens"])
    ckpt_path = os.path.join(args.out, "ckpt.pt")
    state = torch.load(ckpt_path) if args.resume and os.path.exists(ckpt_path) else None
    if state:
        cfg = Qwen3Config(**state["config"])
    elif args.init_from:
        cfg = Qwen3Config(**{k: v for k, v in json.load(open(os.path.join(args.init_from, "config.json"))).items()
                             if k in Qwen3Config.__dataclass_fields__})
    else:
        cfg = Qwen3Config(vocab_size=vocab, hidden_size=args.hidden, intermediate_size=args.ffn,
                          num_hidden_layers=args.layers, num_attention_heads=args.heads,
                          num_key_value_heads=args.kv_heads, head_dim=args.head_dim)
    if args.context:
        cfg.max_position_embeddings = args.context
    model = Qwen3ForCausalLM(cfg).to(args.device)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": args.weight_decay},
                             {"params": no_decay, "weight_decay": 0.0}], lr=args.lr, betas=(0.9, 0.95), eps=1e-8)
    step, elapsed, tokens_seen, comp_seen, epoch, bidx, history = 0, 0.0, 0, 0, 0, 0, []
    if not state and args.init_from:
        model.load_state_dict(read_state_dict(os.path.join(args.init_from, "model.safetensors")))
        say(f"initialised from {args.init_from}")
    if state:
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["opt"])
        step, elapsed, tokens_seen, comp_seen = state["step"], state["elapsed"], state["tokens"], state["comp_tokens"]
        epoch, bidx, history = state["epoch"], state["bidx"], state["history"]
        say(f"resumed at step {step}, {tokens_seen / 1e6:.2f}M tokens, {elapsed / 60:.1f} min")
    json.dump(cfg.to_dict(), open(os.path.join(args.out, "config.json"), "w"), indent=1)
    say(f"params {model.num_params() / 1e6:.3f}M config {cfg.to_dict()} data {data_info['examples']} examples "
        f"{data_info['tokens'] / 1e6:.1f}M tokens; args {vars(args)}")

    data = Batches(args.data, args.batch_tokens, args.seed)
    batches = data.epoch(epoch)
    budget = args.time_budget_min * 60 if args.time_budget_min > 0 else math.inf
    last_ckpt = time.time()
    win_loss, win_n, win_tok, win_t = 0.0, 0, 0, time.time()

    def checkpoint():
        save_ckpt(ckpt_path, {"model": model.state_dict(), "opt": opt.state_dict(), "step": step,
                              "elapsed": elapsed, "tokens": tokens_seen, "comp_tokens": comp_seen,
                              "epoch": epoch, "bidx": bidx, "history": history, "config": cfg.to_dict(),
                              "args": vars(args)})
        json.dump(history, open(os.path.join(args.out, "history.json"), "w"))
        plot_history(history, os.path.join(args.out, "loss.png"))

    model.train()
    while elapsed < budget and (args.max_steps == 0 or step < args.max_steps):
        t0 = time.time()
        if bidx >= len(batches):
            epoch, bidx = epoch + 1, 0
            batches = data.epoch(epoch)
            say(f"epoch {epoch}")
        ids, mask = data.tensors(batches[bidx])
        ids, mask = ids.to(args.device), mask.to(args.device)
        bidx += 1
        lr = lr_at(args, step, schedule_fraction(step, elapsed, budget, args.max_steps))
        for g in opt.param_groups:
            g["lr"] = lr
        x = model.model.embed_tokens(ids[:, :-1])
        t = x.shape[1]
        cos, sin = rope_tables(cfg, t, ids.device)
        attn_mask = torch.full((t, t), float("-inf"), device=ids.device).triu(1)
        for layer in model.model.layers:
            x = layer(x, cos, sin, attn_mask)
        h = model.model.norm(x)[mask]
        logits = h @ model.model.embed_tokens.weight.t()
        loss = F.cross_entropy(logits.float(), ids[:, 1:][mask])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        n_tok = int(ids.numel())
        tokens_seen += n_tok
        comp_seen += int(mask.sum())
        win_loss += loss.item()
        win_n += 1
        win_tok += n_tok
        # A step takes well under a second; one that took minutes was suspended (SIGSTOP while the machine is
        # lent to a benchmark) and must not eat the time budget.
        elapsed += min(time.time() - t0, 20.0)
        if step % 25 == 0:
            dt = time.time() - win_t
            history.append({"step": step, "tokens": tokens_seen, "loss": win_loss / win_n, "lr": lr,
                            "elapsed": elapsed})
            say(f"step {step} loss {win_loss / win_n:.4f} lr {lr:.2e} tok/s {win_tok / dt:.0f} "
                f"tokens {tokens_seen / 1e6:.2f}M completion {comp_seen / 1e6:.2f}M elapsed {elapsed / 60:.1f}m "
                f"epoch {epoch} batch {bidx}/{len(batches)}")
            win_loss, win_n, win_tok, win_t = 0.0, 0, 0, time.time()
        if time.time() - last_ckpt > args.ckpt_min * 60:
            checkpoint()
            last_ckpt = time.time()
    checkpoint()
    say(f"done: step {step}, {tokens_seen / 1e6:.2f}M tokens, {elapsed / 60:.1f} min")


if __name__ == "__main__":
    main()
