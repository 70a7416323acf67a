#!/usr/bin/python3
"""Independent PyTorch reference for the llama / qwen2 / qwen3 forward pass (HF transformers semantics).

Builds a tiny seeded random model per architecture, writes its weights the way a GGUF stores them
(f32, ne0 first; llama Q/K rows permuted as llama.cpp's HF converter does) to <arch>.bin + an index in
<arch>.json, and records logits at every position plus layer-0 intermediates for a fixed token sequence.
The C# test (tests/Deliberate.Engine.Tests/Models/TorchReferenceTests.cs) loads the same weights into our
engine and compares. Computation is float64 so the reference itself adds no rounding noise.

Re-run:  /usr/bin/python3 tests/fixtures-gen/torch/make_reference.py tests/Deliberate.Engine.Tests/Fixtures/models
(uses only Debian's python3-torch).
"""
import json
import math
import os
import struct
import sys

import torch

TOKENS = [1, 7, 3, 30, 12, 5, 44, 2, 9]


def shapes(arch):
    cfg = dict(vocab=48, embd=32, layers=2, heads=4, kv=2, head_dim=8, ff=48, eps=1e-5, theta=10000.0)
    if arch == "qwen3":
        cfg.update(head_dim=16, eps=1e-6, theta=1000000.0)  # q width 64 != n_embd, like Qwen3
    if arch == "qwen2":
        cfg.update(heads=4, kv=1, eps=1e-6)
    return cfg


