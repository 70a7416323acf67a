"""Physics formulas and chained unit conversions in people's words (simple conversions are `units.py`)."""
from .physics import CHAINS, chain_item, density_item, distance_item, force_item, ohm_item, power_item
from .units import NAMES, UNIT_NAMES
from .wording import Wording

VEHICLES = ["car", "train", "bus", "cyclist", "runner", "truck", "boat", "plane", "scooter", "horse"]
OBJECTS = ["cart", "box", "sled", "crate", "ball", "robot", "trolley", "block"]

DISTANCE = [
    "A {vehicle} goes {v} km/h for {t} hours. How far does it go?",
    "How far do you travel in {t} hours at {v} km per hour?",
    "If a {vehicle} drives at {v} km/h for {t} h, what distance does it cover?",
    "Distance after {t} hours at {v} km/h?",
    "I drive for {t} hours at {v} kilometers per hour. How many km is that?",
    "What distance does a {vehicle} cover in {t} hours at {v} km/h?",
    "A {vehicle} travels at a steady {v} km/h. How many kilometres does it travel in {t} hours?",
    "At {v} km/h, how far will I get in {t} hours?",
    "speed {v} km/h, time {t} h, distance?",
    "How many km does a {vehicle} going {v} km an hour cover in {t} hours?",
    "{t} hours at {v} km/h is how far?",
    "Find the distance: {v} km/h for {t} hours.",
    # appended after the first issue-25 run (the held-out split above stays)
    "How far does a {vehicle} go in {t} hours at {v} km/h?",
    "Distance covered at {v} km/h in {t} hours?",
    "A {vehicle} moves at {v} km/h. How far in {t} hours?",
    "If I go {v} km/h for {t} hours, how many km do I cover?",
    "What is the distance for {t} h at {v} km/h?",
    "{v} km/h for {t} hours: how far?",
    "Find how far a {vehicle} travels at {v} km/h over {t} hours.",
    "How many kilometers in {t} hours at {v} km/h?",
]
FORCE = [
    "What force does it take to accelerate {m} kg at {a} m/s^2?",
    "F = m*a with m = {m} kg and a = {a} m/s^2. What is F?",
    "A {m} kg {obj} accelerates at {a} m/s². What is the net force?",
    "How many newtons are needed to give a {m} kg mass an acceleration of {a} m/s^2?",
    "Mass {m} kg, acceleration {a} m/s^2: force in N?",
    "What's the force on a {m} kg {obj} accelerating at {a} m/s^2?",
    "Find the force in newtons: m = {m} kg, a = {a} m/s^2.",
    "If I push a {m} kg {obj} so it speeds up at {a} m/s^2, what force am I using?",
    "Calculate the force to accelerate a {m} kg {obj} at {a} meters per second squared.",
    "Force needed: {m} kg at {a} m/s^2?",
    "Newton's second law: {m} kg and {a} m/s^2. What's the force?",
    # appended after the first issue-25 run (the held-out split above stays)
    "What is the force on {m} kg accelerating at {a} m/s^2?",
    "Force for m = {m} kg, a = {a} m/s^2?",
    "How much force accelerates a {m} kg {obj} at {a} m/s^2?",
    "Push a {m} kg {obj} to {a} m/s^2: how many newtons?",
    "A {m} kg {obj} speeds up at {a} m/s^2. Force in newtons?",
    "Compute the force: {m} kg, {a} m/s^2.",
    "What force gives {m} kg an acceleration of {a} m/s^2?",
    "Find F when m is {m} kg and a is {a} m/s^2.",
    "Net force on a {m} kg {obj} with acceleration {a} m/s^2?",
    "{m} kg times {a} m/s^2 is how many newtons?",
]
OHM = [
    "What voltage drives {i} amps through {r} ohms?",
    "V = I*R with I = {i} A and R = {r} ohms. What is V?",
    "A {r} ohm resistor carries {i} A. What's the voltage across it?",
    "Current {i} A, resistance {r} ohm: voltage?",
    "How many volts are across a {r}-ohm resistor with {i} amps flowing?",
    "Find the voltage when {i} A flows through {r} ohms.",
    "Using Ohm's law, what is the voltage for a current of {i} A and a resistance of {r} ohms?",
    "What's V if I = {i} A and R = {r} ohms?",
    "{i} amperes flow through {r} ohms. How many volts is that?",
    "Calculate the voltage: {i} A through a {r} ohm resistor.",
    "Voltage across {r} ohms carrying {i} A?",
    # appended after the first issue-25 run (the held-out split above stays)
    "What is the voltage for {i} A and {r} ohms?",
    "Voltage across a {r} ohm resistor at {i} A?",
    "V for I = {i} A, R = {r} ohms?",
    "How many volts for {i} amps through {r} ohms?",
    "Find V: {i} A, {r} ohms.",
    "A {r} ohm resistor has {i} A through it. Voltage?",
    "Compute the voltage with {i} A and {r} ohms.",
    "What voltage pushes {i} A through a {r} ohm load?",
    "Ohm's law: I = {i} A, R = {r} ohm, so V = ?",
    "{i} A times {r} ohms gives how many volts?",
]
POWER = [
    "A {f} N force moves a {obj} {d} m in {t} seconds. What power is that in watts?",
    "What's the power if {f} newtons push something {d} meters in {t} s?",
    "Work = {f} N times {d} m, done in {t} s. Power in W?",
    "How many watts does it take to push a {obj} {d} m with {f} N in {t} seconds?",
    "Find the power: force {f} N, distance {d} m, time {t} s.",
    "A machine pushes a {obj} with {f} N for {d} m, taking {t} s. What is its power output?",
    "Power needed to move {d} m against {f} N in {t} seconds?",
    "If {f} N acts over {d} meters in {t} seconds, what is the power?",
    "Compute the power in watts for {f} N over {d} m in {t} s.",
    "{f} N, {d} m, {t} s: how many watts?",
    "What power, in watts, pushes a {obj} {d} m with a force of {f} N in {t} s?",
    # appended after the first issue-25 run (the held-out split above stays)
    "What's the power when {f} N moves a {obj} {d} m in {t} s?",
    "Power for {f} N over {d} m in {t} seconds?",
    "Find the power in watts: {f} N pushes {d} m in {t} s.",
    "How much power is used when {f} N moves a {obj} through {d} m in {t} seconds?",
    "How much power moves a {obj} {d} m with {f} N in {t} seconds?",
    "Compute the power: {f} N, {d} m, {t} s.",
    "A {obj} is pushed {d} m by {f} N in {t} s. What power is used?",
    "Watts needed to push {d} m with {f} N in {t} s?",
    "If a {f} N push moves something {d} m in {t} s, what is the power?",
    "Power output for {f} N over {d} meters in {t} seconds?",
]
DENSITY = [
    "What's the mass of {vol} cm^3 of something with density {dens} g/cm^3?",
    "Density {dens} g/cm^3, volume {vol} cm^3. Mass?",
    "A {vol} cm³ block has a density of {dens} g/cm³. How heavy is it in grams?",
    "How many grams is {vol} cm^3 of a material of density {dens} g/cm^3?",
    "Find the mass: density {dens} g/cm^3 and volume {vol} cm^3.",
    "If the density is {dens} g per cm^3, what does {vol} cm^3 weigh?",
    "Mass of a {vol} cm^3 piece at {dens} g/cm^3?",
    "m = density * volume with {dens} g/cm^3 and {vol} cm^3. What is m?",
    "How much does {vol} cubic centimeters of a {dens} g/cm^3 metal weigh in grams?",
    "Calculate the mass in grams of {vol} cm^3 at a density of {dens} g/cm^3.",
    "{vol} cm^3 at {dens} g/cm^3: how many grams?",
    # appended after the first issue-25 run (the held-out split above stays)
    "Mass of {vol} cm^3 at density {dens} g/cm^3?",
    "What is the mass of a {vol} cm^3 block with density {dens} g/cm^3?",
    "How heavy is {vol} cm^3 of something at {dens} g/cm^3?",
    "A sample of {vol} cm^3 has density {dens} g/cm^3. What is its mass?",
    "Density {dens} g/cm^3 and volume {vol} cm^3. What's the mass?",
    "Compute the mass of {vol} cm^3 at {dens} g/cm^3.",
    "A {vol} cm^3 object has density {dens} g/cm^3. How many grams?",
    "What does {vol} cm^3 of a {dens} g/cm^3 material weigh?",
    "{dens} g/cm^3 times {vol} cm^3 is how many grams?",
    "How many grams in {vol} cm^3 at {dens} g per cm^3?",
]
CHAIN = [
    "How many {to} are there in {v} {frm} altogether?",
    "Convert {v} {frm} all the way to {to}.",
    "{v} {frm}: how many {to} is that in total?",
    "In {v} {frm}, how many {to} are there?",
    "Express {v} {frm} as {to}, please.",
    "What's {v} {frm} converted to {to}?",
    "{v} {frm} makes how many {to}?",
    "Give {v} {frm} in {to}.",
    "Work out how many {to} there are in {v} {frm}.",
    "Count the {to} in {v} {frm}.",
    "{v} {frm} -> {to}?",
    # appended after the first issue-25 run (the held-out split above stays)
    "How many {to} in {v} {frm} in total?",
    "Convert {v} {frm} into {to}, step by step.",
    "{v} {frm} converted to {to}?",
    "What do {v} {frm} make in {to}?",
    "Turn {v} {frm} into {to}, please.",
    "How many {to} are in {v} whole {frm}?",
    "{v} {frm} = how many {to}?",
    "Find {v} {frm} in {to}.",
    "I measured {v} {frm}; how many {to} is it?",
    "How many {to} fit in {v} {frm}?",
]


