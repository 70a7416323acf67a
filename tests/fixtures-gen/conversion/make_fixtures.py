#!/usr/bin/env python3
"""Writes small reference fixtures for the checkpoint converter's tests, using PyTorch as the reference.

Run with Debian's interpreter (python3-torch):  /usr/bin/python3 tests/fixtures-gen/conversion/make_fixtures.py
Outputs go to tests/Deliberate.Engine.Tests/Fixtures/conversion/.
"""
import json
import math
import os
import struct

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Deliberate.Engine.Tests", "Fixtures", "conversion")


def permute(weights, n_head, n_head_kv):
    # llama.cpp convert_hf_to_gguf.py LlamaModel.permute, restated.
    if n_head_kv is not None and n_head != n_head_kv:
        n_head = n_head_kv
    return (weights.reshape(n_head, 2, weights.shape[0] // n_head // 2, *weights.shape[1:])
            .swapaxes(1, 2)
            .reshape(weights.shape))


def llama3_rope_factors(hparams):
    # llama.cpp convert_hf_to_gguf.py LlamaModel.generate_extra_tensors, restated.
    rope_scaling = hparams["rope_scaling"]
    base = hparams.get("rope_theta", 10000.0)
    dim = hparams.get("head_dim", hparams["hidden_size"] // hparams["num_attention_heads"])
    freqs = 1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.float32) / dim))
    factor = rope_scaling.get("factor", 8.0)
    low_freq_factor = rope_scaling.get("low_freq_factor", 1.0)
    high_freq_factor = rope_scaling.get("high_freq_factor", 4.0)
    old_context_len = rope_scaling.get("original_max_position_embeddings", 8192)
    low_freq_wavelen = old_context_len / low_freq_factor
    high_freq_wavelen = old_context_len / high_freq_factor
    rope_factors = []
    for freq in freqs:
        wavelen = 2 * math.pi / freq
        if wavelen < high_freq_wavelen:
            rope_factors.append(1)
        elif wavelen > low_freq_wavelen:
            rope_factors.append(factor)
        else:
            smooth = (old_context_len / wavelen - low_freq_factor) / (high_freq_factor - low_freq_factor)
            rope_factors.append(1 / ((1 - smooth) / factor + smooth))
    return torch.tensor(rope_factors, dtype=torch.float32)


def write_safetensors(path, tensors, metadata):
    header = {"__metadata__": metadata}
    blobs = []
    offset = 0
    for name, (dtype, tensor) in tensors.items():
        if dtype == "F32":
            raw = tensor.to(torch.float32).numpy().tobytes()
        elif dtype == "F16":
            raw = tensor.to(torch.float16).numpy().tobytes()
        else:  # BF16: the top 16 bits of each float32
            raw = (tensor.to(torch.bfloat16).view(torch.int16).numpy().tobytes())
        header[name] = {"dtype": dtype, "shape": list(tensor.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in blobs:
            f.write(raw)


def main():
    os.makedirs(OUT, exist_ok=True)
    g = torch.Generator().manual_seed(7)
    q = torch.arange(8 * 4 * 3, dtype=torch.float32).reshape(8 * 4, 3)  # 4 heads of dim 8, 3 columns
    k = torch.arange(8 * 2 * 3, dtype=torch.float32).reshape(8 * 2, 3)  # 2 kv heads
    fixture = {
        "q": {"heads": 4, "cols": 3, "input": q.flatten().tolist(), "output": permute(q, 4, 4).flatten().tolist()},
        "k": {"heads": 2, "cols": 3, "input": k.flatten().tolist(), "output": permute(k, 4, 2).flatten().tolist()},
    }
    with open(os.path.join(OUT, "llama_qk_permute.json"), "w") as f:
        json.dump(fixture, f)

    llama32 = {"hidden_size": 2048, "num_attention_heads": 32, "rope_theta": 500000.0,
               "rope_scaling": {"factor": 32.0, "high_freq_factor": 4.0, "low_freq_factor": 1.0,
                                "original_max_position_embeddings": 8192, "rope_type": "llama3"}}
    with open(os.path.join(OUT, "llama3_rope_factors.json"), "w") as f:
        json.dump({"config": llama32, "factors": llama3_rope_factors(llama32).tolist()}, f)

    a = torch.randn(3, 5, generator=g)
    b = torch.randn(4, generator=g)
    c = torch.randn(2, 2, generator=g)
    write_safetensors(os.path.join(OUT, "small.safetensors"),
                      {"a.weight": ("F32", a), "b.bias": ("F16", b), "c.weight": ("BF16", c)},
                      {"format": "pt"})
    expected = {"a.weight": a.flatten().tolist(),
                "b.bias": b.to(torch.float16).to(torch.float32).flatten().tolist(),
                "c.weight": c.to(torch.bfloat16).to(torch.float32).flatten().tolist()}
    with open(os.path.join(OUT, "small.safetensors.json"), "w") as f:
        json.dump(expected, f)


if __name__ == "__main__":
    main()