def llama_permute(w, n_head):
    # convert_hf_to_gguf.py LlamaModel.permute: rows (head, half, i) -> (head, i, half)
    return w.reshape(n_head, 2, w.shape[0] // n_head // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def rotate_half(x):
    h = x.shape[-1] // 2
    return torch.cat((-x[..., h:], x[..., :h]), dim=-1)


def rms(x, w, eps):
    return x / torch.sqrt((x * x).mean(-1, keepdim=True) + eps) * w


def build(arch, g):
    c = shapes(arch)
    E, H, KV, D, F, V = c["embd"], c["heads"], c["kv"], c["head_dim"], c["ff"], c["vocab"]

    def rnd(*shape, scale=0.2):
        return (torch.randn(*shape, generator=g, dtype=torch.float64) * scale).to(torch.float32).to(torch.float64)

    w = {"token_embd.weight": rnd(V, E, scale=1.0), "output_norm.weight": 1 + rnd(E, scale=0.1)}
    if arch != "qwen3":  # qwen3 fixture exercises the tied LM head
        w["output.weight"] = rnd(V, E)
    for l in range(c["layers"]):
        p = f"blk.{l}."
        w[p + "attn_norm.weight"] = 1 + rnd(E, scale=0.1)
        w[p + "attn_q.weight"] = rnd(H * D, E)
        w[p + "attn_k.weight"] = rnd(KV * D, E)
        w[p + "attn_v.weight"] = rnd(KV * D, E)
        w[p + "attn_output.weight"] = rnd(E, H * D)
        if arch == "qwen2":
            w[p + "attn_q.bias"] = rnd(H * D)
            w[p + "attn_k.bias"] = rnd(KV * D)
            w[p + "attn_v.bias"] = rnd(KV * D)
        if arch == "qwen3":
            w[p + "attn_q_norm.weight"] = 1 + rnd(D, scale=0.1)
            w[p + "attn_k_norm.weight"] = 1 + rnd(D, scale=0.1)
        w[p + "ffn_norm.weight"] = 1 + rnd(E, scale=0.1)
        w[p + "ffn_gate.weight"] = rnd(F, E)
        w[p + "ffn_up.weight"] = rnd(F, E)
        w[p + "ffn_down.weight"] = rnd(E, F)
    return c, w


def forward(arch, c, w, tokens):
    """HF-style forward; returns logits [T, V] and layer-0 intermediates in the GGUF (file) basis."""
    E, H, KV, D = c["embd"], c["heads"], c["kv"], c["head_dim"]
    T = len(tokens)
    eps = c["eps"]
    pos = torch.arange(T, dtype=torch.float64)
    inv = 1.0 / (c["theta"] ** (torch.arange(0, D, 2, dtype=torch.float64) / D))
    ang = torch.outer(pos, inv)
    cos = torch.cat((ang, ang), -1).cos()[:, None, :]
    sin = torch.cat((ang, ang), -1).sin()[:, None, :]
    # Inverse of the converter permutation, to express HF-basis q/k in the file's basis.
    perm_q = llama_permute(torch.arange(H * D), H) if arch == "llama" else torch.arange(H * D)
    perm_k = llama_permute(torch.arange(KV * D), KV) if arch == "llama" else torch.arange(KV * D)
    inter = {}
    x = w["token_embd.weight"][tokens]
    for l in range(c["layers"]):
        p = f"blk.{l}."
        wq, wk = w[p + "attn_q.weight"], w[p + "attn_k.weight"]
        if arch == "llama":  # stored permuted; HF uses the original rows
            wq = wq[torch.argsort(perm_q)]
            wk = wk[torch.argsort(perm_k)]
        h = rms(x, w[p + "attn_norm.weight"], eps)
        q = h @ wq.T
        k = h @ wk.T
        v = h @ w[p + "attn_v.weight"].T
        if arch == "qwen2":
            q = q + w[p + "attn_q.bias"]
            k = k + w[p + "attn_k.bias"]
            v = v + w[p + "attn_v.bias"]
        q = q.view(T, H, D)
        k = k.view(T, KV, D)
        vv = v.view(T, KV, D)
        if arch == "qwen3":
            q = rms(q, w[p + "attn_q_norm.weight"], eps)
            k = rms(k, w[p + "attn_k_norm.weight"], eps)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        rep = H // KV
        kr = k.repeat_interleave(rep, dim=1)
        vr = vv.repeat_interleave(rep, dim=1)
        s = torch.einsum("thd,shd->hts", q, kr) / math.sqrt(D)
        s = s + torch.triu(torch.full((T, T), float("-inf"), dtype=torch.float64), 1)
        a = torch.softmax(s, -1)
        o = torch.einsum("hts,shd->thd", a, vr).reshape(T, H * D)
        attn_out = o @ w[p + "attn_output.weight"].T
        x = x + attn_out
        h2 = rms(x, w[p + "ffn_norm.weight"], eps)
        g = h2 @ w[p + "ffn_gate.weight"].T
        u = h2 @ w[p + "ffn_up.weight"].T
        ffn_out = (torch.nn.functional.silu(g) * u) @ w[p + "ffn_down.weight"].T
        x = x + ffn_out
        if l == 0:
            inter = {
                "attn_norm": h,
                "q_rope": q.reshape(T, H * D)[:, perm_q],
                "k_rope": k.reshape(T, KV * D)[:, perm_k],
                "kqv_out": o,
                "attn_out": attn_out,
                "ffn_out": ffn_out,
                "l_out": x,
            }
    head = w.get("output.weight", w["token_embd.weight"])
    logits = rms(x, w["output_norm.weight"], eps) @ head.T
    return logits, inter


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for seed, arch in enumerate(["llama", "qwen2", "qwen3"]):
        g = torch.Generator().manual_seed(1234 + seed)
        c, w = build(arch, g)
        index, blob = [], bytearray()
        for name, t in w.items():
            dims = list(reversed(t.shape))  # ne0 first
            index.append({"name": name, "dims": dims, "offset": len(blob)})
            blob += struct.pack(f"<{t.numel()}f", *t.flatten().tolist())
        with open(os.path.join(out_dir, f"{arch}.bin"), "wb") as f:
            f.write(blob)
        logits, inter = forward(arch, c, w, TOKENS)
        meta = {
            "general.architecture": arch,
            f"{arch}.context_length": 64,
            f"{arch}.embedding_length": c["embd"],
            f"{arch}.block_count": c["layers"],
            f"{arch}.feed_forward_length": c["ff"],
            f"{arch}.attention.head_count": c["heads"],
            f"{arch}.attention.head_count_kv": c["kv"],
            f"{arch}.attention.key_length": c["head_dim"],
            f"{arch}.attention.value_length": c["head_dim"],
            f"{arch}.attention.layer_norm_rms_epsilon": c["eps"],
            f"{arch}.rope.freq_base": c["theta"],
        }
        doc = {
            "metadata": meta,
            "tensors": index,
            "tokens": TOKENS,
            "logits": [[round(v, 7) for v in row] for row in logits.tolist()],
            "layer0": {k: [[round(v, 7) for v in row] for row in t.tolist()] for k, t in inter.items()},
        }
        with open(os.path.join(out_dir, f"{arch}.json"), "w") as f:
            json.dump(doc, f)
        print(arch, len(blob), "bytes of weights")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tests/Deliberate.Engine.Tests/Fixtures/models")
