"""Language resources shared by extraction: cue words, surnames, jieba's dictionary tags.

These are facts about Chinese, not about any article: role words, speech verbs, organisation
suffixes, the common surnames. Nothing here names an entity from the seeds.
"""

from __future__ import annotations

from functools import lru_cache

# The ~120 most common single-character surnames and the common double ones.
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴"
    "霍涂苗谷盛曲翁冉骆蓝游辛靳管柴蒙鲍华喻祁蒲房滕屈饶牟艾尤阳穆农卓古吉缪简项芦麦褚娄窦戚岑"
    "景党宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬卞姬仇栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩佘池"
)
DOUBLE_SURNAMES = {
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "东方",
    "皇甫",
    "令狐",
    "慕容",
    "尉迟",
    "公孙",
    "长孙",
    "夏侯",
}

# Surnames read differently from the character's everyday reading (曾毓群 is zeng, not ceng).
SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "朴": "piao",
    "查": "zha",
    "盖": "ge",
    "乐": "yue",
    "覃": "qin",
    "缪": "miao",
    "尉": "yu",
    "召": "shao",
    "种": "chong",
    "秘": "bi",
    "繁": "po",
    "员": "yun",
    "翟": "zhai",
    "薄": "bo",
    "莘": "shen",
    "隗": "wei",
    "燕": "yan",
    "那": "na",
    "句": "gou",
}

# Titles that stand right before a person's name (所长魏少军, 分析师唐欣, 好友李佳轩).
ROLE_WORDS = (
    "联合创始人",
    "创始合伙人",
    "首席执行官",
    "首席技术官",
    "董事长兼CEO",
    "董事长",
    "副董事长",
    "创始人",
    "创办人",
    "合伙人",
    "总经理",
    "副总裁",
    "总裁",
    "总监",
    "董事",
    "主席",
    "院长",
    "所长",
    "校长",
    "教授",
    "研究员",
    "院士",
    "分析师",
    "工程师",
    "科学家",
    "负责人",
    "经理",
    "主任",
    "导师",
    "记者",
    "编辑",
    "作者",
    "好友",
    "同事",
    "老板",
    "CEO",
    "CTO",
    "COO",
    "CFO",
    "博士",
    "先生",
    "女士",
    "掌舵人",
    "投资人",
    "律师",
    "部长",
    "局长",
    "市长",
)
# Role words that make a profile "role" (title at an organisation).
PROFILE_ROLES = (
    "董事长兼CEO",
    "董事长兼首席执行官",
    "董事长兼总裁",
    "副总经理",
    "执行董事",
    "总工程师",
    "联合创始人",
    "创始合伙人",
    "首席执行官",
    "首席技术官",
    "董事长",
    "副董事长",
    "创始人",
    "创办人",
    "合伙人",
    "总经理",
    "副总裁",
    "总裁",
    "CEO",
    "CTO",
    "COO",
    "CFO",
    "所长",
    "院长",
    "教授",
    "主席",
    "董事",
    "掌舵人",
    "负责人",
)
# Words that follow a name in running text (张楠赓说, 唐欣表明, 楊作興告诉硬氪).
AFTER_NAME = (
    "说",
    "表示",
    "认为",
    "告诉",
    "指出",
    "称",
    "坦言",
    "回忆",
    "强调",
    "介绍",
    "透露",
    "解释",
    "分析",
    "判断",
    "看来",
    "表明",
    "曾",
    *ROLE_WORDS,
    "在",
    "的",
    "是",
    "和",
    "与",
    "也",
    "就",
    "又",
    "却",
    "还",
    "已",
    "接受",
    "创立",
    "创办",
    "成立",
    "加入",
    "出生",
    "毕业",
    "向",
    "宣布",
    "发现",
    "觉得",
    "以为",
    "观察",
    "看到",
    "共",
    "任",
    "担任",
    "开始",
    "第一次",
    "有",
    "对",
    "带领",
    "一直",
    "无疑",
    "改",
    "同时",
    "作为",
    "：",
    ":",
    "，",
    "。",
    "、",
    "”",
)
# Organisation suffixes, longest first so 有限公司 wins over 公司.
ORG_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团公司",
    "交易所",
    "研究院",
    "研究所",
    "实验室",
    "微电子",
    "半导体",
    "科技",
    "公司",
    "集团",
    "电子",
    "股份",
    "控股",
    "基金",
    "资本",
    "创投",
    "投资",
    "证券",
    "银行",
    "大学",
    "学院",
    "智能",
    "网络",
    "传媒",
    "汽车",
    "电器",
    "通信",
    "软件",
    "芯片",
    "机器人",
    "信息",
    "视觉",
    "医疗",
    "能源",
    "咨询",
)
LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "集团公司")
UNIVERSITY_SUFFIXES = ("大学", "学院")
INVESTOR_SUFFIXES = ("基金", "资本", "创投", "投资")
CLASS_NOUNS = ("公司", "企业", "巨头", "厂商", "品牌", "玩家", "独角兽", "厂家", "机构", "大厂")
SPEECH_VERBS = ("说", "表示", "认为", "告诉", "指出", "称", "坦言", "回忆", "强调", "透露", "解释", "表明")