def _distance_values(rng, d):
    return {"v": rng.randint(3, 20 * d), "t": rng.randint(2, 3 + d * 2)}


def _chain_values(rng, d):
    chain = rng.choice(CHAINS)
    units = chain[:min(len(chain) - 1, 1 + d // 2) + 1]
    return {"v": rng.randint(2, 5 * d), "units": units, "frm": units[0], "to": units[-1]}


def _chain_fields(rng, values, style):
    return {"frm": rng.choice(NAMES[values["frm"]]), "to": rng.choice(NAMES[values["to"]])}


VOCAB = {"vehicle": VEHICLES, "obj": OBJECTS}
WORDINGS = [
    Wording("physics", "distance", DISTANCE, _distance_values,
            lambda v: f"distance = speed * time, {v['v']} km/h for {v['t']} hours",
            lambda v, d, q: distance_item(v["v"], v["t"], d, q), VOCAB, changeable=("v", "t")),
    Wording("physics", "force", FORCE, lambda rng, d: {"m": rng.randint(2, 10 * d), "a": rng.randint(2, 3 + 3 * d)},
            lambda v: f"F = m*a, {v['m']} kg at {v['a']} m/s^2",
            lambda v, d, q: force_item(v["m"], v["a"], d, q), VOCAB, changeable=("m", "a")),
    Wording("physics", "ohm", OHM, lambda rng, d: {"i": rng.randint(2, 4 + 2 * d), "r": rng.randint(2, 10 * d)},
            lambda v: f"V = I*R, {v['i']} A through {v['r']} ohms",
            lambda v, d, q: ohm_item(v["i"], v["r"], d, q), changeable=("i", "r")),
    Wording("physics", "power", POWER, lambda rng, d: _power_values(rng, d),
            lambda v: f"P = F*d/t, {v['f']} N over {v['d']} m in {v['t']} s",
            lambda v, d, q: power_item(v["f"], v["d"], v["t"], d, q), VOCAB),
    Wording("physics", "density", DENSITY, lambda rng, d: {"dens": rng.randint(2, 12), "vol": rng.randint(2, 10 * d)},
            lambda v: f"m = density * volume, {v['dens']} g/cm^3 and {v['vol']} cm^3",
            lambda v, d, q: density_item(v["dens"], v["vol"], d, q), changeable=("dens", "vol")),
    Wording("physics", "chain", CHAIN, _chain_values, lambda v: f"{v['v']} {v['frm']} in {v['to']}",
            lambda v, d, q: chain_item(v["v"], v["units"], d, q), fields=_chain_fields, changeable=("v",),
            patterns={"frm": UNIT_NAMES, "to": UNIT_NAMES}),
]


def _power_values(rng, d):
    f, dist = rng.randint(2, 10 * d), rng.randint(2, 5 * d)
    return {"f": f, "d": dist, "t": rng.choice([x for x in range(1, 11) if (f * dist) % x == 0])}
