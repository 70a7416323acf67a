"""Tool-use conversations: tools declared with random names and parameter names, one call, one response.

Held-out split: evaluation tools use verbs, nouns and parameter names never seen in training, so the
tool-call suite measures reading the schema, not memorising names.
"""
import json

CITIES = ["Paris", "Tokyo", "Lima", "Oslo", "Cairo", "Denver", "Madrid", "Seoul", "Nairobi", "Quito",
          "Berlin", "Sydney", "Toronto", "Mumbai", "Dublin", "Santiago", "Hanoi", "Riga", "Accra", "Perth"]
COUNTRIES = ["France", "Japan", "Peru", "Norway", "Egypt", "Chile", "Kenya", "Spain", "Canada", "India",
             "Ireland", "Vietnam", "Latvia", "Ghana", "Brazil", "Mexico"]
SYMBOLS = ["ACME", "GLOB", "NOVA", "ZEN", "QBIT", "LUMA", "ORCA", "PIXL", "TERA", "VOLT"]
CURRENCIES = ["USD", "EUR", "JPY", "GBP", "CHF", "CAD", "INR", "BRL"]
NAMES = ["Ada", "Linus", "Grace", "Alan", "Barbara", "Ken", "Edsger", "Margaret", "Donald", "Frances"]

# verb / noun / parameter-name pools; index 0 = training, 1 = held-out evaluation
VERBS = (["get", "fetch", "lookup", "find", "query", "retrieve", "check", "read"],
         ["obtain", "request", "pull", "load"])
DOMAINS = {
    "weather": (["weather", "forecast", "current_weather", "weather_now"], ["climate_report", "meteo"]),
    "multiply": (["product", "multiply", "times", "mul"], ["multiplication", "prod"]),
    "add": (["sum", "add", "plus", "addition"], ["total", "accumulate"]),
    "population": (["population", "people_count", "inhabitants"], ["census", "headcount"]),
    "stock": (["stock_price", "quote", "share_price"], ["ticker_value", "market_price"]),
    "convert": (["currency_convert", "exchange", "fx_convert"], ["money_exchange", "convert_money"]),
    "distance": (["distance", "route_length", "travel_distance"], ["gap_km", "span"]),
    "user": (["user", "user_profile", "account"], ["member", "person_record"]),
}
PARAMS = {
    "city": (["city", "location", "place", "town"], ["locality", "where"]),
    "unit": (["unit", "units", "scale"], ["temp_scale", "measure"]),
    "a": (["a", "x", "first", "left", "lhs"], ["operand1", "m"]),
    "b": (["b", "y", "second", "right", "rhs"], ["operand2", "n"]),
    "country": (["country", "nation", "country_name"], ["state", "land"]),
    "symbol": (["symbol", "ticker", "code"], ["instrument", "sym"]),
    "amount": (["amount", "value", "sum"], ["qty", "money"]),
    "from": (["from_currency", "source", "base"], ["origin_ccy", "src"]),
    "to": (["to_currency", "target", "quote_currency"], ["dest_ccy", "dst"]),
    "origin": (["origin", "start", "from_city"], ["departure", "begin"]),
    "destination": (["destination", "end", "to_city"], ["arrival", "finish"]),
    "user_id": (["user_id", "id", "uid"], ["member_id", "key"]),
}


HELD_OUT_WORDS = set(VERBS[1]) | {w for pools in list(DOMAINS.values()) + list(PARAMS.values()) for w in pools[1]}
# Training also draws made-up words, so that the only way to name a tool or a parameter right is to copy it
# from the declaration (a small vocabulary of real names is memorised instead: measured, 0% on held-out names).
INVENTED_SHARE = 0.6
_ONSETS = ["b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "br", "st", "tr"]
_VOWELS = ["a", "e", "i", "o", "u"]
# Lowercase pieces of the tokenizer's vocabulary (set by prepare_data when it reuses a tokenizer). Names glued from
# them make every letter token a copy target: run 7 garbled held-out names (`hatest_member` for `request_member`)
# whose tokens, like `requ`, had been copied from a declaration too rarely to be read back right.
_name_pieces = []


def use_name_pieces(vocab):
    """Draw part of the invented names from these tokens (those of two or more lowercase letters)."""
    _name_pieces[:] = sorted(t for t in vocab if len(t) >= 2 and t.isascii() and t.isalpha() and t.islower())


def _invented(rng):
    while True:
        word = _invented_candidate(rng)
        if word not in HELD_OUT_WORDS:
            return word


def _invented_candidate(rng):
    if _name_pieces and rng.random() < 0.4:
        return "".join(rng.choice(_name_pieces) for _ in range(rng.randint(1, 3)))
    if rng.random() < 0.3:  # random letters too: names tokenized into pieces no syllable word gives
        return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 7)))
    word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(rng.randint(1, 3)))
    if rng.random() < 0.4:
        word += rng.choice(["n", "r", "s", "t", "x"])
    return word


