"""Rate word problems in people's words: speed from distance and time, time from distance and speed, the price of
one item, the price of several, and work done per hour.

high: the formula (`speed = distance / time`), the numbers put in, the operation with its digit work, the result with
its unit. medium: the same without the digit work. Answers: `60 km/h`, `3 hours`, `3`, `15`, `30`; money is a bare
number (the question's currency is not repeated).
"""
from .common import Item, coarse, op_text
from .plain_arithmetic import PEOPLE
from .plain_physics import VEHICLES
from .wording import Wording

GOODS = ["pens", "apples", "notebooks", "tickets", "cupcakes", "shirts", "mugs", "batteries", "plants", "stickers"]
MACHINES = [("printer", "pages"), ("machine", "parts"), ("baker", "loaves"), ("factory", "toys"),
            ("robot", "boxes"), ("worker", "bricks"), ("pump", "liters"), ("team", "chairs")]
PERIODS = ["hours", "minutes", "days"]


def _item(difficulty, q, answer, high):
    return Item("rate", difficulty, q, answer, {"low": "", "medium": "\n".join(coarse(high)), "high": "\n".join(high)})


def _divide(a, b):
    return op_text(a, "/", b, a // b) if b > 1 else f"{a} / 1 = {a}"


def _times(a, b):
    return op_text(a, "*", b, a * b)


def speed_item(dist, time, difficulty, q):
    v = dist // time
    return _item(difficulty, q, f"{v} km/h", ["speed = distance / time", f"= {dist} km / {time} hours",
                                               _divide(dist, time), f"= {v} km/h", f"Check: {v}*{time} = {dist}."])


def travel_time_item(dist, speed, difficulty, q):
    t = dist // speed
    return _item(difficulty, q, f"{t} hours", ["time = distance / speed", f"= {dist} km / {speed} km/h",
                                                _divide(dist, speed), f"= {t} hours", f"Check: {speed}*{t} = {dist}."])


def unit_price_item(total, count, difficulty, q):
    each = total // count
    return _item(difficulty, q, str(each), ["price of one = total / count", f"= {total} / {count}",
                                             _divide(total, count), f"= {each} each", f"Check: {count}*{each} = {total}."])


def total_price_item(count, price, difficulty, q):
    total = count * price
    return _item(difficulty, q, str(total), ["total = count * price", f"= {count} * {price}", _times(count, price),
                                              f"= {total}", f"Check: {total} / {count} = {price}."])


def work_rate_item(amount, time, difficulty, q):
    rate = amount // time
    return _item(difficulty, q, str(rate), ["rate = amount / time", f"= {amount} / {time}", _divide(amount, time),
                                             f"= {rate} per unit of time", f"Check: {rate}*{time} = {amount}."])


SPEED = [
    "A {vehicle} travels {dist} km in {time} hours. What is its speed in km/h?",
    "If I drive {dist} km in {time} hours, how fast was I going?",
    "What's the average speed for {dist} km in {time} hours?",
    "{dist} km in {time} h. Speed?",
    "A {vehicle} covers {dist} kilometers in {time} hours. How fast is it going?",
    "How many km per hour is {dist} km in {time} hours?",
    "{name} cycled {dist} km in {time} hours. What was the speed?",
    "Speed of something that goes {dist} km in {time} hours?",
    "Find the speed: distance {dist} km, time {time} hours.",
    "It took {time} hours to travel {dist} km. What was the average speed in km/h?",
    "What speed covers {dist} km in {time} hours?",
    "A {vehicle} went {dist} km in {time} hours. How many km/h is that?",
    "Calculate the speed of a {vehicle} that travels {dist} km in {time} hours.",
    "How fast is a {vehicle} that does {dist} km in {time} hours?",
    # appended after the first issue-25 run (the held-out split above stays)
    "What's the speed of a {vehicle} covering {dist} km in {time} hours?",
    "{dist} km takes {time} hours. What's the speed?",
    "Find the speed: {dist} km in {time} h.",
    "How fast, in km/h, is {dist} km in {time} hours?",
    "A {vehicle} does {dist} km in {time} hours. Speed in km/h?",
    "Over {time} hours I covered {dist} km. My speed?",
    "I ran {dist} km in {time} hours. What was my speed?",
    "Speed = ? for {dist} km in {time} hours",
]
TRAVEL_TIME = [
    "How long does it take to drive {dist} km at {speed} km/h?",
    "A {vehicle} goes {speed} km/h. How many hours to cover {dist} km?",
    "At {speed} km/h, how many hours does a {dist} km trip take?",
    "{dist} km at {speed} km/h takes how long?",
    "How many hours will a {vehicle} need for {dist} km at {speed} km per hour?",
    "If I travel at {speed} km/h, how long until I've gone {dist} km?",
    "Time to travel {dist} km at a speed of {speed} km/h?",
    "{name} walks at {speed} km/h. How long does {dist} km take?",
    "Find the travel time: {dist} km at {speed} km/h.",
    "How long is a {dist} km journey at {speed} km/h?",
    "A {vehicle} moving at {speed} km/h has {dist} km to go. How many hours is that?",
    # appended after the first issue-25 run (the held-out split above stays)
    "How many hours to go {dist} km at {speed} km/h?",
    "Time for {dist} km at {speed} km/h?",
    "How long will {dist} km take at {speed} km per hour?",
    "At {speed} km/h, how long is {dist} km?",
    "A {vehicle} travels {dist} km at {speed} km/h. How long does it take?",
    "Find the time: {dist} km, {speed} km/h.",
    "How long to drive {dist} km going {speed} km/h?",
    "{dist} km at a speed of {speed} km/h: how many hours?",
    "How much time does {dist} km take at {speed} km/h?",
    "Travel time for {dist} km at {speed} km/h?",
]
UNIT_PRICE = [
    "{count} {goods} cost {total} dollars. How much does one cost?",
    "If {count} {goods} cost ${total}, what's the price of one?",
    "{name} paid {total} dollars for {count} {goods}. How much was each?",
    "What is the price per item if {count} {goods} cost {total}?",
    "{count} {goods} for ${total}: how much is one?",
    "The total for {count} {goods} is {total} euros. What does one cost?",
    "How much is each if {count} {goods} cost {total} dollars altogether?",
    "Price of one when {count} cost {total}?",
    "{count} {goods} sell for {total}. Cost per {good}?",
    "I bought {count} {goods} for {total} dollars. What did each one cost?",
    "A pack of {count} {goods} costs {total}. What is the cost of a single one?",
    "Split {total} dollars evenly over {count} {goods}. How much per item?",
    # appended after the first issue-25 run (the held-out split above stays)
    "{count} {goods} cost {total}. What is the price of one?",
    "How much is one {good} if {count} cost {total} dollars?",
    "{count} {goods} came to {total} dollars. What's one worth?",
    "{name} spent {total} on {count} {goods}. What did one cost?",
    "Find the price per {good}: {count} for {total} dollars.",
    "What does one {good} cost if {count} {goods} are {total}?",
    "{total} dollars buys {count} {goods}. How much each?",
    "Each {good} costs how much, if {count} cost {total}?",
    "Unit price of {count} {goods} costing {total}?",
    "If {total} pays for {count} {goods}, what is the price of one?",
]
TOTAL_PRICE = [
    "One {good} costs {price} dollars. How much do {count} {goods} cost?",
    "If a {good} is ${price}, what do {count} of them cost?",
    "{name} buys {count} {goods} at {price} dollars each. What is the total?",
    "{count} {goods} at ${price} each. Total cost?",
    "How much for {count} {goods} if each costs {price}?",
    "What's the price of {count} {goods} when one costs {price} euros?",
    "Each {good} costs {price}. What do I pay for {count}?",
    "Total cost of {count} items at {price} dollars apiece?",
    "{count} {goods}, {price} dollars each: how much altogether?",
    "If I buy {count} {goods} for {price} each, how much do I spend?",
    "Tickets cost {price} each. How much are {count} tickets?",
    "What do {count} {goods} cost at {price} per {good}?",
    # appended after the first issue-25 run (the held-out split above stays)
    "{count} {goods} at {price} each cost how much?",
    "What is the total for {count} {goods} at {price} dollars each?",
    "How much do {count} {goods} cost if one is {price}?",
    "{name} buys {count} {goods}, {price} dollars apiece. Total?",
    "Find the total: {count} {goods} at ${price} each.",
    "Price of {count} {goods} at {price} per {good}?",
    "If one {good} is {price} dollars, what do {count} cost?",
    "Buying {count} {goods} priced at {price} each comes to what?",
    "{count} times {price} dollars for {goods}: total?",
    "What do I pay for {count} {goods} at {price} each?",
]
WORK_RATE = [
    "A {machine} makes {amount} {output} in {time} {period}. How many per {unit}?",
    "If a {machine} produces {amount} {output} in {time} {period}, what is its rate per {unit}?",
    "{amount} {output} in {time} {period}: how many {output} per {unit}?",
    "How many {output} does a {machine} make each {unit} if it makes {amount} in {time} {period}?",
    "A {machine} finishes {amount} {output} in {time} {period}. What's its output per {unit}?",
    "{name} packs {amount} {output} in {time} {period}. How many is that per {unit}?",
    "Rate per {unit} for {amount} {output} in {time} {period}?",
    "What's the hourly rate if {amount} {output} take {time} hours?",
    "A {machine} does {amount} {output} over {time} {period}. On average, how many per {unit}?",
    "In {time} {period} a {machine} makes {amount} {output}. How many in one {unit}?",
    "Find the rate: {amount} {output} in {time} {period}.",
    "{amount} {output} every {time} {period}. Per {unit}, that's how many?",
    # appended after the first issue-25 run (the held-out split above stays)
    "How many {output} per {unit} if a {machine} makes {amount} in {time} {period}?",
    "A {machine} makes {amount} {output} in {time} {period}. What's the rate per {unit}?",
    "Rate: {amount} {output} over {time} {period}. Per {unit}?",
    "{name} makes {amount} {output} in {time} {period}. How many each {unit}?",
    "Find {output} per {unit}: {amount} in {time} {period}.",
    "How many {output} each {unit}, for {amount} in {time} {period}?",
    "What's the rate if {amount} {output} are made in {time} {period}?",
    "Over {time} {period}, {amount} {output} got made. Average per {unit}?",
    "Per {unit}, how many {output} if {amount} take {time} {period}?",
    "A {machine} turns out {amount} {output} in {time} {period}. Per {unit}?",
]


def _divisible(rng, lo_q, hi_q, lo_d, hi_d):
    d = rng.randint(lo_d, hi_d)
    return d * rng.randint(lo_q, hi_q), d


def _speed_values(rng, difficulty):
    dist, time = _divisible(rng, 5, 20 * difficulty + 10, 2, 2 + 2 * difficulty)
    return {"dist": dist, "time": time}


def _travel_values(rng, difficulty):
    dist, speed = _divisible(rng, 2, 3 + 2 * difficulty, 4, 20 * difficulty + 10)
    return {"dist": dist, "speed": speed}


def _price_values(rng, difficulty):
    total, count = _divisible(rng, 2, 10 * difficulty + 5, 2, 3 + 3 * difficulty)
    return {"total": total, "count": count}


def _total_values(rng, difficulty):
    return {"count": rng.randint(2, 3 + 4 * difficulty), "price": rng.randint(2, 15 * difficulty + 5)}


def _work_values(rng, difficulty):
    amount, time = _divisible(rng, 3, 25 * difficulty, 2, 3 + 3 * difficulty)
    return {"amount": amount, "time": time}


def _goods_fields(rng, values, style):
    goods = rng.choice(GOODS)
    return {"goods": goods, "good": goods[:-1]}


def _work_fields(rng, values, style):
    machine, output = rng.choice(MACHINES)
    period = rng.choice(PERIODS)
    return {"machine": machine, "output": output, "period": period, "unit": period[:-1]}


GOODS_PATTERNS = {"goods": "|".join(GOODS), "good": "|".join(g[:-1] for g in GOODS)}
WORK_PATTERNS = {"machine": "|".join(m for m, _ in MACHINES), "output": "|".join(o for _, o in MACHINES),
                 "period": "|".join(PERIODS), "unit": "|".join(p[:-1] for p in PERIODS)}
VOCAB = {"name": PEOPLE, "vehicle": VEHICLES}
WORDINGS = [
    Wording("rate", "speed", SPEED, _speed_values, lambda v: f"speed = {v['dist']} km / {v['time']} hours",
            lambda v, d, q: speed_item(v["dist"], v["time"], d, q), VOCAB),
    Wording("rate", "travel_time", TRAVEL_TIME, _travel_values, lambda v: f"time = {v['dist']} km / {v['speed']} km/h",
            lambda v, d, q: travel_time_item(v["dist"], v["speed"], d, q), VOCAB),
    Wording("rate", "unit_price", UNIT_PRICE, _price_values, lambda v: f"price of one = {v['total']} / {v['count']}",
            lambda v, d, q: unit_price_item(v["total"], v["count"], d, q), VOCAB, fields=_goods_fields,
            patterns=GOODS_PATTERNS),
    Wording("rate", "total_price", TOTAL_PRICE, _total_values, lambda v: f"total = {v['count']} * {v['price']}",
            lambda v, d, q: total_price_item(v["count"], v["price"], d, q), VOCAB, fields=_goods_fields,
            changeable=("count", "price"), patterns=GOODS_PATTERNS),
    Wording("rate", "work_rate", WORK_RATE, _work_values, lambda v: f"rate = {v['amount']} / {v['time']}",
            lambda v, d, q: work_rate_item(v["amount"], v["time"], d, q), VOCAB, fields=_work_fields,
            patterns=WORK_PATTERNS),
]
