"""Conversations of two to four turns: a follow-up uses what came before.

Three kinds of follow-up, after a question in plain words and its answer (`Answer: 391`, as the model replies):
- arithmetic on the previous answer ("Now add 100 to that.", "and times 3?"): the trace names it (`Previous answer:
  391`), restates the new question (`Question: 391 + 100`), then the family's steps;
- the same question with one number changed ("what about 25 instead of 23?"): `Previous question: 17 * 23`, then
  `Question: 17 * 25` and the steps;
- a request to check ("are you sure?"): `Previous question: 17 * 23`, then the steps again and the same answer.
Context turns also mix chat, declines and refusals with questions, so an earlier turn never derails a later one.
Every `HELDOUT_EVERY`-th follow-up template of each kind is held out for `nano-followup`.
"""
import re
from functools import lru_cache

from .arithmetic import add_item, mul_item, sub_item
from .chat import KINDS as CHAT_KINDS, make_chat
from .composed import apart_from
from .declines import make_decline
from .plain import WORDINGS
from .safety import make_safety
from .wording import MAX_TRACE_CHARS, decorate, draw_values, plain_item, restate

HELDOUT_EVERY = 4

ARITHMETIC = {  # operation -> templates ({k}: the number)
    "+": ["Now add {k} to that.", "add {k}", "and plus {k}?", "What if you add {k} to it?", "Then add {k}.",
          "+ {k}", "now add {k} to the result", "Add {k} to your answer.", "ok, plus {k}?", "And if I add {k}?",
          "What's that plus {k}?", "Increase that by {k}.", "Now add {k}.", "Add another {k}.",
          "and {k} more?", "Plus {k}, please."],
    "-": ["Now subtract {k} from that.", "minus {k}?", "and take away {k}", "Subtract {k} from the result.",
          "What's that minus {k}?", "Then take {k} away.", "now minus {k}", "What if I subtract {k}?",
          "- {k}", "Take {k} off that.", "Reduce it by {k}.", "And {k} less?", "Subtract {k}.",
          "What do you get if you take {k} from that?"],
    "*": ["and times {k}?", "Now multiply that by {k}.", "times {k}", "Multiply the answer by {k}.",
          "What's that times {k}?", "Now times it by {k}.", "x {k}?", "What if you multiply it by {k}?",
          "multiply by {k}", "And {k} times that?", "Multiply the result by {k}, please.", "Times {k}?",
          "What is {k} times that number?", "now * {k}"],
}
DOUBLING = ["Double it.", "now double that", "What's twice that?", "Double the result.", "and doubled?",
            "What is that times two?", "Twice that, please.", "double that number"]
CHANGE = ["What about {new} instead of {old}?", "what if it was {new} instead of {old}",
          "And with {new} in place of {old}?", "Same question but {new} instead of {old}.",
          "Now try {new} instead of {old}.", "Change {old} to {new}.", "OK, and if {old} were {new}?",
          "Replace {old} with {new}, please.", "What if {old} was {new}?", "Do it again with {new} instead of {old}.",
          "now {new} rather than {old}", "Swap {old} for {new}.", "How about {new} instead of {old}?",
          "And for {new} instead of {old}?", "Same thing with {new} in place of {old}.", "Use {new} instead of {old}."]
AGAIN = ["Are you sure?", "Really?", "Can you double-check that?", "Check that again.", "Is that right?",
         "Hmm, are you certain?", "Could you verify it?", "Recheck please.", "That doesn't look right. Try again.",
         "are u sure", "Please check your answer.", "Is that correct?", "Wait, really?", "Can you redo that?",
         "I think that's wrong. Check again?", "Sure about that?"]
TEMPLATE_KINDS = {"add": ARITHMETIC["+"], "sub": ARITHMETIC["-"], "mul": ARITHMETIC["*"], "double": DOUBLING,
                  "change": CHANGE, "again": AGAIN}


LEADS = ["OK, ", "Great. ", "Thanks! ", "Cool, ", "Hmm, ", "Next, ", "Alright, ", "Nice. ", "Right, ", "So ", "Wait, ",
         "Good. ", "Okay and ", "One more: "]
TAILS = ["", " Thanks.", " please", " Show your work.", " :)", " Quick!"]


def split_templates(kind: str, split: str) -> list[tuple[int, str]]:
    """(index, template) of a split; the training split ends with the framed variants (indices past the list)."""
    want = split == "heldout"
    own = [(i, t) for i, t in enumerate(TEMPLATE_KINDS[kind]) if (i % HELDOUT_EVERY == HELDOUT_EVERY - 1) == want]
    if want:
        return own
    n = len(TEMPLATE_KINDS[kind])
    return own + [(n + j, v) for j, v in enumerate(framed_templates(kind))]


@lru_cache(maxsize=None)
def framed_templates(kind: str) -> tuple[str, ...]:
    """Training templates of a kind with a lead-in and a tail ("OK, now add {k} to that. Thanks."), none containing a
    held-out template."""
    own = [t for i, t in enumerate(TEMPLATE_KINDS[kind]) if i % HELDOUT_EVERY != HELDOUT_EVERY - 1]
    held = [t for i, t in enumerate(TEMPLATE_KINDS[kind]) if i % HELDOUT_EVERY == HELDOUT_EVERY - 1]
    out = []
    for t in own:
        low = t[0].lower() + t[1:] if not t[:2].isupper() else t
        out += [lead + low + tail for lead in LEADS for tail in TAILS]
    return tuple(apart_from(dict.fromkeys(out), held))


