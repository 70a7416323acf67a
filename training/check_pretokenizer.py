"""Checks bpe.pretokenize (hand-written) against Qwen2's split regex run by the `regex` module
(Debian python3-regex), on the training texts plus adversarial strings.

    apt-get install -y python3-regex && /usr/bin/python3 -m training.check_pretokenizer
"""
import random
import sys

import regex

from .bpe import QWEN2_PATTERN, pretokenize, split_special
from .chat_format import render
from .tasks.registry import FAMILIES


def main():
    pat = regex.compile(QWEN2_PATTERN)
    rng = random.Random(3)
    texts = ["Hello world  123 it's  \n\n  x", " ?! \t\n ab", "I'LL we'Re 'x", "\r\n\r\n  \t", "a\u00e9\u4e2d 12\u0663 \u00bd!",
             "  ", " ", "x  ", "{\"a\": 1}\n\n", "tab\there", "...\n\n\nend", "'s's", "ÿ\u2003\u2003z"]
    alphabet = "ab Z1'\n\r\t.,{}\"-é中\u2003_"
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(3000)]
    for make in FAMILIES.values():
        for _ in range(30):
            item = make(rng, rng.randint(1, 5))
            if hasattr(item, "completion"):
                texts.append(render([{"role": "user", "content": item.question}]) + item.completion("high"))
            else:
                for msgs, comp in item.examples("high", "sys"):
                    texts.append(render(msgs, tools=item.tools) + comp)
    bad = 0
    for t in texts:
        for special, part in split_special(t):
            if special:
                continue
            want, got = pat.findall(part), pretokenize(part)
            if want != got:
                bad += 1
                if bad <= 3:
                    print("MISMATCH", repr(part), want, got)
    print(f"{len(texts) - bad}/{len(texts)} texts pre-tokenize identically")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