# Tokens at which an organisation name cannot extend further to the left.
BOUNDARY = set(
    "的 了 在 是 和 与 及 或 为 由 对 从 向 把 被 将 于 以 等 也 都 就 又 并 而 但 给 让 跟 同 这 那 其 该 "
    "加入 创立 创办 成立 创建 作为 旗下 前身 成为 收购 并购 投资 推出 发布 包括 例如 比如 像 如 背靠 来自 "
    "这家 那家 一家 这位 这些 那些 一个 整个 家 位 个 名 叫 称 看 做 去 到 说 有 没有 之一 "
    "年 月 日 后 前 时 中 上 下 内 外 当时 目前 如今 现在 曾经 已经 同年 后来 毕业于 毕业 就读于 就读 考入 赴 本科 硕士 博士 任职 回到 重返 回 进入 之初 之后 以来 中小 据 如 像 即 又称 称为 从 自 入主".split()
)
STOP_NAME_CHARS = set(
    "的了是在和与及从对将把被也就都而但又却还已说为以于等这那其之个们着过吗呢吧啊他她它我你您"
)


@lru_cache(maxsize=1)
def dictionary_tags() -> dict[str, str]:
    """jieba's dictionary as word -> part-of-speech tag (read once, without jieba's HMM)."""
    return {w: t for w, (t, _) in _dictionary().items()}


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, tuple[str, int]]:
    import jieba

    out: dict[str, tuple[str, int]] = {}
    with open(jieba.get_dict_file().name, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 3 and len(parts[0]) >= 2:
                out[parts[0]] = (parts[2], int(parts[1]))
            elif len(parts) >= 3 and int(parts[1]) >= 9000:
                _COMMON_CHARS.add(parts[0])
    return out


_COMMON_CHARS: set[str] = set()  # single characters used as words all the time (全, 级, 大, 新)


def is_common_word(word: str) -> bool:
    """A dictionary word that is not a rare person name (方面, 马拉松, 高通; jieba tags 范畴 'nr' too)."""
    entry = _dictionary().get(word)
    if entry is None:
        return False
    tag, freq = entry
    # jieba tags many everyday two-character words as names (张开, 李子, 高明, 范畴 — all frequent);
    # its three-character 'nr' entries are real names (张三丰, 李彦宏), whatever their frequency.
    return not tag.startswith("nr") or (len(word) == 2 and freq >= 60)


def is_generic(word: str) -> bool:
    """For organisation names: a dictionary word that is not marked proper (nr/nz/nt/j)."""
    entry = _dictionary().get(word)
    return entry is not None and not entry[0].startswith(("nr", "nz", "nt", "j"))


def is_generic_compound(word: str) -> bool:
    """A word jieba did not know that is made of ordinary words (芯片公司, 海外市场, 全定制): ordinary too.

    Greedy longest match over the dictionary; at most one character may be left over, and every
    dictionary word inside must be an ordinary one (比特微 holds 比特, marked proper, so it is not).
    """
    if len(word) < 3 or word in _dictionary():
        return False
    i, generic, leftover = 0, 0, 0
    while i < len(word):
        for n in (4, 3, 2):
            piece = word[i : i + n]
            entry = _dictionary().get(piece) if len(piece) == n else None
            if entry is not None and entry[1] >= 20:  # rarer entries are dictionary noise (伟达)
                if not is_generic(piece):
                    return False
                generic += n
                i += n
                break
        else:
            if word[i] not in _COMMON_CHARS:
                return False
            leftover += 1
            i += 1
    return generic > 0 and leftover <= 1
