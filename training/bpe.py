"""Byte-level BPE: a stdlib trainer, encoder and a writer for Hugging Face's tokenizer.json (Qwen2 layout).

The pre-tokenizer is Qwen2's split regex, implemented by hand because Python's `re` has no \\p{L}:
  (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+
Every digit is its own pre-token, so digits are always single tokens.
"""
import json
import unicodedata
from collections import Counter

SPECIAL_TOKENS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<think>", "</think>",
                  "<tool_call>", "</tool_call>", "<tool_response>", "</tool_response>"]
QWEN2_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}"
                 r"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")
CONTRACTIONS = ("'s", "'t", "'re", "'ve", "'m", "'ll", "'d")


def bytes_to_unicode() -> dict[int, str]:
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


BYTE_TO_CHAR = bytes_to_unicode()
CHAR_TO_BYTE = {c: b for b, c in BYTE_TO_CHAR.items()}


def _is_letter(c):
    return unicodedata.category(c)[0] == "L"


def _is_number(c):
    return unicodedata.category(c)[0] == "N"


def _is_space(c):
    return c.isspace()


def pretokenize(text: str) -> list[str]:
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        # 1. contractions (case-insensitive)
        if c == "'":
            low = text[i:i + 3].lower()
            m = next((k for k in CONTRACTIONS if low.startswith(k)), None)
            if m:
                out.append(text[i:i + len(m)])
                i += len(m)
                continue
        # 2. [^\r\n\p{L}\p{N}]?\p{L}+
        j = i
        if c not in "\r\n" and not _is_letter(c) and not _is_number(c) and i + 1 < n and _is_letter(text[i + 1]):
            j = i + 1
        if _is_letter(text[j]):
            k = j
            while k < n and _is_letter(text[k]):
                k += 1
            out.append(text[i:k])
            i = k
            continue
        # 3. \p{N}
        if _is_number(c):
            out.append(c)
            i += 1
            continue
        # 4. ' ?[^\s\p{L}\p{N}]+[\r\n]*'
        j = i + 1 if c == " " else i
        k = j
        while k < n and not _is_space(text[k]) and not _is_letter(text[k]) and not _is_number(text[k]):
            k += 1
        if k > j:
            while k < n and text[k] in "\r\n":
                k += 1
            out.append(text[i:k])
            i = k
            continue
        # whitespace run
        k = i
        while k < n and _is_space(text[k]):
            k += 1
        run = text[i:k]
        # 5. \s*[\r\n]+ : up to the last newline in the run
        last_nl = max(run.rfind("\r"), run.rfind("\n"))
        if last_nl >= 0:
            out.append(run[:last_nl + 1])
            i += last_nl + 1
            continue
        # 6. \s+(?!\S)  7. \s+
        if k == n or len(run) == 1:
            out.append(run)
            i = k
        else:
            out.append(run[:-1])
            i = k - 1
    return out


def split_special(text: str) -> list[tuple[bool, str]]:
    parts, i = [], 0
    while i < len(text):
        j = text.find("<", i)
        found = None
        while j != -1:
            found = next((s for s in SPECIAL_TOKENS if text.startswith(s, j)), None)
            if found:
                break
            j = text.find("<", j + 1)
        if not found:
            parts.append((False, text[i:]))
            break
        if j > i:
            parts.append((False, text[i:j]))
        parts.append((True, found))
        i = j + len(found)
    return parts


def to_byte_chars(piece: str) -> str:
    return "".join(BYTE_TO_CHAR[b] for b in piece.encode("utf-8"))


