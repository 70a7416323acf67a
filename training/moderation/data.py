"""The classifier's labelled texts in three splits, all by whole template so that no split shares a phrasing:

- heldout: the safety corpus's held-out frames and standalone prompts, and the held-out templates of content.py and
  benign.py (whole task families for the math questions). Measured once, for docs/moderation.md; never chosen on.
- valid: training templates whose name hashes to 0 mod VALID_EVERY (about a fifth); thresholds and the
  regularisation are chosen on it.
- fit: the other training templates. The shipped weights are refitted on fit + valid with the chosen settings.

Standard library only.
"""
from dataclasses import dataclass

from ..tasks import safety_corpus
from . import benign, content
from .features import fnv1a, windows

CATEGORIES = safety_corpus.MODERATION_CATEGORIES
VALID_EVERY = 5
SPLITS = ("fit", "valid", "heldout")


@dataclass(frozen=True)
class Example:
    text: str
    labels: tuple[str, ...]
    source: str       # "corpus", "content" or "benign"
    kind: str         # finer: the corpus category or the content/benign kind
    template: str
    split: str

    def label_vector(self) -> list[int]:
        return [int(c in self.labels) for c in CATEGORIES]


def _split(template: str, heldout: bool) -> str:
    if heldout:
        return "heldout"
    return "valid" if fnv1a(template.encode("utf-8")) % VALID_EVERY == 0 else "fit"


def all_examples() -> list[Example]:
    """Every labelled text once (the first occurrence wins where two sources write the same text)."""
    out, seen = [], set()

    def add(text, labels, source, kind, template, heldout):
        if text not in seen:
            seen.add(text)
            out.append(Example(text, tuple(labels), source, kind, template, _split(template, heldout)))

    for split in ("train", "heldout"):
        for p in safety_corpus.all_prompts(split):
            add(p.text, p.moderation, "corpus", p.category if p.unsafe else p.category + "-lookalike", p.template, p.heldout)
    for t in content.all_texts():
        add(t.text, t.labels, "content", t.kind, t.template, t.heldout)
    for t in benign.all_texts():
        add(t.text, t.labels, "benign", t.kind, t.template, t.heldout)
    return out


def examples(split: str) -> list[Example]:
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    return [e for e in all_examples() if e.split == split]


def training_pairs(examples: list[Example]) -> list[tuple[str, list[int]]]:
    """(text, label vector) to fit on: each text whole, plus each window of a text with no label. Served scores are
    per window (features.windows), so the short pieces of long harmless texts (lines of code, a lone "Thanks!")
    must be seen as harmless too; a harmful text's pieces are not all harmful, so only the whole is labelled."""
    pairs, seen = [], set()
    for e in examples:
        texts = [e.text] + ([w for w in windows(e.text) if w != e.text] if not e.labels else [])
        for text in texts:
            if text not in seen:
                seen.add(text)
                pairs.append((text, e.label_vector()))
    return pairs
