"""The patterns the relation rules share: titles, verbs, negation, dates; cue words come from
`bot/data/relations/`.
"""

from __future__ import annotations

import re

from bot import lexicon as lx
from bot.relations import cues

QUESTION_TYPE = "question"  # see bot/relations/questions.py

ROLES = "|".join(
    re.escape(r) for r in sorted({*lx.PROFILE_ROLES, *cues.words("titles")}, key=len, reverse=True)
)
# 董事长兼CEO, 创办人 暨执行长 (a space may stand around 暨/兼 in a Taiwanese text).
ROLE = rf"(?:{ROLES})(?:\s?(?:兼|暨)\s?(?:{ROLES}))*"
# 董事长、总经理及执行董事: the titles one person holds, listed after a role verb.
ROLE_LIST = rf"{ROLE}(?:(?:、|及|和|以及)(?:{ROLE}))*"
# 副常务董事及执行董事黄维义: the titles right before the name.
ROLE_BEFORE = re.compile(rf"({ROLE}(?:(?:及|、){ROLE})*)(?:的)?$")
INTERVIEWED = re.compile(rf"(?:{cues.alternation('interview_verbs')})({ROLE})$")
DATED = re.compile(r"(?:19|20)\d{2}\s?年")
TAKES_ROLE = re.compile(
    rf"(现任|担任|出任|兼任|曾任|曾担任|历任|现为|出任了|担任了)([^，。；]{{0,16}}?)({ROLE_LIST})"
)
# The organisation's own class word between its name and a title (香港中华煤气集团主席 for 香港中华煤气).
ORG_CLASS = re.compile(rf"(?:{cues.alternation('org_class')})$")
BARE_TITLES = frozenset({"教授", "所长", "院长", "博士", "主席"})
FOUNDER_TITLE = re.compile(cues.alternation("founder_titles"))
FOUND_VERB = re.compile(
    rf"(?:{cues.alternation('found_verbs')}|{cues.alternation('register_verbs')})(?![人者])"
)  # not 创办人
REGISTER_VERB = re.compile(cues.alternation("register_verbs"))
NOT_REGISTERED = re.compile(rf"^(?:{cues.alternation('not_registered')})")
# After the founder's name and before the verb: a title, a group word, an adverb (罗乐风夫妇创办, 崔屹教授创办).
AGENT_TAIL = re.compile(
    rf"(?:{ROLE}|{cues.alternation('academic_titles')}|博士|先生|女士)?"
    rf"(?:{cues.alternation('agent_groups')})?(?:共同|联合|一起|一同|亲自|一手|携手)?"
)
# 为该公司行政总裁: a role at the organisation 该公司 refers to (认为, 作为, 称为 … are not 为 "is").
ROLE_AT_PRONOUN = re.compile(
    rf"(?<![认以作因称视行更较极最尤广])(为|是|任|现任|担任|出任|成为)了?"
    rf"(?:该公司|这家公司|该集团|该企业|这家企业)的?({ROLE_LIST})(?:一职)?(?=[，,。；]|$)"
)
# 目前担任公司董事长, 目前在公司担任执行董事: a subjectless clause naming the organisation only by its
# class word (公司, 集团) — the organisation in focus (cue words: bot/data/relations/focus_org.txt).
FOCUS_ORG = rf"(?:{cues.alternation('focus_org')})"
ROLE_AT_FOCUS = re.compile(
    rf"^(?:{cues.alternation('role_adverbs')})*(?:(?:担任|出任|任)了?{FOCUS_ORG}的?({ROLE_LIST})"
    rf"|在{FOCUS_ORG}(?:担任|出任|任)({ROLE_LIST}))(?:一职)?(?=[，,。；]|$)"
)
# 父亲兼企业创办人万隆, 公司创始人张三表示: the class word, a title, then the person.
FOCUS_TITLE = re.compile(rf"(?:^|[兼，,、：:]){FOCUS_ORG}的?({ROLE})$")
DEPARTURE = re.compile(cues.alternation("departure"))
DISMISSED = re.compile(rf"被(?:{cues.alternation('dismissal')})了?({ROLE})(?:职务|一职|职位)?的")
# 原本由万洪建担任的副主席一职，改由他弟弟万宏伟接任
HANDED_OVER = re.compile(rf"({ROLE})一职[，,]?(?:改由|交由|由)")
SHORT_GAP = re.compile(r"^[^，。；]{0,8}?$")
STUDIED = re.compile(cues.alternation("edu_verbs"))
ACADEMIC = re.compile(rf"(?:{cues.alternation('academic_titles')})")
# Between an institute and a scholar's name: nothing, 的, or a department or descriptor
# (斯坦福大学能源界专家崔屹教授, 清源大学材料系张三教授) — never a verb (邀请, 聘请).
SCHOLAR_GAP = re.compile(
    r"(?:的)?(?:[\u4e00-\u9fff]{1,8}?(?:系|学院|研究所|实验室|专家|学者|科学家))?(?:的)?"
)
# 清华大学教授，博士生导师魏少军教授: a list of titles between the institute and the name.
TITLE_LIST = re.compile(rf"(?:(?:{cues.alternation('academic_titles')}|{ROLE})[，、,]?)+")
NOT_SCHOLAR_GAP = re.compile(r"邀请|聘请|请|和|与|及|对|向|给|称|说|认为|表示|介绍|采访|访问|合作|支持|前|原")
LISTING_VERB = re.compile(cues.alternation("listing_verbs"))
NOT_A_LISTING = re.compile(r"^(?:公司|企业|路|申请|计划|之路|前夕|辅导|进程|梦)")
FAILURE = re.compile(cues.alternation("failure"))
PLANNED = re.compile(cues.alternation("planned"))
TARGET = re.compile(cues.alternation("target"))
PAST = re.compile(cues.alternation("past_role"))
NEGATED = re.compile(r"(?:未|没|没有|不|并未|从未)$")
EXCHANGE = re.compile(cues.alternation("exchanges"))
EXCHANGE_NAMED = re.compile(r"在([\u4e00-\u9fff]{2,8}?(?:交易所|证交所))")
TICKER = re.compile(r"(?:股票|证券)代码[为是:：]?\s*([A-Z]{1,6}|\d{4,6})")
FIGURE_LABEL = re.compile(cues.alternation("figure_labels"))
# 完成9000万美元D轮融资: the round written before the label.
ROUND = re.compile(rf"((?:Pre-?)?[A-H]\+?|{cues.alternation('funding_rounds')})轮$")
BORN = re.compile(
    r"((?:19|20)\d{2})年(?:生人|出生)|(?:生于|出生于)((?:19|20)\d{2})|((?:19|20)\d{2})年(?:\d{1,2}月)?生(?=[，,。；]|$)"
)
BORN_PLACE = re.compile(
    r"(?:地地道道的|土生土长的|出生于|生于|出生在)([\u4e00-\u9fff]{2,6}?)人?(?=[，。,]|$)"
)
# 他/她 near the start, also after a leading time clause (于是在2002年，她拿出…).
# 他们, 她的丈夫, 她父亲: not the person the pronoun stands for.
NOT_THE_PRONOUN = r"[们的父母丈妻儿女哥姐弟妹老家公团同朋先太爸妈爷奶]"
TIME_LEAD = r"(?:[^，。]{0,12}?(?:年|月|日|后|时|初|底|末)[，,])?"
PRONOUN_START = re.compile(
    rf"^{TIME_LEAD}[^，。]{{0,6}}?(?:他|她)(?!们)|^(?:这位|此人|该人士|现任|曾任|历任|现为)"
)
ORG_PRONOUN = re.compile(r"^[^，。]{0,8}?(?:该公司|这家公司|该集团|这家企业|该企业|公司)")
CONTINUES = re.compile(r"^(?:并|又|随后|后来|之后|便|就|再|最后|最终|而后|同时|还|也|于是|进而|遂)")
CO_AGENT = re.compile(r"^(?:和|与|及|、|以及|同|跟)(?:好友|同学|妻子|丈夫|搭档|伙伴|校友)?$")
MAIN_PRODUCTS = re.compile(r"(?:主要|核心|主打)产品(?:包括|有|是|为)([^。；，,“”]{2,40})")
MODEL = re.compile(r"(?<![A-Za-z0-9])([A-Z]{1,4}-?\d{1,4}[A-Z]?)(?![A-Za-z0-9])")
LAUNCH = re.compile(r"(?:推出|发布)了?[\u4e00-\u9fff]{0,8}?([A-Z][A-Za-z0-9\-]{1,20})(?![A-Za-z0-9])")
SERIES = re.compile(r"“([\u4e00-\u9fff]{2,5})”系列")
UNDER = re.compile(r"在([\u4e00-\u9fff]{2,10}?)旗下.{0,20}$")
HQ = re.compile(r"总部(?:位于|设在|设于)([\u4e00-\u9fff]{2,6}?)(?=[，。,、；]|$)")
# 总部迁至新加坡, 已更改新加坡为总部: a move; the newer place is the headquarters.
HQ_MOVED = re.compile(
    rf"总部(?:已经?)?(?:{cues.alternation('hq_moves')})([\u4e00-\u9fff]{{2,6}}?)(?=[，。,、；]|$)"
    r"|(?:更改|改|变更|改设|设)了?([\u4e00-\u9fff]{2,6}?)为(?:新的?)?总部(?=[，。,、；]|$)"
)
NOT_DONE = re.compile(r"将|要|拟|可能|或|计划|打算|准备|不排除|有望|传闻")
ORG_FOUNDED_AFTER = re.compile(
    r"(?:公司|集团)?(?:成立于|创立于|创办于|始创于|于)((?:19|20)\d{2}年(?:\d{1,2}月)?(?:\d{1,2}日)?)"
    r"(?:在[\u4e00-\u9fff]{2,4})?(?:正式)?(成立|创立|创办|注册成立)?"
)
# ORG在2019年成立。 (a bare 成立 ending the clause: not 在2019年成立了研究院, which founds something else)
ORG_FOUNDED_IN = re.compile(
    r"在((?:19|20)\d{2}年(?:\d{1,2}月)?(?:\d{1,2}日)?)(?:正式)?(成立|创立|创办)(?=[，。；,]|$)"
)
# The rest of a Latin legal name after the short name, up to its closing quote.
LEGAL_TAIL = re.compile(r"(?:\s[A-Za-z][A-Za-z.,&\s]{0,40}?)?[」”\"』]")
ORG_PRONOUN_FOUNDED = re.compile(
    r"[，,](?:公司|该公司|其)(?:成立于|于)((?:19|20)\d{2}年(?:\d{1,2}月)?)(?:正式)?(?:成立|创立|创办)?"
)
# Gamera Game是一家2018年成立的独立游戏发行公司, 海思是2004年成立的: the company is the subject.
ORG_IS_FOUNDED = re.compile(
    r"(?:是|为)(?:一[家个间所])?(?:于|在)?((?:19|20)\d{2}年(?:\d{1,2}月)?(?:\d{1,2}日)?)"
    r"(?:在[\u4e00-\u9fff]{2,4})?(?:正式)?(?:成立|创立|创办|注册成立)的"
)
ORG_FOUNDED_BEFORE = re.compile(
    r"(?:成立于|创立于|创办于)?((?:19|20)\d{2}年(?:\d{1,2}月)?)(?:成立|创立|创办)?的$"
)


DATE_LEAD = re.compile(r"^[^，。]{0,14}?(?:年|月|日)(?:初|底|中|末)?[，,]")

SCHOOL_PREFIX = re.compile(rf"^(?:{cues.alternation('school_prefixes')})")
