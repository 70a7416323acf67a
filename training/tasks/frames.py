"""Training-only variants of a wording's templates: the same question in other frames ("Can you …?", "Please …",
"Tell me …", "Homework: …", "… Show your work."), so the model learns that the frame does not matter and the words
that say the operation do.

A variant is kept only when it is apart from every held-out template of its wording: it contains none (as words,
punctuation aside) and does not have the same content words (the words left when frame words such as "what", "is",
"calculate", "please" are dropped). "What's the product of {a} and {b}?" is thus never made from a training template
when "What is the product of {a} and {b}?" is held out. `training/tests/test_phrasing.py` also checks, as for every
training template, that no variant produces a held-out question.
"""
import re

from .composed import contains, words_of

QUESTION_OPENERS = ["What is ", "What's ", "whats ", "Do you know ", "Can you tell me ", "Could you tell me ",
                    "I'd like to know ", "Quick: what's "]
IMPERATIVE_OPENERS = ["Can you ", "Could you ", "Please ", "Would you ", "I need you to ", "Help me ", "Go ahead and ",
                      "Try to "]
IMPERATIVES = ("find", "calculate", "compute", "work out", "give me", "tell me", "multiply", "divide", "convert",
               "count", "simplify", "solve", "add", "subtract", "sort", "put", "evaluate", "determine", "figure out",
               "list", "express", "write", "take", "get", "show me", "check", "round", "order", "arrange")
LEADS = ["Math question: ", "Homework: ", "Here's one: ", "Try this one: ", "My teacher asked: ", "Next question. ",
         "Simple one: ", "For my class: ", "Help with this: ", "One more: "]
TAILS = [" Show your work.", " Just the answer, please.", " Step by step, please.", " I think I got it wrong.",
         " Quick!", " No calculator.", " Explain briefly."]
FRAME_WORDS = set(("what is whats what's s do does you know can could tell me i'd i like to quick please would need "
                   "help go ahead and try find calculate compute work out give get figure determine evaluate show "
                   "math question homework here's one this my teacher asked next simple for class with more your "
                   "just the answer step by i think got it wrong no calculator explain briefly a an of").split())


def _closed(template: str) -> str:
    """The template ending in a question mark (a trailing full stop or nothing becomes '?')."""
    return template.rstrip(" .?") + "?" if not template.endswith("```") else template


def raw_variants(template: str) -> list[str]:
    """Frames around one template: other question openers, polite imperatives, lead-ins and tails."""
    out = []
    if "```" in template or "\n" in template:  # a program listing keeps its layout; only lead-ins
        return [lead + template for lead in LEADS[:4]]
    low = template[0].lower() + template[1:]
    m = re.match(r"(?i)(what is|what's|whats) (.+)$", template)
    if m:
        out += [opener + m.group(2) for opener in QUESTION_OPENERS]
    verb = next((v for v in IMPERATIVES if low.startswith(v + " ")), None)
    if verb:
        out += [opener + _closed(low) if opener.endswith("you ") else opener + low
                for opener in IMPERATIVE_OPENERS]
    out += [lead + low if lead.endswith(": ") else lead + template for lead in LEADS]
    if template.endswith(("?", ".")):
        out += [template + tail for tail in TAILS]
    return out


def content_words(template: str) -> tuple[str, ...]:
    return tuple(w for w in words_of(template).split() if w not in FRAME_WORDS)


def variants(train_templates: list[str], heldout_templates: list[str]) -> list[str]:
    """Frame variants of the training templates, apart from every held-out template (see the module docstring),
    none equal to a template already given."""
    given = set(train_templates) | set(heldout_templates)
    held_content = {content_words(h) for h in heldout_templates}
    out = []
    for t in train_templates:
        for v in raw_variants(t):
            if v in given or content_words(v) in held_content or any(contains(v, h) for h in heldout_templates):
                continue
            given.add(v)
            out.append(v)
    return out
