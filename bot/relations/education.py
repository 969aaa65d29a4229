"""Where a person studied: school, major, degree, year (field: education); one school under one name."""

from __future__ import annotations

from dataclasses import replace

from bot.relations import grammar as g
from bot.relations import values as vals
from bot.relations.record import Value
from bot.relations.sentence import Reader, Rule, View


def education(b: Reader, s: View) -> None:
    recs = vals.education(s.canon, b.restore)
    if not recs:
        return
    # (a name inside a school's, 史丹佛 read as a person, is no person here)
    spans = [(a, a + len(r["school"])) for r in recs if (a := s.canon.find(r["school"])) >= 0]
    if any(a <= p[2] < e for p in s.people for a, e in spans):
        s = replace(s, people=[p for p in s.people if not any(a <= p[2] < e for a, e in spans)])
    first_school = min((s.canon.find(r["school"]) for r in recs if r["school"] in s.canon), default=0)
    # Who studied there: the subject of the school's clause (张三和李四均毕业于…: both), else the
    # person named closest before the school, else the one a pronoun continues.
    who = b.agents(s, max(first_school, 0))
    if not who:
        before = [p for p in s.people if p[2] < first_school]
        # A person named after the school: in the school's own clause (毕业于清华大学的张三), or as the
        # subject of the main clause after a 毕业后 time clause (北航本科毕业后，陈书耕…); not elsewhere
        # (他毕业于清华大学，师从张三教授: the teacher did not study there).
        cs, ce = vals.clause_at(s.canon, max(first_school, 0))
        after = [
            p[0]
            for p in s.people[:1]
            if cs <= p[2] < ce or (g.TIME_CLAUSE_END.search(s.canon[cs:ce]) and 0 <= p[2] - (ce + 1) <= 2)
        ]
        who = [before[-1][0]] if before else after
    if not who and s.pronoun_person is not None:
        who = [s.pronoun_person]
    if not who:
        who = _described_head(s, recs)
    if not who:
        # 当时明德中学很多同学都去外地读大学，…他…，就选择了清源大学新闻系: no one studies at the first school;
        # each later school goes to the agent of its own clause.
        for r in recs:
            at = s.canon.find(r["school"])
            for pid in b.agents(s, at) if at > first_school else []:
                _education(b, s, pid, [r])
        return
    for pid in who:
        _education(b, s, pid, recs)


def _described_head(s: View, recs: list[dict]) -> list[int]:
    """拥有南湾大学与北岭大学土木工程硕士学位，却一直醉心音乐的蒋文斌，对绘画…: a sentence that opens with the
    schools and names no one until the one person a 的 describes (the head of the whole description, the
    sentence's subject)."""
    people = s.people
    if len({p[0] for p in people}) != 1 or not s.canon[: people[0][2]].endswith(g.OF):
        return []
    first = min((a for r in recs if (a := s.canon.find(r["school"])) >= 0), default=-1)
    return [people[0][0]] if 0 <= first < people[0][2] else []


def _education(b: Reader, s: View, pid: int, recs: list[dict]) -> None:
    for r in recs:
        if any(_run_into(p[1], r["school"]) for p in s.people):
            continue  # 张三参加过星河师范学院: a clause's subject run into the school's name, never a school
        uni = next((o for o in s.orgs if o[1] == r["school"]), None)
        b.put(
            pid,
            "education",
            vals.show_education(r),
            s.i,
            entity=uni[0] if uni else None,
            school=r["school"],
            major=r["major"],
            degree=r["degree"],
            year=r["year"],
        )


def _run_into(name: str, school: str) -> bool:
    """A person's name inside a school's value with more than the school's class word after it (not a
    school named after someone: 邓某中学)."""
    at = school.find(name)
    return at >= 0 and not g.SCHOOL_SUFFIX.fullmatch(school[at + len(name) :])


def _abbreviates(short: str, full: str) -> bool:
    """北航 for 北京航空航天大学, 清华 for 清华大学: the short name's characters in order, the first one first."""
    if len(short) >= len(full) or short[:1] != full[:1]:
        return False
    it = iter(full)
    return all(ch in it for ch in short)


def _bare_school(name: str) -> str:
    return g.SCHOOL_PREFIX.sub("", name)


