"""Out-of-scope requests (code, essays, stories, general knowledge, current events, translation, advice, opinions,
advanced math, ...) and the honest decline: what it can do instead, with an example.

Thinking: empty at low, `Outside my skills.` at medium, `This asks for <what>. Outside my skills: decline.` at high.
Every `HELDOUT_EVERY`-th template of each kind is held out for `nano-decline`; the fillers are shared, so the suite
measures new ways of asking. Several templates carry numbers ("a 500-word essay", "the 2018 World Cup"), so that a
number alone does not make a request arithmetic.
"""
from functools import lru_cache

from .common import Item
from .composed import apart_from, compose
from .wording import decorate

HELDOUT_EVERY = 4
DECLINE = ("That's outside what I can do. I'm Deliberate Nano, a small model for arithmetic and simple math problems: "
           "try \"What is 15% of 80?\"")

TOPICS = ["dogs", "climate change", "the ocean", "friendship", "the Roman Empire", "space travel", "my summer holiday",
          "social media", "electric cars", "coffee", "the moon", "video games", "recycling", "music", "winter"]
TASKS = ["reverses a string", "sorts a list", "checks if a word is a palindrome", "reads a CSV file",
         "counts the words in a file", "adds two numbers", "finds the largest item in a list",
         "sends an email", "parses JSON", "downloads a web page", "removes duplicates from a list"]
LANGUAGES = ["Python", "JavaScript", "C#", "Java", "Rust", "Go", "SQL", "C++"]
TARGET_LANGUAGES = ["French", "Spanish", "German", "Japanese", "Chinese", "Italian", "Russian", "Arabic"]
SENTENCES = ["Good morning, how are you?", "Where is the train station?", "I love this city.",
             "The meeting is at three.", "Thank you for dinner.", "My name is Anna."]
COUNTRIES = ["France", "Japan", "Brazil", "Kenya", "Canada", "Australia", "Egypt", "Norway", "India", "Peru"]
PEOPLE = ["Napoleon", "Marie Curie", "Shakespeare", "Einstein", "Cleopatra", "Gandhi", "Mozart", "Frida Kahlo"]
EVENTS = ["the 2018 World Cup", "the last election", "the Super Bowl this year", "the Oscars in 2020",
          "yesterday's game", "the 2016 Olympics 100 m final"]
CITIES = ["Paris", "Tokyo", "New York", "Berlin", "Lagos", "Sydney", "Toronto", "Mumbai"]
PRODUCTS = ["laptop", "phone", "pair of running shoes", "camera", "car", "mattress"]
DISHES = ["lasagna", "pancakes", "chicken curry", "chocolate cake", "sushi", "guacamole"]