def train(texts, vocab_size: int) -> list[tuple[str, str]]:
    """Merges learned from texts (special tokens are cut out first)."""
    words = Counter()
    for text in texts:
        for special, part in split_special(text):
            if not special:
                words.update(to_byte_chars(p) for p in pretokenize(part))
    vocab = [(list(w), c) for w, c in words.items() if len(w) > 1]
    merges = []
    target = vocab_size - 256 - len(SPECIAL_TOKENS)
    while len(merges) < target:
        pairs = Counter()
        for syms, c in vocab:
            for a, b in zip(syms, syms[1:]):
                pairs[(a, b)] += c
        if not pairs:
            break
        best = max(pairs.items(), key=lambda kv: (kv[1], kv[0]))[0]
        if pairs[best] < 2:
            break
        merges.append(best)
        joined = best[0] + best[1]
        for syms, _ in vocab:
            i = 0
            while i < len(syms) - 1:
                if syms[i] == best[0] and syms[i + 1] == best[1]:
                    syms[i:i + 2] = [joined]
                i += 1
        vocab = [(s, c) for s, c in vocab if len(s) > 1]
    return merges


class Tokenizer:
    def __init__(self, merges: list[tuple[str, str]]):
        self.merges = merges
        self.ranks = {m: i for i, m in enumerate(merges)}
        self.vocab = {BYTE_TO_CHAR[b]: b for b in range(256)}
        for a, b in merges:
            if a + b not in self.vocab:  # two merge paths can build the same string
                self.vocab[a + b] = len(self.vocab)
        self.special = {s: len(self.vocab) + i for i, s in enumerate(SPECIAL_TOKENS)}
        self.id_to_token = {i: t for t, i in self.vocab.items()}
        self.id_to_token.update({i: s for s, i in self.special.items()})
        self._cache = {}

    @property
    def vocab_size(self):
        return len(self.vocab) + len(self.special)

    def _bpe(self, word: str) -> list[int]:
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        syms = list(word)
        while len(syms) > 1:
            best, best_rank = None, None
            for i in range(len(syms) - 1):
                r = self.ranks.get((syms[i], syms[i + 1]))
                if r is not None and (best_rank is None or r < best_rank):
                    best, best_rank = i, r
            if best is None:
                break
            syms[best:best + 2] = [syms[best] + syms[best + 1]]
        ids = [self.vocab[s] for s in syms]
        if len(self._cache) < 200000:
            self._cache[word] = ids
        return ids

    def encode(self, text: str) -> list[int]:
        ids = []
        for special, part in split_special(text):
            if special:
                ids.append(self.special[part])
            else:
                for p in pretokenize(part):
                    ids.extend(self._bpe(to_byte_chars(p)))
        return ids

    def decode(self, ids) -> str:
        out, buf = [], bytearray()
        for i in ids:
            t = self.id_to_token[int(i)]
            if t in self.special:
                out.append(buf.decode("utf-8", "replace"))
                buf = bytearray()
                out.append(t)
            else:
                buf.extend(CHAR_TO_BYTE[c] for c in t)
        out.append(buf.decode("utf-8", "replace"))
        return "".join(out)

    def to_hf_json(self) -> dict:
        added = [{"id": i, "content": s, "single_word": False, "lstrip": False, "rstrip": False,
                  "normalized": False, "special": True} for s, i in self.special.items()]
        byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False}
        return {
            "version": "1.0", "truncation": None, "padding": None, "added_tokens": added,
            "normalizer": {"type": "NFC"},
            "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
                {"type": "Split", "pattern": {"Regex": QWEN2_PATTERN}, "behavior": "Isolated", "invert": False},
                byte_level]},
            "post_processor": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False},
            "decoder": dict(byte_level),
            "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                      "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                      "vocab": self.vocab, "merges": [f"{a} {b}" for a, b in self.merges]},
        }

    def save(self, path):
        with open(path, "w", encoding="utf-8") as f:
            json.dump(self.to_hf_json(), f, ensure_ascii=False, indent=1)

    @classmethod
    def load(cls, path):
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        merges = [tuple(m.split(" ")) for m in data["model"]["merges"]]
        tok = cls(merges)
        assert tok.vocab == data["model"]["vocab"], "vocab does not match merges"
        return tok
