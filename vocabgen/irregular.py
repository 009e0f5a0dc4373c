"""English irregular verb forms, each to its base form.

CC-CEDICT gives verbs in their base form ("to shoot", "to take", "to breed"); a
translation uses them in the past ("shot", "took", "bred"), which no stemmer makes
meet (gloss._stem applies this table first). A general fact of English, not of any
text: the common irregular verbs whose past forms are not also common words of
another meaning. Left out on purpose: "found" (to found), "left" (the left),
"saw" (a saw), "lay" / "lain" (to lay), "felt" (felt), "ground", "wound", "rose",
"fell", "lit", "bound", "spoke", "bore", "tore", "mine"-like clashes, and forms
equal to their base (cut, put, set, hit, cost, spread...), which need nothing, and
the light verbs (was, had, did, got, gave, went, came, made, took, became...): more
often an auxiliary or a verb whose object carries the meaning ("given", "took
part") than a translation, they made a sense such as "to give birth" meet "given". Past participles that are
common adjectives (written, known, hidden, frozen, broken, forbidden) keep their
own form: in a sense they describe a noun ("written slogan"), not the verb.
"""

from __future__ import annotations

# base: its irregular past and past participle forms
_VERBS = {
    "arise": "arose arisen",
    "awake": "awoke awoken",
    "begin": "began begun",
    "bend": "bent",
    "bite": "bit bitten",
    "bleed": "bled",
    "blow": "blew blown",
    "break": "broke",
    "breed": "bred",
    "bring": "brought",
    "build": "built",
    "burn": "burnt",
    "buy": "bought",
    "catch": "caught",
    "choose": "chose chosen",
    "cling": "clung",
    "creep": "crept",
    "deal": "dealt",
    "dig": "dug",
    "draw": "drew drawn",
    "dream": "dreamt",
    "drink": "drank drunk",
    "drive": "drove driven",
    "eat": "ate eaten",
    "feed": "fed",
    "fight": "fought",
    "flee": "fled",
    "fly": "flew flown",
    "forbid": "forbade",
    "forget": "forgot forgotten",
    "forgive": "forgave forgiven",
    "freeze": "froze",
    "grow": "grew grown",
    "hang": "hung",
    "hear": "heard",
    "hide": "hid",
    "hold": "held",
    "keep": "kept",
    "know": "knew",
    "lead": "led",
    "lend": "lent",
    "lose": "lost",
    "mean": "meant",
    "meet": "met",
    "overcome": "overcame",
    "pay": "paid",
    "ride": "rode ridden",
    "ring": "rang rung",
    "run": "ran",
    "say": "said",
    "see": "seen",
    "seek": "sought",
    "sell": "sold",
    "send": "sent",
    "shake": "shook shaken",
    "shine": "shone",
    "shoot": "shot",
    "show": "shown",
    "shrink": "shrank shrunk",
    "sing": "sang sung",
    "sink": "sank sunk",
    "sit": "sat",
    "sleep": "slept",
    "slide": "slid",
    "speak": "spoken",
    "spend": "spent",
    "spin": "spun",
    "stand": "stood",
    "steal": "stole stolen",
    "stick": "stuck",
    "sting": "stung",
    "strike": "struck stricken",
    "strive": "strove striven",
    "swear": "swore sworn",
    "sweep": "swept",
    "swim": "swam swum",
    "swing": "swung",
    "teach": "taught",
    "tell": "told",
    "think": "thought",
    "throw": "threw thrown",
    "understand": "understood",
    "undertake": "undertook undertaken",
    "wake": "woke woken",
    "wear": "wore worn",
    "weep": "wept",
    "win": "won",
    "withdraw": "withdrew withdrawn",
    "write": "wrote",
}

BASE = {form: base for base, forms in _VERBS.items() for form in forms.split()}


# The past forms left out above for their clash with a word of another meaning,
# each with the verb it is the past of. For telling which sense of a Chinese word
# its sentence's English supports, both readings are evidence: in a story "saw" is
# nearly always "to see" (只见), and a sense "a saw" still meets it as written.
# Not for finding the English words that translate a term (there the clash stands).
CLASHING = {
    "saw": "see", "found": "find", "left": "leave", "lay": "lie", "lain": "lie", "felt": "feel",
    "ground": "grind", "wound": "wind", "rose": "rise", "fell": "fall", "lit": "light",
    "bound": "bind", "spoke": "speak", "bore": "bear", "tore": "tear",
}


def base_form(word: str) -> str:
    """The base form of an irregular past form (in lower case), else `word`."""
    return BASE.get(word, word)