def _word(rng, pools, split):
    if split == 0 and rng.random() < INVENTED_SHARE:
        return _invented(rng)
    return rng.choice(pools[split])


def _name(rng, domain, split):
    verb, noun = _word(rng, VERBS, split), _word(rng, DOMAINS[domain], split)
    if rng.random() < 0.3:
        return verb + "".join(w.capitalize() for w in noun.split("_"))
    return f"{verb}_{noun}"


def _domain_case(rng, domain, split, d):
    """(description, {param: (name, schema, value)}, question, purpose, response, answer)."""
    taken = set()

    def p(key):
        name = _word(rng, PARAMS[key], split)
        while name in taken:  # two parameters of one tool never share a name
            name = _word(rng, PARAMS[key], split)
        taken.add(name)
        return name

    if domain == "weather":
        city, unit = rng.choice(CITIES), rng.choice(["celsius", "fahrenheit"])
        t = rng.randint(-10, 35) if unit == "celsius" else rng.randint(10, 100)
        cond = rng.choice(["sunny", "cloudy", "rainy", "windy", "snowy"])
        args = {"city": (p("city"), {"type": "string"}, city),
                "unit": (p("unit"), {"type": "string", "enum": ["celsius", "fahrenheit"]}, unit)}
        q = rng.choice([f"What's the weather in {city} in {unit}?", f"How warm is it in {city} right now ({unit})?"])
        return "Current weather for a city.", args, q, f"the weather in {city}", \
            {"temperature": t, "condition": cond}, f"{t} degrees {unit}, {cond}"
    if domain in ("multiply", "add"):
        a, b = rng.randint(10, 10 ** (2 + d)), rng.randint(2, 10 ** (1 + d))
        args = {"a": (p("a"), {"type": "integer"}, a), "b": (p("b"), {"type": "integer"}, b)}
        op = "*" if domain == "multiply" else "+"
        val = a * b if op == "*" else a + b
        q = rng.choice([f"Use the tool to compute {a} {op} {b}.", f"What is {a} {op} {b}? Use a tool."])
        desc = "Multiply two integers." if op == "*" else "Add two integers."
        return desc, args, q, f"{a} {op} {b}", {"result": val}, str(val)
    if domain == "population":
        c = rng.choice(COUNTRIES)
        n = rng.randint(10 ** 5, 10 ** 9)
        args = {"country": (p("country"), {"type": "string"}, c)}
        return "Population of a country.", args, f"How many people live in {c}?", \
            f"the population of {c}", {"population": n}, str(n)
    if domain == "stock":
        s = rng.choice(SYMBOLS)
        price = round(rng.uniform(1, 900), 2)
        args = {"symbol": (p("symbol"), {"type": "string"}, s)}
        return "Latest price of a stock.", args, f"What is the current price of {s} stock?", \
            f"the price of {s}", {"price": price}, str(price)
    if domain == "convert":
        amt = rng.randint(1, 5000)
        f, t = rng.sample(CURRENCIES, 2)
        out = round(amt * rng.uniform(0.01, 150), 2)
        args = {"amount": (p("amount"), {"type": "number"}, amt), "from": (p("from"), {"type": "string"}, f),
                "to": (p("to"), {"type": "string"}, t)}
        return "Convert money between currencies.", args, f"Convert {amt} {f} to {t}.", \
            f"{amt} {f} in {t}", {"converted": out}, f"{out} {t}"
    if domain == "distance":
        o, de = rng.sample(CITIES, 2)
        km = rng.randint(50, 19000)
        args = {"origin": (p("origin"), {"type": "string"}, o),
                "destination": (p("destination"), {"type": "string"}, de)}
        return "Distance in km between two cities.", args, f"How far is {o} from {de} in km?", \
            f"the distance from {o} to {de}", {"km": km}, f"{km} km"
    uid = rng.randint(1, 99999)
    nm = rng.choice(NAMES)
    args = {"user_id": (p("user_id"), {"type": "integer"}, uid)}
    return "Look up a user by id.", args, f"What is the name of user {uid}?", \
        f"the name of user {uid}", {"name": nm, "id": uid}, nm


