"""The thinking budgets deliberate-nano ships with: how many reasoning tokens each effort may spend before `</think>`
is forced. The one table on the Python side: generate.py and eval_torch.py budget with it, and the GGUF gets it from

    ./deliberate convert training/export/deliberate-nano models/deliberate-nano.gguf --type f32 \\
        --budgets "$(python3 -m training.thinking_budgets)" --name deliberate-nano

which prints it as LOW,MEDIUM,HIGH. Low effort is trained with empty reasoning; medium traces reach 249 tokens for
linear equations and 374 for fractions at training difficulties (one cut by the budget ends in a guess); high is 640
since the context grew to 1024 tokens (run 4). training/tests/test_thinking_budgets.py holds the shipped GGUF to it.
"""

THINKING_BUDGETS = {"low": 16, "medium": 256, "high": 640}


def convert_flag() -> str:
    """The table as `./deliberate convert --budgets` takes it: LOW,MEDIUM,HIGH."""
    return ",".join(str(THINKING_BUDGETS[effort]) for effort in ("low", "medium", "high"))


if __name__ == "__main__":
    print(convert_flag())