def same_school(a: str, b: str) -> bool:
    """北航 and 北京航空航天大学, 美国沃顿商学院 and 沃顿商学院, 宾夕法尼亚大学沃顿商学院 and 沃顿商学院: one school."""
    a, b = _bare_school(a), _bare_school(b)
    if len(a) < 2 or len(b) < 2:
        return False
    return a == b or _abbreviates(a, b) or _abbreviates(b, a) or a.endswith(b) or b.endswith(a)


def same_schools(items: list[Value]) -> list[Value]:
    """One school under one name: a person's 北航 records join their 北京航空航天大学 ones; 沃顿商学院 joins
    宾夕法尼亚大学 · 沃顿商学院; a major alone (专修计算机体系结构) at a school with degree records adds no line."""
    edu = [v for v in items if v.field == "education"]
    full = {v.parts["school"] for v in edu if v.parts.get("school", "").endswith(g.UNIVERSITY_ENDS)}
    # A school that is another record's department (宾夕法尼亚大学 · 沃顿商学院): parent and department.
    depts = {
        v.parts["major"]: v.parts["school"]
        for v in edu
        if (v.parts.get("major") or "").endswith(g.DEPARTMENT_ENDS) and v.parts.get("school")
    }
    merged: dict[str, Value] = {}
    out = []
    for v in items:
        if v.field == "education":
            _one_name(v, edu, depts, full)
            key = v.text
            if key in merged:
                merged[key].sources |= v.sources
                continue
            merged[key] = v
        out.append(v)
    _fold_majors_alone(out)
    return out


def _one_name(v: Value, edu: list[Value], depts: dict[str, str], full: set[str]) -> None:
    """A record's school under its full name: a department under its parent (沃顿商学院 -> 宾夕法尼亚大学
    · 沃顿商学院), an abbreviation under the full name (北航 -> 北京航空航天大学)."""
    school = v.parts.get("school", "")
    parent = next((p for d, p in depts.items() if p != school and _bare_school(school) == d), None)
    if parent and not v.parts.get("major"):
        v.parts = {**v.parts, "school": parent, "major": _bare_school(school)}
        v.text = vals.show_education(v.parts)
        v.entity = next((k.entity for k in edu if k.parts.get("school") == parent and k.entity), None)
    target = next((f for f in full if _abbreviates(school, f)), None)
    if target:
        v.parts = {**v.parts, "school": target}
        v.text = vals.show_education(v.parts)
        v.entity = next((k.entity for k in edu if k.parts.get("school") == target and k.entity), v.entity)


def _fold_majors_alone(out: list[Value]) -> None:
    """专修计算机体系结构 at a school the person has degree records for: which degree it belongs to is not
    said, so it adds no line of its own (its sources join the school's record without a major)."""
    for v in [v for v in out if v.field == "education"]:
        p = v.parts
        if p.get("degree") or p.get("year") or not p.get("major"):
            continue
        others = [
            k
            for k in out
            if k is not v and k.field == "education" and k.parts.get("school") == p.get("school")
        ]
        if any(k.parts.get("degree") for k in others):
            host = next((k for k in others if k.parts.get("degree") and not k.parts.get("major")), others[0])
            host.sources |= v.sources
            out.remove(v)


def in_study_order(kept: list[Value]) -> list[Value]:
    """Schools in the order of study (本科 before 研究生), not by how many sentences tell them: the same
    card whatever else the index holds. Other values keep their places."""
    edu = [v for v in kept if v.field == "education"]
    if len(edu) > 1:
        at = [i for i, v in enumerate(kept) if v.field == "education"]
        for i, v in zip(at, sorted(edu, key=study_order), strict=True):
            kept[i] = v
    return kept


def study_order(v: Value) -> tuple:
    degrees = (v.parts.get("degree") or "").split("/")
    rank = min((vals.DEGREE_ORDER.index(d) for d in degrees if d in vals.DEGREE_ORDER), default=99)
    return (v.parts.get("year") or 9999, rank, v.text)


def shown_school(related: Value, edu: list[Value]) -> bool:
    """A related entity that is a school the education lines already show (by id or as the same school)."""
    for e in edu:
        if related.entity is not None and related.entity == e.entity:
            return True
        if any(n and same_school(related.text, n) for n in (e.parts.get("school"), e.parts.get("major"))):
            return vals.is_school(related.text) or len(related.text) <= 4
    return False


EDUCATION = Rule("education", ("education",), education)
