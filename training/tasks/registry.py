"""All task families by name, with their share of the training mix."""
from .algebra import make_linear
from .arithmetic import make_add, make_mul, make_sub
from .chat import make_chat
from .copying import make_copy
from .counting import make_count
from .declines import make_decline
from .division import make_div, make_gcd
from .expressions import make_expr
from .followups import make_followup
from .fractions import make_fraction
from .modular import make_mod
from .ordering import make_compare, make_sort
from .physics import make_physics
from .plain import NEW_FAMILIES, family_maker, make_plain
from .programs import make_program
from .safety import make_safety
from .tools import make_tool

FAMILIES = {
    "add": make_add, "sub": make_sub, "mul": make_mul, "compare": make_compare, "sort": make_sort,
    "count": make_count, "mod": make_mod, "expr": make_expr, "tool": make_tool,
    # added after the first training run
    "div": make_div, "gcd": make_gcd, "linear": make_linear, "fraction": make_fraction, "physics": make_physics,
    "program": make_program,
    # added for the fourth run: copying names from the context, which tool calls need
    "copy": make_copy,
    # issue 25: plain questions, new families asked in people's words, chat, declines, safety, follow-ups
    "plain": make_plain, **{task: family_maker(task) for task in NEW_FAMILIES},
    "chat": make_chat, "decline": make_decline, "safety": make_safety, "followup": make_followup,
}
FIRST_RUN_FAMILIES = ("add", "sub", "mul", "compare", "sort", "count", "mod", "expr", "tool")
# relative number of training questions per family (harder families get more)
WEIGHTS = {"add": 1.0, "sub": 1.0, "mul": 1.6, "compare": 0.6, "sort": 1.0, "count": 1.0, "mod": 1.3,
           "expr": 1.6, "tool": 1.0, "div": 1.0, "gcd": 0.8, "linear": 1.0, "fraction": 1.0, "physics": 1.0,
           "program": 1.0, "copy": 1.0, "plain": 3.0, "prime": 0.8, "percent": 0.6, "units": 0.5, "fraccmp": 0.5,
           "average": 0.5, "rate": 0.8, "chat": 0.6, "decline": 0.8, "safety": 1.2, "followup": 1.5}
# families whose pool of prompts is small: a prompt may be drawn again (training data deduplicates the others)
REPEATABLE = ("chat", "decline", "safety")
TRAIN_DIFFICULTIES = (1, 2, 3, 4)
OOD_DIFFICULTY = 5
# the issue-25 families: questions in people's words and conversations, difficulties 1-4 only (no OOD level)
PLAIN_FAMILIES = ("plain", *NEW_FAMILIES, "chat", "decline", "safety", "followup")