KINDS = {  # kind -> (what it asks for, templates)
    "code": ("code", [
        "Write a {lang} function that {task}.",
        "Can you write code that {task}?",
        "How do I write a {lang} program that {task}?",
        "Give me a {lang} script that {task}.",
        "Write a function that {task}.",
        "Fix this code: print('hello'",
        "What's wrong with my {lang} code? It crashes.",
        "Write a SQL query to get all users older than 30.",
        "Implement binary search in {lang}.",
        "Write a regex that matches email addresses.",
        "Create a {lang} class for a bank account.",
        "Write a program in {lang} that {task}.",
        "Explain this code: for i in range(10): print(i)",
        "Convert this Python to {lang}: x = [i*i for i in range(5)]",
        "Debug my {lang} function that {task}.",
        "Write a unit test for a function that {task}.",
    ]),
    "essay": ("an essay", [
        "Write an essay about {topic}.",
        "Write a 500-word essay on {topic}.",
        "Can you write me a paragraph about {topic}?",
        "Write a blog post about {topic}.",
        "Compose a speech about {topic}.",
        "Write a short article on {topic}.",
        "I need a 3-page report on {topic}.",
        "Draft an email to my boss asking for 2 days off.",
        "Write a cover letter for a job at a bank.",
        "Write a product description for a {product}.",
        "Summarize the history of {topic} in 200 words.",
        "Write 5 paragraphs about {topic}.",
        "Write a persuasive essay about {topic}.",
        "Write a LinkedIn post about {topic}.",
        "Write my college application essay.",
        "Rewrite this paragraph to sound more professional: we done the work late.",
    ]),
    "story": ("a story or a poem", [
        "Write a story about {topic}.",
        "Tell me a story.",
        "Write a poem about {topic}.",
        "Write a haiku about {topic}.",
        "Can you write a short story for my kid?",
        "Tell me a joke.",
        "Write song lyrics about {topic}.",
        "Tell me a bedtime story about a dragon.",
        "Write a limerick about a cat.",
        "Make up a fairy tale about {topic}.",
        "Tell me a funny joke about {topic}.",
        "Write a 4-line poem for my mom's 60th birthday.",
        "Write a rap about {topic}.",
        "Write the first chapter of a mystery novel.",
        "Give me a riddle.",
        "Write a sonnet about {topic}.",
    ]),
    "knowledge": ("general knowledge", [
        "What is the capital of {country}?",
        "Who was {person}?",
        "When did {person} die?",
        "How tall is Mount Everest?",
        "Why is the sky blue?",
        "What is photosynthesis?",
        "How many people live in {country}?",
        "What language do they speak in {country}?",
        "Who invented the telephone?",
        "How does the internet work?",
        "What's the biggest animal on Earth?",
        "Where is {country}?",
        "What year did World War 2 end?",
        "Who painted the Mona Lisa?",
        "What is the speed of light?",
        "Explain how vaccines work.",
        "What is the meaning of life?",
        "How far is the moon from the Earth?",
        "Tell me about {person}.",
        "What is DNA?",
    ]),
    "news": ("current events", [
        "What's the weather in {city} today?",
        "Who won {event}?",
        "What's the latest news?",
        "What's the stock price of Apple right now?",
        "Who is the president of {country} now?",
        "What happened in the news today?",
        "Will it rain in {city} tomorrow?",
        "What's the score of {event}?",
        "What time is it in {city}?",
        "What's the exchange rate of euros to dollars today?",
        "Is the bitcoin price going up this week?",
        "What movies are playing in {city} this weekend?",
        "Who won the game last night?",
        "What are today's headlines?",
        "How is the traffic in {city} right now?",
        "What's trending on Twitter today?",
    ]),
    "translation": ("a translation", [
        "Translate '{sentence}' into {target}.",
        "How do you say '{sentence}' in {target}?",
        "Translate this to {target}: {sentence}",
        "What does 'merci beaucoup' mean?",
        "Can you translate a paragraph from {target} to English?",
        "Say '{sentence}' in {target}, please.",
        "What is '{sentence}' in {target}?",
        "Translate my letter into {target}.",
        "How do I say thank you in {target}?",
        "Teach me some {target}.",
        "Translate: {sentence} ({target})",
        "Put this into {target} for me: {sentence}",
        "What's the {target} word for apple?",
    ]),
    "advice": ("advice", [
        "Should I quit my job?",
        "What {product} should I buy?",
        "How do I lose 10 kg?",
        "Give me a recipe for {dish}.",
        "How do I cook {dish}?",
        "Can you recommend a good book?",
        "What should I name my dog?",
        "How do I get a girlfriend?",
        "Is it a good idea to invest in stocks?",
        "What's a good movie to watch tonight?",
        "How can I sleep better?",
        "What should I eat for dinner?",
        "Plan a 3-day trip to {city} for me.",
        "How do I fix my car's brakes?",
        "What are some tips for a job interview?",
        "Help me plan my wedding.",
        "How do I get better at {topic}?",
        "Which university should I choose?",
    ]),
    "opinion": ("an opinion", [
        "What do you think about {topic}?",
        "Is {topic} good or bad?",
        "Who is the best football player ever?",
        "What's your favorite color?",
        "Do you believe in God?",
        "Which is better, cats or dogs?",
        "What is your opinion on {topic}?",
        "Which political party should I vote for?",
        "Is pineapple on pizza okay?",
        "What's the best programming language?",
        "Are you a fan of {topic}?",
        "What's your favorite movie?",
        "Is {person} overrated?",
    ]),
    "advanced_math": ("math beyond my skills", [
        "What is the integral of x^2 sin(x)?",
        "Prove that there are infinitely many primes.",
        "Solve the differential equation y' = 3y.",
        "What is the derivative of ln(x) * e^x?",
        "Find the eigenvalues of [[2, 1], [1, 2]].",
        "Prove the Pythagorean theorem.",
        "What is the limit of sin(x)/x as x goes to 0?",
        "Compute the Fourier transform of a square wave.",
        "What is the probability of getting 3 heads in 5 coin flips?",
        "Explain the Riemann hypothesis.",
        "Solve x^3 - 6x^2 + 11x - 6 = 0.",
        "What is the standard deviation of 2, 4, 4, 4, 5, 5, 7, 9?",
        "Integrate e^(2x) from 0 to 1.",
        "What is the square root of 2 to 50 decimal places?",
        "Find the area of a circle with radius 7.",
        "What is the volume of a sphere of radius 3?",
    ]),
    "other": ("something else", [
        "Summarize this article for me.",
        "Can you browse the web?",
        "Set a timer for 10 minutes.",
        "Draw me a picture of a cat.",
        "Play some music.",
        "Remind me to call mom at 5.",
        "Open my email.",
        "Book a flight to {city}.",
        "Order a pizza for me.",
        "Generate an image of a sunset.",
        "Read this PDF and tell me what it says.",
        "Call my friend Sam.",
        "asdfghjkl",
        "Can you remember what I told you yesterday?",
        "Make a spreadsheet of my expenses.",
        "Find me a cheap hotel in {city}.",
    ]),
}
FILLERS = {"topic": TOPICS, "task": TASKS, "lang": LANGUAGES, "target": TARGET_LANGUAGES, "sentence": SENTENCES,
           "country": COUNTRIES, "person": PEOPLE, "event": EVENTS, "city": CITIES, "product": PRODUCTS,
           "dish": DISHES}