def _template(rng, kind, split, framed=True):
    """A template of the split; in training half of them framed (`framed=False`: hand-written ones only, as the
    suites' earlier turns are)."""
    templates = split_templates(kind, split)
    if split == "train":
        n = len(templates) - len(framed_templates(kind))
        templates = templates[n:] if framed and rng.random() < 0.5 else templates[:n]
    index, text = rng.choice(templates)
    return f"followup-{kind}:{index}", text


def _turn(item) -> list[dict]:
    return [{"role": "user", "content": item.question}, {"role": "assistant", "content": item.final_text()}]


def _arithmetic(rng, prev, difficulty, split, framed=True):
    """A follow-up doing arithmetic on the previous answer (a whole number >= 0), or None."""
    if not re.fullmatch(r"\d+", prev.expected):
        return None
    x = int(prev.expected)
    kind = rng.choice(["add", "add", "sub", "mul", "mul", "double"])
    k = 2 if kind == "double" else rng.choice([rng.randint(2, 9), rng.randint(10, 99), rng.choice([10, 100, 1000])])
    if kind == "mul" and k == 1000 or kind in ("mul", "double") and x >= 100_000:
        return None
    template_id, template = _template(rng, kind, split, framed)
    question = decorate(rng, template.format(k=k))
    build, sign = {"add": (add_item, "+"), "sub": (sub_item, "-"), "mul": (mul_item, "*"), "double": (mul_item, "*")}[kind]
    item = restate(build(x, k, difficulty, question), f"{x} {sign} {k}", f"Previous answer: {x}")
    item.task = "followup-arithmetic"
    item.extra.update(template=template_id, wording="mul" if kind == "double" else kind, values={"a": x, "b": k})
    return item


def _change(rng, prev, difficulty, split, framed=True):
    """The previous question with one number changed, or None when its wording cannot change one."""
    wording = WORDINGS[prev.extra["wording"]]
    values = prev.extra["values"]
    if not wording.changeable:
        return None
    key = rng.choice(wording.changeable)
    old = values[key]
    old_canonical = wording.canonical(values)
    for _ in range(20):
        new_values = dict(values)
        new_values.update({key: draw_values(rng, wording, difficulty)[key]})
        new = new_values[key]
        if str(old) in str(new) or str(new) in str(old) or any(new == v for k, v in values.items() if k != key):
            continue
        if len(re.findall(rf"(?<!\d){old}(?!\d)", old_canonical)) != 1:
            return None  # "instead of 12" must name one number of the question
        if len(wording.build(new_values, difficulty, "").thinking["high"]) > MAX_TRACE_CHARS:
            continue
        canonical = wording.canonical(new_values)
        template_id, template = _template(rng, "change", split, framed)
        question = decorate(rng, template.format(new=new, old=old))
        item = restate(wording.build(new_values, difficulty, question), canonical, f"Previous question: {old_canonical}")
        item.task = "followup-change"
        item.extra.update(template=template_id, wording=wording.name, values=new_values)
        return item
    return None


def _again(rng, prev, difficulty, split, framed=True):
    wording = WORDINGS[prev.extra["wording"]]
    template_id, template = _template(rng, "again", split, framed)
    canonical = wording.canonical(prev.extra["values"])
    item = wording.build(prev.extra["values"], difficulty, decorate(rng, template))
    item = restate(item, canonical, f"Previous question: {canonical}")
    item.task = "followup-again"
    item.extra.update(template=template_id, wording=wording.name, values=prev.extra["values"])
    return item


FOLLOW = {"arithmetic": _arithmetic, "change": _change, "again": _again}


def _first(rng, difficulty, framed=True):
    """An opening question in plain words (training templates), as a user would start; the suites open with
    hand-written templates only (`framed=False`)."""
    wording = rng.choice(list(WORDINGS.values()))
    return plain_item(rng, wording, difficulty, "train", framed=framed)


def conversation_item(rng, difficulty, split="train", turns=None):
    """A conversation of 2-4 user turns whose last turn is a follow-up; earlier answers are right, as the model's."""
    turns = turns or rng.choice([2, 2, 2, 3, 3, 4])
    for _ in range(50):
        history, prev, ok = [], _first(rng, min(difficulty, 3), framed=split == "train"), True
        for t in range(turns - 1):
            kinds = ["arithmetic", "arithmetic", "change", "again"] if t == turns - 2 else ["arithmetic", "change"]
            follow = None
            for _ in range(10):
                follow = FOLLOW[rng.choice(kinds)](rng, prev, min(difficulty, 3), split if t == turns - 2 else "train",
                                                   framed=split == "train")
                if follow is not None:
                    break
            if follow is None:
                ok = False
                break
            history += _turn(prev)
            prev = follow
        if ok:
            prev.history = history
            return prev
    raise RuntimeError("no follow-up conversation could be drawn")


def context_item(rng, difficulty):
    """A turn after unrelated turns: a question after a greeting, thanks after an answer, a decline or a refusal
    after a question. The trace is the turn's own (nothing is taken from before)."""
    r = rng.random()
    if r < 0.35:
        first = make_chat(rng, 1)
        item = _first(rng, difficulty)
    elif r < 0.6:
        first = _first(rng, min(difficulty, 3))
        kind = rng.choice(["thanks", "thanks", "goodbye", "how_are_you"])
        item = make_chat(rng, 1)
        while item.extra["kind"] != kind:
            item = make_chat(rng, 1)
    elif r < 0.8:
        first = _first(rng, min(difficulty, 3))
        item = make_decline(rng, 1)
    else:
        first = _first(rng, min(difficulty, 3))
        item = make_safety(rng, 1)
    item.history = _turn(first)
    return item


def make_followup(rng, difficulty, split="train"):
    if rng.random() < 0.25:
        return context_item(rng, difficulty)
    return conversation_item(rng, difficulty, split)


assert set(CHAT_KINDS) >= {"thanks", "goodbye", "how_are_you"}
