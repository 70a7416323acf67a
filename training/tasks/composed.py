"""Prompts composed from parts (openers, cores, closers), for training only, kept apart from held-out prompts.

A small model learns what a kind of request looks like from many surface forms, not from 20 sentences repeated. The
composers of `chat`, `safety` and `declines` multiply hand-written parts into hundreds of training prompts; a composed
prompt is dropped when it contains a held-out prompt (compared as lower-case words, punctuation aside), so a held-out
prompt stays a phrasing training never wrote, not a training prompt with one more word.
"""
import itertools
import re


def words_of(text: str) -> str:
    """Lower-case words (letters, digits, apostrophes and {fields}) joined by single spaces."""
    return " ".join(re.findall(r"[\w'{}]+", text.lower().replace("\u2019", "'")))


def contains(text: str, part: str) -> bool:
    """Whether part's words appear in text's words as a whole run of words."""
    a, b = words_of(text), words_of(part)
    return bool(b) and f" {b} " in f" {a} "


def compose(*parts) -> list[str]:
    """Every concatenation of one choice from each list of parts, in order, without repeats."""
    return list(dict.fromkeys("".join(choice) for choice in itertools.product(*parts)))


def apart_from(prompts, heldout) -> list[str]:
    """prompts without any that contains a held-out prompt."""
    return [p for p in prompts if not any(contains(p, h) for h in heldout)]
