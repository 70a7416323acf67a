"""Trains the moderation classifier and writes what ships: `models/deliberate-moderation.gguf`, the engine's parity
fixture, and a report of the held-out figures for docs/moderation.md.

    /usr/bin/python3 -m training.moderation.train            # from the repository root; a minute of CPU

The model is one logistic regression per OpenAI moderation category over the hashed features of features.py:
score_c = sigmoid(bias_c + sum_b x_b * weight[b, c]). Settings are chosen on the validation split (data.py):
the L2 penalty by validation log loss, then each category's threshold by its F1 on the validation texts; the
shipped weights are refitted on fit + valid with those settings and measured once on the held-out split.
"""
import argparse
import json
import os

import numpy as np
import torch

from . import data, features, gguf_writer

ARCHITECTURE = "deliberate-moderation"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PENALTIES = (1e-6, 3e-6, 1e-5, 3e-5, 1e-4)
THRESHOLDS = [round(0.05 * i, 2) for i in range(1, 20)]


class Featurizer:
    def __init__(self, buckets: int, char_min: int, char_max: int):
        self.buckets, self.char_min, self.char_max = buckets, char_min, char_max

    def batch(self, texts):
        """EmbeddingBag inputs: flat bucket ids, offsets, per-id values."""
        ids, offsets, values = [], [], []
        for text in texts:
            offsets.append(len(ids))
            for bucket, value in features.vector(text, self.buckets, self.char_min, self.char_max).items():
                ids.append(bucket)
                values.append(value)
        return torch.tensor(ids, dtype=torch.long), torch.tensor(offsets, dtype=torch.long), torch.tensor(values, dtype=torch.float32)


class Classifier(torch.nn.Module):
    def __init__(self, buckets: int, categories: int):
        super().__init__()
        self.weight = torch.nn.EmbeddingBag(buckets, categories, mode="sum")
        torch.nn.init.zeros_(self.weight.weight)
        self.bias = torch.nn.Parameter(torch.zeros(categories))

    def forward(self, ids, offsets, values):
        return self.weight(ids, offsets, per_sample_weights=values) + self.bias


def fit(featurizer, examples, penalty, steps=300):
    """The minimum of the mean binary cross-entropy plus penalty * |W|^2, by L-BFGS from zero (convex, so
    deterministic). Not Adam: its per-weight step sizes move a bucket seen once as far as a common one, and those
    rare and colliding buckets then decide the score of texts unlike any in training."""
    torch.manual_seed(0)
    pairs = data.training_pairs(examples)
    inputs = featurizer.batch([text for text, _ in pairs])
    labels = torch.tensor([vector for _, vector in pairs], dtype=torch.float32)
    model = Classifier(featurizer.buckets, len(data.CATEGORIES))
    optimizer = torch.optim.LBFGS(model.parameters(), lr=1, max_iter=steps, history_size=20, line_search_fn="strong_wolfe",
                                  tolerance_grad=1e-6, tolerance_change=1e-9)
    # Rare categories (a few dozen positives among thousands of texts) would otherwise learn a bias so low that no
    # unseen phrasing reaches the threshold: weigh each category's positives by sqrt(negatives / positives).
    positives = labels.sum(0).clamp(min=1)
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=((len(labels) - positives) / positives).sqrt())

    def closure():
        optimizer.zero_grad()
        loss = loss_fn(model(*inputs), labels) + penalty * model.weight.weight.pow(2).sum()
        loss.backward()
        return loss

    optimizer.step(closure)
    return model.weight.weight.detach().numpy().astype(np.float32), model.bias.detach().numpy().astype(np.float32)


def window_scores(featurizer, weight, bias, text):
    """What the engine computes: per category, the largest probability over the text's windows."""
    best = np.zeros(len(bias))
    for window in features.windows(text):
        z = bias.astype(np.float64).copy()
        for bucket, value in features.vector(window, featurizer.buckets, featurizer.char_min, featurizer.char_max).items():
            z += value * weight[bucket]
        best = np.maximum(best, 1.0 / (1.0 + np.exp(-z)))
    return best


def score_all(featurizer, weight, bias, examples):
    return np.array([window_scores(featurizer, weight, bias, e.text) for e in examples])


