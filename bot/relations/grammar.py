"""The patterns and marker words the relation rules share (titles, verbs, negation, dates, clause leads),
read from `bot/data/relations/patterns.txt` and `markers.txt`; the cue words they use come from the other
files there. Code keeps only the structural decisions.
"""

from __future__ import annotations

import re

from bot import lexicon as lx
from bot.relations import cues

QUESTION_TYPE = "question"  # see bot/relations/questions.py

# Every title a role can hold, longest first (联合创始人 before 创始人).
ROLES = "|".join(
    re.escape(r) for r in sorted({*lx.PROFILE_ROLES, *cues.words("titles")}, key=len, reverse=True)
)
# The placeholders the code fills: every title, and the characters that never begin a name (the lexicon's).
GIVEN = {
    "ROLES": ROLES,
    "FUNCTION_CHARS": "|".join(re.escape(c) for c in lx.load_list("function_chars")),
    "LEGAL_FORMS": "|".join(re.escape(f) for f in lx.LEGAL_FORMS),
}
_P = cues.patterns("patterns", **GIVEN)
_M = cues.patterns("markers")


def _rx(name: str) -> re.Pattern[str]:
    return re.compile(_P[name])


def _words(name: str) -> tuple[str, ...]:
    return tuple(_M[name].split("|"))


# Fragments that other patterns are built from (strings).

ROLE = _P["ROLE"]
ROLE_LIST = _P["ROLE_LIST"]
FOCUS_ORG = _P["FOCUS_ORG"]
NOT_THE_PRONOUN = _P["NOT_THE_PRONOUN"]
TIME_LEAD = _P["TIME_LEAD"]
IS_DESCRIBED = _P["IS_DESCRIBED"]
FOUNDS = _P["FOUNDS"]
NUM = _P["NUM"]
DATE_AT = _P["DATE_AT"]
TITLE_ANY = _P["TITLE_ANY"]

