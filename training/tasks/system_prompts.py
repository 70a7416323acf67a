"""System (or developer) prompts a user might send: training conversations carry some of them, so a user's own prompt
does not derail the model; the suites use the held-out list for a share of their items."""

TRAIN = ["You are a helpful assistant.", "You are a careful math tutor.", "Answer precisely.",
         "You are Deliberate Nano.", "Think step by step when asked to reason.", "Be concise.",
         "You are a friendly assistant.", "You are an AI assistant. Answer the user's questions.",
         "Keep answers short.", "You are a helpful, honest and harmless assistant.", "Respond in English.",
         "You are a math helper for students."]
HELDOUT = ["You are a helpful AI.", "You are a polite assistant who answers briefly.",
           "You are an assistant for a small team.", "Be accurate and brief.",
           "You help people with their questions."]


def with_system(rng, messages: list[dict], prompts: list[str], share: float = 0.25) -> list[dict]:
    """messages with a system or developer prompt from prompts in front, with probability share."""
    r = rng.random()
    if r >= share:
        return messages
    role = "system" if r < share * 0.6 else "developer"
    return [{"role": role, "content": rng.choice(prompts)}] + messages