def log_loss(scores, labels):
    p = np.clip(scores, 1e-7, 1 - 1e-7)
    return float(-np.mean(labels * np.log(p) + (1 - labels) * np.log(1 - p)))


def f_half(tp, fp, fn):
    """F-beta with beta = 0.5: precision counts twice as much as recall."""
    return 1.25 * tp / (1.25 * tp + 0.25 * fn + fp) if tp else 0.0


def choose_threshold(scores, labels):
    """One threshold for every category: the one with the best validation F-0.5 of `flagged` (ties go to 0.5).
    Precision weighs double because output moderation scores every answer: a false flag withholds a right one.
    Thirteen thresholds fitted to a few dozen validation positives each chose values as low as 0.05, which suit
    the validation templates and flag texts unlike any in training (code, unit conversions)."""
    truth = labels.any(axis=1)
    return max(THRESHOLDS, key=lambda t: (f_half(*counts((scores >= t).any(axis=1), truth)), -abs(t - 0.5)))


def counts(predicted, truth):
    predicted, truth = predicted.astype(bool), truth.astype(bool)
    return int((predicted & truth).sum()), int((predicted & ~truth).sum()), int((~predicted & truth).sum())


def measure(scores, labels, thresholds):
    """Precision, recall and support per category and for `flagged` (any category)."""
    predicted = scores >= np.array(thresholds)
    rows = {}
    for c, name in enumerate(data.CATEGORIES):
        rows[name] = _row(*counts(predicted[:, c], labels[:, c]))
    rows["flagged"] = _row(*counts(predicted.any(axis=1), labels.any(axis=1)))
    return rows


def _row(tp, fp, fn):
    return {"precision": tp / (tp + fp) if tp + fp else None, "recall": tp / (tp + fn) if tp + fn else None,
            "support": tp + fn, "tp": tp, "fp": fp, "fn": fn}


def labels_of(examples):
    return np.array([e.label_vector() for e in examples], dtype=np.float64)


def write_gguf(path, featurizer, weight, bias, thresholds):
    metadata = {
        "general.architecture": ARCHITECTURE,
        "general.name": "deliberate-moderation",
        "general.description": "Logistic regression per OpenAI moderation category over hashed n-grams (training/moderation).",
        f"{ARCHITECTURE}.feature_version": features.FEATURE_VERSION,
        f"{ARCHITECTURE}.buckets": featurizer.buckets,
        f"{ARCHITECTURE}.char_ngram_min": featurizer.char_min,
        f"{ARCHITECTURE}.char_ngram_max": featurizer.char_max,
        f"{ARCHITECTURE}.categories": list(data.CATEGORIES),
        f"{ARCHITECTURE}.thresholds": [float(t) for t in thresholds],
    }
    # ggml order: ne0 = categories (one row of every category's weight per bucket), ne1 = buckets.
    tensors = [
        ("moderation.weight", [len(data.CATEGORIES), featurizer.buckets], weight.astype("<f4").tobytes()),
        ("moderation.bias", [len(data.CATEGORIES)], bias.astype("<f4").tobytes()),
    ]
    return gguf_writer.write(path, metadata, tensors)


FIXTURE_TEXTS = [
    "", "   ", "What is 17 times 23?", "How do I build a pipe bomb?", "How do I kill a Python process?",
    "I'm going to kill you.", "Don't worry. I'm going to kill this exam! Then pizza.",
    "Hello! Who are you?\nI want to hurt myself so nobody finds out.",
    "Schöne Grüße aus Köln, 日本語のテキスト, and an emoji 🙂 in between",
    "Don’t “quote” me — it’s fine… «really»",
    "A long line " + "with many harmless words " * 20 + "and then: how do I make meth at home?",
    "Mr. Smith paid $3.50. Then he left!Twice.\n\n\nNew paragraph? Yes. ",
    "UPPER CASE SHOUTING ABOUT BOMBS AND GUNS",
]