def templates(split: str) -> list[tuple[str, int, str]]:
    """(kind, index, template) of the split."""
    want = split == "heldout"
    return [(kind, i, t) for kind, (_, ts) in KINDS.items() for i, t in enumerate(ts)
            if (i % HELDOUT_EVERY == HELDOUT_EVERY - 1) == want]


def decline_thinking(what: str) -> dict:
    return {"low": "", "medium": "Outside my skills.", "high": f"This asks for {what}. Outside my skills: decline."}


def decline_item(kind: str, question: str, difficulty: int = 1, template: str = "") -> Item:
    return Item("decline", difficulty, question, "", decline_thinking(KINDS[kind][0]), reply=DECLINE,
                extra={"kind": kind, "template": template})


# Training requests composed from parts, beside the templates above: (kind, request) cores in an opener and a closer,
# none containing a held-out template.
REQUEST_OPEN = ["", "Can you ", "Could you ", "Please ", "I need you to ", "Hey, ", "Quick one: ", "Would you ",
                "I want you to ", "Help me ", "Hi! Can you ", "Are you able to "]
REQUEST_CLOSE = ["", ".", "?", " for me.", " please.", " now.", " today?", ", thanks.", " quickly.", " for work."]
REQUESTS = [
    ("code", "write {lang} code that {task}"), ("code", "code a {lang} app that {task}"),
    ("code", "write me a script that {task}"), ("code", "make a {lang} program that {task}"),
    ("code", "review my {lang} pull request"), ("code", "write a bash script that {task}"),
    ("code", "build a website for my shop"), ("code", "write HTML for a login page"),
    ("code", "write a {lang} function to parse dates"), ("code", "optimize my SQL query"),
    ("essay", "write a paragraph on {topic}"), ("essay", "write an article about {topic}"),
    ("essay", "write a speech for my best friend's wedding"), ("essay", "write a thank-you note to my teacher"),
    ("essay", "summarize {topic} in a few sentences"), ("essay", "write a tweet about {topic}"),
    ("essay", "draft a complaint letter to my landlord"), ("essay", "proofread my essay"),
    ("essay", "write an essay comparing {topic} and {topic}"), ("essay", "write a report on {topic}"),
    ("story", "write a short poem about {topic}"), ("story", "tell me a scary story"),
    ("story", "write a story for kids about {topic}"), ("story", "make up a joke about {topic}"),
    ("story", "write a love poem"), ("story", "invent a fairy tale with a talking cat"),
    ("knowledge", "tell me about {country}"), ("knowledge", "explain {topic} to me"),
    ("knowledge", "tell me the history of {country}"), ("knowledge", "explain who {person} was"),
    ("knowledge", "tell me some facts about {topic}"), ("knowledge", "explain how planes fly"),
    ("knowledge", "tell me what the biggest city in {country} is"), ("knowledge", "explain black holes"),
    ("news", "tell me today's news"), ("news", "check the weather in {city}"),
    ("news", "tell me who won {event}"), ("news", "look up the price of gold today"),
    ("news", "give me the latest sports scores"), ("news", "tell me what happened in {city} today"),
    ("translation", "translate '{sentence}' to {target}"), ("translation", "translate this email into {target}"),
    ("translation", "help me learn {target}"), ("translation", "tell me how to say hello in {target}"),
    ("advice", "recommend a {product}"), ("advice", "suggest a recipe with {dish}"),
    ("advice", "give me dating advice"), ("advice", "help me pick a {product}"),
    ("advice", "tell me how to get rich"), ("advice", "help me with my relationship"),
    ("advice", "plan my vacation to {city}"), ("advice", "give me a workout plan"),
    ("opinion", "tell me your opinion about {topic}"), ("opinion", "tell me which is better, {topic} or {topic}"),
    ("opinion", "rank the best movies of all time"), ("opinion", "tell me who will win the next election"),
    ("advanced_math", "solve this integral: x e^x dx"), ("advanced_math", "prove that sqrt(2) is irrational"),
    ("advanced_math", "find the derivative of x^3 cos(x)"), ("advanced_math", "invert a 3x3 matrix"),
    ("advanced_math", "explain calculus"), ("advanced_math", "solve a quadratic equation with complex roots"),
    ("other", "send a text to my mom"), ("other", "turn on the lights"), ("other", "make a playlist for a party"),
    ("other", "edit my photo"), ("other", "order groceries"), ("other", "write a grocery list for {dish}"),
    ("other", "look this up on Google"), ("other", "schedule a meeting for tomorrow at 3"),
]


@lru_cache(maxsize=None)
def composed_requests() -> tuple[tuple[str, str], ...]:
    """(kind, template) for REQUEST_OPEN x REQUESTS x REQUEST_CLOSE, none containing a held-out template."""
    heldout = [t for _, _, t in templates("heldout")]
    out = []
    for kind, core in REQUESTS:
        opens = [o for o in REQUEST_OPEN if o.lower().split()[:1] != core.split()[:1]]  # no "Help me help me"
        texts = [t[0].upper() + t[1:] for t in compose(opens, [core], REQUEST_CLOSE)]
        out += [(kind, t) for t in apart_from(texts, heldout)]
    return tuple(out)


def make_decline(rng, difficulty, split="train"):
    if split == "train" and rng.random() < 0.4:
        index = rng.randrange(len(composed_requests()))
        kind, template = composed_requests()[index]
        template_id = f"composed-{kind}:{index}"
    else:
        kind, index, template = rng.choice(templates(split))
        template_id = f"{kind}:{index}"
    text = template.format(**{k: rng.choice(v) for k, v in FILLERS.items()})
    return decline_item(kind, decorate(rng, text) if rng.random() < 0.4 else text, difficulty, template_id)