# Patterns.
ROLE_BEFORE = _rx("ROLE_BEFORE")
TITLES_BETWEEN = _rx("TITLES_BETWEEN")
KNOWN_TITLES = _rx("KNOWN_TITLES")
UNLINKED_NOT_ORG = _rx("UNLINKED_NOT_ORG")
UNLINKED_NOT_ORG_AT_START = _rx("UNLINKED_NOT_ORG_AT_START")
UNLINKED_ORG = _rx("UNLINKED_ORG")
UNLINKED_LEGAL_ORG = _rx("UNLINKED_LEGAL_ORG")
LEGAL_NAME_BOUNDARY = _rx("LEGAL_NAME_BOUNDARY")
PRONOUN_IN = _rx("PRONOUN_IN")
INTERVIEWED = _rx("INTERVIEWED")
DATED = _rx("DATED")
TAKES_ROLE = _rx("TAKES_ROLE")
ORG_CLASS = _rx("ORG_CLASS")
FOUNDER_TITLE = _rx("FOUNDER_TITLE")
FOUND_VERB = _rx("FOUND_VERB")
REGISTER_VERB = _rx("REGISTER_VERB")
NOT_REGISTERED = _rx("NOT_REGISTERED")
AGENT_TAIL = _rx("AGENT_TAIL")
ROLE_AT_PRONOUN = _rx("ROLE_AT_PRONOUN")
ROLE_AT_FOCUS = _rx("ROLE_AT_FOCUS")
FOCUS_TITLE = _rx("FOCUS_TITLE")
DEPARTURE = _rx("DEPARTURE")
DISMISSED = _rx("DISMISSED")
HANDED_OVER = _rx("HANDED_OVER")
SHORT_GAP = _rx("SHORT_GAP")
STUDIED = _rx("STUDIED")
ACADEMIC = _rx("ACADEMIC")
SCHOLAR_GAP = _rx("SCHOLAR_GAP")
TITLE_LIST = _rx("TITLE_LIST")
NOT_SCHOLAR_GAP = _rx("NOT_SCHOLAR_GAP")
LISTING_VERB = _rx("LISTING_VERB")
NOT_A_LISTING = _rx("NOT_A_LISTING")
FAILURE = _rx("FAILURE")
APPLIED = _rx("APPLIED")
LISTED_ITSELF = _rx("LISTED_ITSELF")
PLANNED = _rx("PLANNED")
TARGET = _rx("TARGET")
PAST = _rx("PAST")
NEGATED = _rx("NEGATED")
EXCHANGE = _rx("EXCHANGE")
EXCHANGE_NAMED = _rx("EXCHANGE_NAMED")
TICKER = _rx("TICKER")
FIGURE_LABEL = _rx("FIGURE_LABEL")
ROUND = _rx("ROUND")
BORN = _rx("BORN")
BORN_VERB = _rx("BORN_VERB")
BORN_PLACE = _rx("BORN_PLACE")
PRONOUN_START = _rx("PRONOUN_START")
ORG_PRONOUN = _rx("ORG_PRONOUN")
CONTINUES = _rx("CONTINUES")
CO_AGENT = _rx("CO_AGENT")
CO_AGENT_DESCRIBED = _rx("CO_AGENT_DESCRIBED")
MAIN_PRODUCTS = _rx("MAIN_PRODUCTS")
MODEL = _rx("MODEL")
LAUNCH = _rx("LAUNCH")
SERIES = _rx("SERIES")
UNDER = _rx("UNDER")
HQ = _rx("HQ")
HQ_MOVED = _rx("HQ_MOVED")
NOT_DONE = _rx("NOT_DONE")
ORG_FOUNDED_AFTER = _rx("ORG_FOUNDED_AFTER")
ORG_FOUNDED_IN = _rx("ORG_FOUNDED_IN")
ORG_FOUNDED_BARE = _rx("ORG_FOUNDED_BARE")
ORG_FOUNDED_SINCE = _rx("ORG_FOUNDED_SINCE")
LEGAL_TAIL = _rx("LEGAL_TAIL")
ORG_PRONOUN_FOUNDED = _rx("ORG_PRONOUN_FOUNDED")
ORG_IS_FOUNDED = _rx("ORG_IS_FOUNDED")
ORG_FOUNDED_BEFORE = _rx("ORG_FOUNDED_BEFORE")
ORG_FOUNDED_BEFORE_BARE = _rx("ORG_FOUNDED_BEFORE_BARE")
DATE_LEAD = _rx("DATE_LEAD")
SCHOOL_PREFIX = _rx("SCHOOL_PREFIX")
SPACED_DATE = _rx("SPACED_DATE")
SOME_ONE = _rx("SOME_ONE")
LIST_NAME = _rx("LIST_NAME")
SCHOLAR_WORDS = _rx("SCHOLAR_WORDS")
PREPOSITION_END = _rx("PREPOSITION_END")
KIN_AFTER = _rx("KIN_AFTER")
SUBJECT_LEAD = _rx("SUBJECT_LEAD")
SHORT_LEAD = _rx("SHORT_LEAD")
THIS_COMPANY = _rx("THIS_COMPANY")
OF_END = _rx("OF_END")
LOCATIVE_PREFIX = _rx("LOCATIVE_PREFIX")
CARRIED_PREFIX = _rx("CARRIED_PREFIX")
OTHER_PRONOUN = _rx("OTHER_PRONOUN")
ITS_ONLY = _rx("ITS_ONLY")
PRONOUN_PREFIX = _rx("PRONOUN_PREFIX")
PRONOUN = _rx("PRONOUN")
NOT_THE_PRONOUN_RX = _rx("NOT_THE_PRONOUN_RX")
TITLE_IN_PREFIX = _rx("TITLE_IN_PREFIX")
TITLE_AFTER = _rx("TITLE_AFTER")
MODIFIER_AFTER = _rx("MODIFIER_AFTER")
NAME_GOES_ON = _rx("NAME_GOES_ON")
CHAIN_BREAK = _rx("CHAIN_BREAK")
FOUNDED_OBJECT_GAP = _rx("FOUNDED_OBJECT_GAP")
SHOP_OPENED = _rx("SHOP_OPENED")
SHOP_NAME_END = _rx("SHOP_NAME_END")
SHOP_GAP_FIRST = _rx("SHOP_GAP_FIRST")
SHOP_GAP_QUOTED = _rx("SHOP_GAP_QUOTED")
FOUNDER_TITLE_TAIL = _rx("FOUNDER_TITLE_TAIL")
EPITHETS = _rx("EPITHETS")
FOUNDER_IS = _rx("FOUNDER_IS")
FOUNDER_DESCRIPTION = _rx("FOUNDER_DESCRIPTION")
FOUNDER_NAME_END = _rx("FOUNDER_NAME_END")
STILL = _rx("STILL")
OF_ROLE = _rx("OF_ROLE")
TITLE_AFTER_ORG = _rx("TITLE_AFTER_ORG")
ROLE_ONLY = _rx("ROLE_ONLY")
BARE_TITLE = _rx("BARE_TITLE")
TITLE_ITEMS = _rx("TITLE_ITEMS")
TITLE_MODIFIER = _rx("TITLE_MODIFIER")
NOT_TITLE_MODIFIER = _rx("NOT_TITLE_MODIFIER")
NOT_IN_TITLE = _rx("NOT_IN_TITLE")
POST_ITEM = _rx("POST_ITEM")
BRACKET = _rx("BRACKET")
BRACKET_POST = _rx("BRACKET_POST")
HEAD_TITLE = _rx("HEAD_TITLE")
NAME_REST = _rx("NAME_REST")
WILL = _rx("WILL")
FROM_END = _rx("FROM_END")
MAGNITUDE = _rx("MAGNITUDE")
AVERAGE = _rx("AVERAGE")
WORDS_BETWEEN = _rx("WORDS_BETWEEN")
WILL_SOON = _rx("WILL_SOON")
INVESTS = _rx("INVESTS")
SOMEONE_ELSE = _rx("SOMEONE_ELSE")
ITS_COMPANY = _rx("ITS_COMPANY")
IN_HONG_KONG = _rx("IN_HONG_KONG")
PRODUCT_LIST_SPLIT = _rx("PRODUCT_LIST_SPLIT")
MADE_BY_END = _rx("MADE_BY_END")
NOT_LAUNCHED_YET = _rx("NOT_LAUNCHED_YET")
TIME_CLAUSE_END = _rx("TIME_CLAUSE_END")
AMOUNT = _rx("AMOUNT")
DATE = _rx("DATE")
SOME_ONE_VALUE = _rx("SOME_ONE_VALUE")
NOT_A_NAME = _rx("NOT_A_NAME")
SCHOOL_SUFFIX = _rx("SCHOOL_SUFFIX")
BEFORE_SCHOOL = _rx("BEFORE_SCHOOL")
EDU_VERB = _rx("EDU_VERB")
MAJOR_AFTER_SCHOOL = _rx("MAJOR_AFTER_SCHOOL")
MAJOR_STUDIED = _rx("MAJOR_STUDIED")
NOT_A_STUDENT = _rx("NOT_A_STUDENT")
BEFORE_MAJOR = _rx("BEFORE_MAJOR")
YEAR_IN = _rx("YEAR_IN")
DEGREE_MAJOR = _rx("DEGREE_MAJOR")
ASKS = _rx("ASKS")
FOUNDING_STATEMENT = _rx("FOUNDING_STATEMENT")

