"""One vocabulary for every stage: entity kinds, reference levels, fact types, profile fields.

Extraction, the index, the answers, the renderer and the Telegram layer all name these things the
same way; a new kind or field is added here and nowhere else.
"""

from __future__ import annotations

# ---- entity kinds --------------------------------------------------------------------------------
PERSON = "person"
COMPANY = "company"
BRAND = "brand"
PRODUCT = "product"
INVESTOR = "investor"
UNIVERSITY = "university"
ORGANIZATION = "organization"
EXCHANGE = "exchange"  # a stock exchange or board: never a product, never founded by a person

ENTITY_KINDS = (PERSON, COMPANY, BRAND, PRODUCT, INVESTOR, UNIVERSITY, ORGANIZATION)
PERSON_KINDS = frozenset({PERSON})
# What /company answers for.
ORG_KINDS = frozenset({COMPANY, BRAND, UNIVERSITY, INVESTOR, ORGANIZATION, PRODUCT})

# ---- how a sentence refers to an entity ------------------------------------------------------------
# by name, through 他/她/这位/该公司, or only as the interviewee answering.
REF_NAMED, REF_PRONOUN, REF_SPEAKER = 2, 1, 0

# ---- fact types ----------------------------------------------------------------------------------
FACT_TYPES = (
    "born",
    "education",
    "founded",
    "role",
    "listing",
    "figure",
    "product",
    "event",
    "quote",
    "relation",
)

# ---- profile fields (DESIGN §2/§3), in display order -----------------------------------------------
PERSON_FIELDS = ("aliases", "roles", "born", "education", "founded", "related")
ORG_FIELDS = (
    "aliases",
    "founded",
    "founders",
    "leaders",
    "headquarters",
    "parent",
    "brands",
    "products",
    "listing",
    "figures",
    "related",
)


# Chinese labels of kinds and fields, shared by the cards (bot.render) and the corrections (bot.corrections).
KIND_LABELS_ZH = {
    PERSON: "人物",
    COMPANY: "公司",
    BRAND: "品牌",
    UNIVERSITY: "高校",
    INVESTOR: "投资机构",
    ORGANIZATION: "机构",
    PRODUCT: "产品",
}
FIELD_LABELS_ZH = {
    "aliases": "别名",
    "roles": "身份",
    "born": "出生",
    "education": "教育",
    "founded": "创立",
    "founders": "创始人",
    "leaders": "负责人",
    "headquarters": "总部",
    "parent": "母公司",
    "brands": "旗下品牌",
    "products": "产品",
    "listing": "上市",
    "figures": "关键数据",
    "related": "相关",
}


def fields_for(kind: str) -> tuple[str, ...]:
    return PERSON_FIELDS if kind in PERSON_KINDS else ORG_FIELDS