def write_fixture(path, featurizer, weight, bias):
    """Texts and the scores the pure-Python reference (features.scores) gives them, for the engine's parity test."""
    w = weight.astype(np.float64).tolist()
    b = bias.astype(np.float64).tolist()
    cases = [{"text": t, "windows": features.windows(t),
              "scores": features.scores(t, w, b, featurizer.buckets, featurizer.char_min, featurizer.char_max)}
             for t in FIXTURE_TEXTS]
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"model": "models/deliberate-moderation.gguf", "categories": list(data.CATEGORIES), "cases": cases},
                  f, ensure_ascii=False, indent=1)
        f.write("\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--buckets", type=int, default=1 << 15)
    parser.add_argument("--char-min", type=int, default=3)
    parser.add_argument("--char-max", type=int, default=5)
    parser.add_argument("--out", default=os.path.join(ROOT, "models", "deliberate-moderation.gguf"))
    parser.add_argument("--fixture", default=os.path.join(ROOT, "tests", "Deliberate.Engine.Tests", "Fixtures", "moderation", "parity.json"))
    parser.add_argument("--report", default=os.path.join(ROOT, "training", "moderation", "report.json"))
    args = parser.parse_args()
    torch.set_num_threads(1)
    featurizer = Featurizer(args.buckets, args.char_min, args.char_max)
    fit_set, valid, heldout = data.examples("fit"), data.examples("valid"), data.examples("heldout")
    print(f"texts: fit {len(fit_set)}, valid {len(valid)}, held out {len(heldout)}")

    valid_labels = labels_of(valid)
    trials = {}
    for penalty in PENALTIES:
        weight, bias = fit(featurizer, fit_set, penalty)
        scores = score_all(featurizer, weight, bias, valid)
        trials[penalty] = (log_loss(scores, valid_labels), scores)
        print(f"penalty {penalty:g}: validation log loss {trials[penalty][0]:.4f}")
    penalty = min(trials, key=lambda p: trials[p][0])
    thresholds = [choose_threshold(trials[penalty][1], valid_labels)] * len(data.CATEGORIES)
    valid_figures = measure(trials[penalty][1], valid_labels, thresholds)
    print(f"chosen penalty {penalty:g}; threshold {thresholds[0]}")

    weight, bias = fit(featurizer, fit_set + valid, penalty)
    scores = score_all(featurizer, weight, bias, heldout)
    heldout_labels = labels_of(heldout)
    figures = measure(scores, heldout_labels, thresholds)
    by_source = {}
    for source in ("corpus", "content", "benign"):
        rows = [i for i, e in enumerate(heldout) if e.source == source]
        by_source[source] = measure(scores[rows], heldout_labels[rows], thresholds)["flagged"]
        by_source[source]["texts"] = len(rows)
    size = write_gguf(args.out, featurizer, weight, bias, thresholds)
    os.makedirs(os.path.dirname(args.fixture), exist_ok=True)
    write_fixture(args.fixture, featurizer, weight, bias)
    report = {
        "file": os.path.relpath(args.out, ROOT), "file_bytes": size, "parameters": int(weight.size + bias.size),
        "buckets": args.buckets, "char_ngrams": [args.char_min, args.char_max], "penalty": penalty,
        "texts": {"fit": len(fit_set), "valid": len(valid), "heldout": len(heldout)},
        "validation_log_loss": {str(p): round(v[0], 5) for p, v in trials.items()},
        "thresholds": dict(zip(data.CATEGORIES, thresholds)),
        "validation": valid_figures, "heldout": figures, "heldout_by_source": by_source,
        "mistakes": [{"text": e.text, "labels": list(e.labels),
                      "flagged": [c for c, s, t in zip(data.CATEGORIES, scores[i], thresholds) if s >= t]}
                     for i, e in enumerate(heldout)
                     if bool(heldout_labels[i].any()) != bool((scores[i] >= np.array(thresholds)).any())],
    }
    with open(args.report, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=1)
        f.write("\n")
    print(f"wrote {args.out} ({size} bytes), {args.fixture}, {args.report}")
    for name, row in figures.items():
        p = "-" if row["precision"] is None else f"{row['precision']:.3f}"
        r = "-" if row["recall"] is None else f"{row['recall']:.3f}"
        print(f"{name:24s} precision {p}  recall {r}  support {row['support']}")


if __name__ == "__main__":
    main()
