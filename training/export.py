"""Export a checkpoint as a Hugging Face-style Qwen3 model directory:
model.safetensors (hand-written), config.json, generation_config.json, tokenizer.json, tokenizer_config.json.

    /usr/bin/python3 -m training.export --ckpt training/runs/run1/ckpt.pt --out training/export/deliberate-nano

Tied embeddings: no lm_head.weight is written (as in Hugging Face Qwen3 checkpoints with
tie_word_embeddings=true). After writing, the directory is reloaded and its logits compared to the checkpoint's.
"""
import argparse
import json
import os
import shutil
from array import array

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # see train.py
import torch  # noqa: E402

from .bpe import SPECIAL_TOKENS  # noqa: E402
from .generate import load_model  # noqa: E402
from .safetensors_file import write_f32  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--tokenizer", default=None)
    ap.add_argument("--out", default="training/export/deliberate-nano")
    args = ap.parse_args()
    model, tok = load_model(args.ckpt, args.tokenizer)
    cfg = model.cfg
    os.makedirs(args.out, exist_ok=True)
    tensors = {k: (list(v.shape), array("f", v.detach().cpu().float().contiguous().numpy().tobytes()))
               for k, v in model.state_dict().items() if k != "lm_head.weight"}
    write_f32(os.path.join(args.out, "model.safetensors"), tensors)
    ids = {s: tok.special[s] for s in SPECIAL_TOKENS}
    config = {
        "architectures": ["Qwen3ForCausalLM"], "model_type": "qwen3",
        "vocab_size": cfg.vocab_size, "hidden_size": cfg.hidden_size, "intermediate_size": cfg.intermediate_size,
        "num_hidden_layers": cfg.num_hidden_layers, "num_attention_heads": cfg.num_attention_heads,
        "num_key_value_heads": cfg.num_key_value_heads, "head_dim": cfg.head_dim, "hidden_act": "silu",
        "rms_norm_eps": cfg.rms_norm_eps, "rope_theta": cfg.rope_theta, "rope_scaling": None,
        "max_position_embeddings": cfg.max_position_embeddings, "tie_word_embeddings": True,
        "attention_bias": False, "attention_dropout": 0.0, "initializer_range": 0.02,
        "use_sliding_window": False, "sliding_window": None, "max_window_layers": cfg.num_hidden_layers,
        "use_cache": True, "torch_dtype": "float32",
        "bos_token_id": ids["<|endoftext|>"], "eos_token_id": ids["<|im_end|>"],
    }
    json.dump(config, open(os.path.join(args.out, "config.json"), "w"), indent=2)
    json.dump({"bos_token_id": ids["<|endoftext|>"], "eos_token_id": [ids["<|im_end|>"], ids["<|endoftext|>"]],
               "pad_token_id": ids["<|endoftext|>"], "do_sample": False},
              open(os.path.join(args.out, "generation_config.json"), "w"), indent=2)
    tok.save(os.path.join(args.out, "tokenizer.json"))
    template = open(os.path.join(HERE, "chat_template.jinja")).read()
    tok_cfg = {
        "add_bos_token": False, "add_prefix_space": False, "errors": "replace", "split_special_tokens": False,
        "added_tokens_decoder": {str(i): {"content": s, "lstrip": False, "normalized": False, "rstrip": False,
                                          "single_word": False, "special": True} for s, i in ids.items()},
        "additional_special_tokens": SPECIAL_TOKENS[1:],
        "bos_token": None, "eos_token": "<|im_end|>", "pad_token": "<|endoftext|>", "unk_token": None,
        "chat_template": template, "clean_up_tokenization_spaces": False,
        "model_max_length": cfg.max_position_embeddings, "tokenizer_class": "Qwen2Tokenizer",
    }
    json.dump(tok_cfg, open(os.path.join(args.out, "tokenizer_config.json"), "w"), indent=2, ensure_ascii=False)
    shutil.copy(os.path.join(HERE, "chat_template.jinja"), os.path.join(args.out, "chat_template.jinja"))
    # round trip: the exported directory must give the same logits
    model2, tok2 = load_model(args.out)
    probe = torch.tensor([tok.encode("<|im_start|>user\nWhat is 12 + 34?<|im_end|>\n<|im_start|>assistant\n")])
    with torch.no_grad():
        diff = (model(probe) - model2(probe)).abs().max().item()
    assert diff < 1e-5 and tok2.vocab == tok.vocab, diff
    size = os.path.getsize(os.path.join(args.out, "model.safetensors"))
    print(f"exported {model.num_params() / 1e6:.3f}M params to {args.out} ({size / 1e6:.1f} MB), round-trip max diff {diff:.2e}")


if __name__ == "__main__":
    main()