# Marker words (a `|` makes a set).
BY = _M["BY"]
MOST = _M["MOST"]
LIST_COMMA = _M["LIST_COMMA"]
RADICAL_COMMA = _M["RADICAL_COMMA"]
CLOSING = " " + _M["CLOSING"]  # and a space
AT = _M["AT"]
PERFECTIVE = _M["PERFECTIVE"]
OF = _M["OF"]
FOUNDED_ON = _words("FOUNDED_ON")
FORMER = _M["FORMER"]
ONCE = _words("ONCE")
NOW_HOLDS = _M["NOW_HOLDS"]
TAKES_POST = _words("TAKES_POST")
INSTITUTES = _words("INSTITUTES")
FORMERLY = _words("FORMERLY")
FROM = _M["FROM"]
NOT_A_FIGURE = _words("NOT_A_FIGURE")
FUNDING = _M["FUNDING"]
NOT_LISTED_YET = _words("NOT_LISTED_YET")
HONG_KONG = _M["HONG_KONG"]
ETC = _M["ETC"]
BRAND = _M["BRAND"]
UNIVERSITY_ENDS = _words("UNIVERSITY_ENDS")
DEPARTMENT_ENDS = _words("DEPARTMENT_ENDS")
DATE_UNITS = _words("DATE_UNITS")
SPOKEN_AMOUNT = _M["SPOKEN_AMOUNT"]
WRITTEN_AMOUNT = _M["WRITTEN_AMOUNT"]
EXCHANGE_ENDS = _words("EXCHANGE_ENDS")
GRADUATE_SCHOOL = _M["GRADUATE_SCHOOL"]
NOT_A_MAJOR = _words("NOT_A_MAJOR")
DEGREE_ORDER = _words("DEGREE_ORDER")


_D = cues.patterns("display")


def shown(name: str, **fields: object) -> str:
    """A display text of `bot/data/relations/display.txt` with its fields filled."""
    return _D[name].format(**fields)