class ToolItem:
    """One tool conversation; examples(effort) gives the two training completions."""

    def __init__(self, task, difficulty, tools, question, call, response, answer, thinking):
        self.task, self.difficulty, self.tools = task, difficulty, tools
        self.question, self.call, self.response, self.expected = question, call, response, answer
        self.thinking = thinking  # effort -> (think before the call, think after the response)

    def call_text(self):
        return "<tool_call>\n" + json.dumps({"name": self.call["name"], "arguments": self.call["arguments"]}) + \
            "\n</tool_call>"

    def examples(self, effort, system):
        t1, t2 = self.thinking[effort]
        msgs = [{"role": "system", "content": system}, {"role": "user", "content": self.question}]
        first = "<think>\n" + t1 + "\n</think>\n\n" + self.call_text()
        tc = {"type": "function", "function": {"name": self.call["name"], "arguments": self.call["arguments"]}}
        msgs2 = msgs + [{"role": "assistant", "content": "", "tool_calls": [tc]},
                        {"role": "tool", "content": json.dumps(self.response)}]
        second = "<think>\n" + t2 + "\n</think>\n\nAnswer: " + self.expected
        return [(msgs, first), (msgs2, second)]


def make_tool(rng, difficulty, split=0):
    domains = list(DOMAINS)
    ntools = min(len(domains), difficulty)
    chosen = rng.sample(domains, ntools)
    target = chosen[0]
    tools, call, q, purpose, response, answer, wanted = [], None, None, None, None, None, None
    used_names = set()
    for dom in chosen:
        desc, args, qq, pp, resp, ans = _domain_case(rng, dom, split, min(difficulty, 3))
        name = _name(rng, dom, split)
        while name in used_names:
            name = _name(rng, dom, split)
        used_names.add(name)
        props = {pname: dict(schema) for pname, schema, _ in args.values()}
        tools.append({"type": "function", "function": {"name": name, "description": desc, "parameters": {
            "type": "object", "properties": props, "required": list(props)}}})
        if dom == target:
            call = {"name": name, "arguments": {pname: val for pname, _, val in args.values()}}
            q, purpose, response, answer, wanted = qq, pp, resp, ans, desc
    rng.shuffle(tools)
    # Names and keys are written quoted after a space, exactly as in the JSON declaration and the call: BPE splits
    # `"request_member` as ` "`, `requ`, `est`, … but ` request_member` as ` re`, `qu`, …, so an unquoted name in
    # the reasoning is a different token sequence and copying it would mean translating, not repeating.
    arg_text = ", ".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in call["arguments"].items())
    key = next(iter(response))
    name = json.dumps(call["name"])
    # Each tool is listed as the declaration has it, name then description (copying in order), followed by whether
    # it fits; the one that fits has its name repeated right after `yes,`, a few tokens from where it was just
    # written, so the call copies what follows `yes,` (run 5 of the model card, training/runs/run7, listed description
    # then name, which meant looking back in the declaration for every tool, and it paired names with the wrong
    # descriptions).
    listing = " ".join(f'{json.dumps(t["function"]["name"])}: {t["function"]["description"]} ' +
                       (f'yes, {json.dumps(t["function"]["name"])}.' if t["function"]["name"] == call["name"] else "no.")
                       for t in tools)
    # High starts by repeating the question, so the purpose is written a few tokens after the words that decide it
    # (run 6 wrote "The user wants the weather in France" for "How many people live in France?"). The purpose is
    # followed by the description the right tool must have, word for word, so each `yes`/`no` of the listing is an
    # exact match of two copies of one description rather than a judgement of meaning (runs 6-8 said `no` to
    # "Population of a country." after "the population of Canada" and chose by the declared names instead).
    # Medium is the same choice without the repetition and the check: the bare `Use {name}.` of runs 1-8 chose the
    # tool in one step, worse at medium than at low.
    choice = f"That is {purpose}: {wanted} Tools: {listing} Call {name}"
    thinking = {
        "low": ("", ""),
        "medium": (f"{choice}.", f"The tool returned {json.dumps(response)}."),
        "high": (f"The user asks: {q} {choice} with {arg_text}.",
                 f"{name} returned {json.dumps(response)}. The {key} is {response[key]}. "
                 f"Check: it answers {purpose}."),
    }
    return ToolItem("tool", difficulty, tools, q, call, response, answer, thinking)
