"""Unit conversions and physics-formula word problems (templated English, integer answers).

high: the formula, each conversion factor applied on its own line, the product, a unit check.
medium: the formula with numbers substituted and the result.
"""
from .common import Item, maybe_json, op_text

CONVERSIONS = [  # (from, to, factor)
    ("km", "m", 1000), ("m", "cm", 100), ("cm", "mm", 10), ("kg", "g", 1000), ("hours", "minutes", 60),
    ("minutes", "seconds", 60), ("days", "hours", 24), ("weeks", "days", 7), ("liters", "milliliters", 1000),
    ("feet", "inches", 12), ("yards", "feet", 3), ("kilobytes", "bytes", 1024),
]
CHAINS = [["days", "hours", "minutes", "seconds"], ["km", "m", "cm", "mm"], ["weeks", "days", "hours", "minutes"],
          ["yards", "feet", "inches"]]
FACTOR = {(a, b): f for a, b, f in CONVERSIONS}
def _times(a, b):
    """`a*b` with its digit work: a power of ten appends zeros, anything else goes through op_text (a one-digit
    factor times a two-digit one was done in the head before, and `28*6 = 136` was typical)."""
    if b in (10, 100, 1000):
        return f"{a} * {b} = {a} then {str(b)[1:]} = {a * b}"
    return op_text(a, "*", b, a * b)


def _prod(a, b):
    return [_times(a, b)]


NAMES = ["A car", "A train", "A cyclist", "A runner", "A boat", "A drone"]


def make_physics(rng, difficulty):
    kind = rng.choice(["convert", "chain", "speed", "force", "ohm", "work", "density"])
    if kind == "convert":
        a, b, f = rng.choice(CONVERSIONS)
        v = rng.randint(2, 10 ** min(difficulty, 3))
        q = rng.choice([f"Convert {v} {a} to {b}.", f"How many {b} are in {v} {a}?"])
        return maybe_json(rng, convert_item(v, a, b, difficulty, q), 0.0)
    if kind == "chain":
        chain = rng.choice(CHAINS)
        k = min(len(chain) - 1, 1 + difficulty // 2)
        units = chain[:k + 1]
        v = rng.randint(2, 5 * difficulty)
        return chain_item(v, units, difficulty, f"How many {units[-1]} are in {v} {units[0]}?")
    if kind == "speed":
        v, t = rng.randint(3, 20 * difficulty), rng.randint(2, 3 + difficulty * 2)
        who = rng.choice(NAMES)
        return distance_item(v, t, difficulty, f"{who} moves at {v} km/h for {t} hours. How far does it travel in km?")
    if kind == "force":
        m, a = rng.randint(2, 10 * difficulty), rng.randint(2, 3 + 3 * difficulty)
        return force_item(m, a, difficulty,
                          f"A force accelerates a {m} kg mass at {a} m/s^2. What is the force in newtons?")
    if kind == "ohm":
        i, r = rng.randint(2, 4 + 2 * difficulty), rng.randint(2, 10 * difficulty)
        return ohm_item(i, r, difficulty,
                        f"A current of {i} A flows through a {r} ohm resistor. What is the voltage in volts?")
    if kind == "work":
        f, d = rng.randint(2, 10 * difficulty), rng.randint(2, 5 * difficulty)
        t = rng.choice([x for x in range(1, 11) if (f * d) % x == 0])
        return power_item(f, d, t, difficulty, f"A {f} N force pushes a box {d} m in {t} s. What is the power in watts?")
    dens, vol = rng.randint(2, 12), rng.randint(2, 10 * difficulty)
    return density_item(dens, vol, difficulty,
                        f"A block has density {dens} g/cm^3 and volume {vol} cm^3. What is its mass in grams?")


def _item(difficulty, q, answer, high, medium):
    return Item("physics", difficulty, q, answer, {"low": "", "medium": medium, "high": "\n".join(high)})


def convert_item(v, a, b, difficulty, q):
    """v units a in units b (b smaller: a whole number), asked as q."""
    f = FACTOR[(a, b)]
    ans = v * f
    high = [f"1 {a} = {f} {b}", _times(v, f), f"{v} {a} = {ans} {b}", f"Check: {ans} {b} is {v} {a}."]
    return _item(difficulty, q, f"{ans} {b}", high, f"{v} {a} = {ans} {b}")


def chain_item(v, units, difficulty, q):
    """v units[0] in units[-1], one factor at a time, asked as q."""
    high, cur = [], v
    for a, b in zip(units, units[1:]):
        f = FACTOR[(a, b)]
        high.append(f"{cur} {a} = {cur}*{f} {b}: " + _times(cur, f))
        cur *= f
    high.append(f"Check: the units go {' -> '.join(units)}.")
    return _item(difficulty, q, f"{cur} {units[-1]}", high, f"{v} {units[0]} = {cur} {units[-1]}")


def distance_item(v, t, difficulty, q):
    """The distance covered at v km/h for t hours, asked as q."""
    d = v * t
    high = ["distance = speed * time", f"= {v}*{t}", *_prod(v, t), f"= {d} km", f"Check: {v} km/h for {t} hours."]
    return _item(difficulty, q, f"{d} km", high, f"{v}*{t} = {d} km")


def force_item(m, a, difficulty, q):
    """F = m*a in newtons, asked as q."""
    f = m * a
    high = ["F = m*a", f"= {m}*{a}", *_prod(m, a), f"= {f} N", "Check: newtons are kg*m/s^2."]
    return _item(difficulty, q, f"{f} N", high, f"{m}*{a} = {f} N")


def ohm_item(i, r, difficulty, q):
    """V = I*R in volts, asked as q."""
    v = i * r
    high = ["V = I*R", f"= {i}*{r}", *_prod(i, r), f"= {v} V", "Check: volts are amperes*ohms."]
    return _item(difficulty, q, f"{v} V", high, f"{i}*{r} = {v} V")


def power_item(f, d, t, difficulty, q):
    """The power of a force f pushing d metres in t seconds (t divides f*d), asked as q."""
    w = f * d
    high = ["W = F*d", f"= {f}*{d}", *_prod(f, d), f"= {w} J", "P = W/t", f"= {w}/{t}",
            op_text(w, "/", t, w // t) if t > 1 else f"{w} / 1 = {w}", f"= {w // t} W",
            "Check: watts are joules per second."]
    return _item(difficulty, q, f"{w // t} W", high, f"W = {w} J, P = {w // t} W")


def density_item(dens, vol, difficulty, q):
    """The mass of vol cm^3 at density dens g/cm^3, asked as q."""
    m = dens * vol
    high = ["m = density * volume", f"= {dens}*{vol}", *_prod(dens, vol), f"= {m} g", "Check: grams are g/cm^3*cm^3."]
    return _item(difficulty, q, f"{m} g", high, f"{dens}*{vol} = {m} g")
