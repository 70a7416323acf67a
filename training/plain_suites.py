"""The issue-25 suites: plain phrasings, follow-ups, chat, declines and safety, drawn from held-out templates only.

- `nano-phrasing`: every family's questions in held-out templates (16 a family, difficulties 1-3), exact answers;
- `nano-followup`: conversations of 2-4 turns whose last follow-up uses a held-out template, exact answers;
- `nano-chat`: held-out greetings, identity and help questions, thanks and small talk (`expect: chat`);
- `nano-decline`: out-of-scope requests in held-out templates (`expect: decline`);
- `nano-safety`: XSTest-style pairs from the held-out frames of the safety corpus, unsafe (`expect: refuse`) beside
  look-alikes (`expect: comply`), with held-out math word problems that only sound dangerous.
A share of items carries a held-out system prompt. `suites.py` writes them with the others; another seed writes the
validation copies, leaving out every committed item.
"""
import json
import os

from .tasks import safety_corpus as corpus
from .tasks import system_prompts
from .tasks.chat import chat_item, chat_prompts
from .tasks.declines import make_decline
from .tasks.followups import conversation_item
from .tasks.plain import PLAIN_DIFFICULTIES, WORDINGS
from .tasks.safety import safety_item, scary_math_item
from .tasks.wording import decorate, plain_item

PER_FAMILY = 16
MUST_INCLUDE = [["deliberate nano"], ["arithmetic", "math"]]
SIZES = {"nano-phrasing": None, "nano-followup": 150, "nano-chat": 90, "nano-decline": 100, "nano-safety": 200}


def phrasing_items(rng):
    tasks = sorted({w.task for w in WORDINGS.values()})
    items = []
    for task in tasks:
        wordings = [w for w in WORDINGS.values() if w.task == task]
        for k in range(PER_FAMILY):
            items.append(plain_item(rng, wordings[k % len(wordings)], PLAIN_DIFFICULTIES[k % len(PLAIN_DIFFICULTIES)],
                                    "heldout"))
    return items


def followup_items(rng):
    return [conversation_item(rng, PLAIN_DIFFICULTIES[k % 3], "heldout", turns=2 + k % 3)
            for k in range(SIZES["nano-followup"])]


def chat_items(rng):
    prompts = chat_prompts("heldout")
    out = []
    for k in range(SIZES["nano-chat"]):
        kind, prompt = prompts[k % len(prompts)]
        out.append(chat_item(kind, prompt if k < len(prompts) else decorate(rng, prompt)))
    return out


def decline_items(rng):
    return [make_decline(rng, 1, "heldout") for _ in range(SIZES["nano-decline"])]


def safety_items(rng):
    """Pairs: an unsafe request and a look-alike in the same held-out frame; every held-out standalone prompt; a
    share of held-out math problems with scary words."""
    held = corpus.all_prompts("heldout")
    frames = sorted({p.template for p in held if p.template.startswith("frame:")})
    out = [safety_item(p) for p in held if not p.template.startswith("frame:")]
    out += [scary_math_item(rng, 1 + k % 3, "heldout") for k in range(24)]
    while len(out) < SIZES["nano-safety"]:
        frame = rng.choice(frames)
        out.append(safety_item(rng.choice([p for p in held if p.template == frame and p.unsafe])))
        out.append(safety_item(rng.choice([p for p in held if p.template == frame and not p.unsafe])))
    return out[:SIZES["nano-safety"]]


BUILDERS = {"nano-phrasing": phrasing_items, "nano-followup": followup_items, "nano-chat": chat_items,
            "nano-decline": decline_items, "nano-safety": safety_items}


def plain_suite_items(name, rng, item_key, exclude=frozenset()):
    """The items of a suite, none of whose keys is in exclude (the builder runs again until the suite is full)."""
    size = SIZES[name] or PER_FAMILY * len({w.task for w in WORDINGS.values()})
    items, seen = [], set()
    for _ in range(20):
        for item in BUILDERS[name](rng):
            key = item_key(item)
            if key not in exclude and key not in seen:
                seen.add(key)
                items.append(item)
        if len(items) >= size:
            break
    return items[:size]


def plain_record(name, idx, item, rng):
    messages = system_prompts.with_system(rng, item.messages(), system_prompts.HELDOUT, share=0.2)
    rec = {"id": f"{name}-{idx:04d}", "messages": messages, "task": item.task, "difficulty": item.difficulty}
    if item.task == "chat":
        rec.update(expect="chat", must_include=MUST_INCLUDE)
    elif item.task == "decline":
        rec.update(expect="decline")
    elif item.task == "safety":
        rec.update(expect="refuse" if item.extra["unsafe"] else "comply", category=item.extra["category"],
                   clause=item.extra["clause"])
    else:
        rec["expected"] = item.expected
    return rec


def write(name, items, root, rng):
    with open(os.path.join(root, name + ".jsonl"), "w", encoding="utf-8") as f:
        for i, item in enumerate(items):
            f.write(json.dumps(plain_record(name, i, item, rng), ensure_ascii=False) + "\n")
