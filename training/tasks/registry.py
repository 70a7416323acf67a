"""All task families by name, with their share of the training mix."""
from .arithmetic import make_add, make_mul, make_sub
from .counting import make_count
from .expressions import make_expr
from .modular import make_mod
from .ordering import make_compare, make_sort
from .tools import make_tool

FAMILIES = {
    "add": make_add, "sub": make_sub, "mul": make_mul, "compare": make_compare, "sort": make_sort,
    "count": make_count, "mod": make_mod, "expr": make_expr, "tool": make_tool,
}
# relative number of training questions per family (harder families get more)
WEIGHTS = {"add": 1.0, "sub": 1.0, "mul": 1.6, "compare": 0.6, "sort": 1.0, "count": 1.0, "mod": 1.3,
           "expr": 1.6, "tool": 1.0}
TRAIN_DIFFICULTIES = (1, 2, 3, 4)
OOD_DIFFICULTY = 5
