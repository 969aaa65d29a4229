"""What a bot process would otherwise keep in memory, shared by every replica: the search words its page
buttons stand for (`SharedSearchWords`), and per-user rate limits: each user's recent hits in one row of `rate_hits`, read and
written by ONE statement (the row lock of its ON CONFLICT update orders replicas), timed by the server's
clock so that replicas' clocks do not matter."""

from __future__ import annotations

from bot.store.pg.schema import shared

# A sliding window: the hits of the last `window` seconds stay; a new hit is added only when there are fewer
# than `limit` of them. Returns whether it was added (allowed): whether this statement's own time is among
# the hits (not the last hit's time: a replica that waited on the row lock has an earlier time than the
# hit that went in meanwhile).
_HIT = """
WITH now AS (SELECT extract(epoch FROM clock_timestamp())::float8 AS t)
INSERT INTO rate_hits AS r (scope, who, hits) SELECT %(scope)s, %(who)s, ARRAY[now.t] FROM now
ON CONFLICT (scope, who) DO UPDATE SET hits = (
    SELECT CASE WHEN cardinality(kept.h) >= %(limit)s THEN kept.h ELSE kept.h || now.t END
    FROM now, LATERAL (SELECT coalesce(array_agg(x ORDER BY x), '{}') AS h
                       FROM unnest(r.hits) x WHERE x > now.t - %(window)s) kept)
RETURNING (SELECT t FROM now) = ANY(hits)
"""


class SharedRateLimits:
    """`allow(scope, who)`: at most `limit` hits per `window` seconds for one user, across replicas."""

    def __init__(self, location: object) -> None:
        self.location = location

    def allow(self, scope: str, who: int, limit: int, window: float = 60.0) -> bool:
        conn = shared(self.location)
        row = conn.raw.execute(
            _HIT, {"scope": scope, "who": who, "limit": limit, "window": window}
        ).fetchone()
        return bool(row[0])


class SharedFloodGate:
    """The bot's flood gate (`bot.tg.core.FloodGate`'s `allow` and `should_warn`) on the shared limits: a
    user's messages count across replicas, and the warning goes out once a minute from any of them."""

    def __init__(self, location: object, per_minute: int) -> None:
        self.limits = SharedRateLimits(location)
        self.per_minute = per_minute

    def allow(self, user_id: int, now: float | None = None) -> bool:
        return self.limits.allow("flood", user_id, self.per_minute)

    def should_warn(self, user_id: int, now: float | None = None) -> bool:
        return self.limits.allow("flood-warned", user_id, 1)


class SharedSearchWords:
    """The words of recent searches by the key their page buttons carry (`bot.tg.core.Core.searches`): a
    button made by one replica works when pressed through another. The last `kept` are kept."""

    def __init__(self, location: object, kept: int) -> None:
        self.location = location
        self.kept = kept

    def get(self, key: int) -> str | None:
        row = shared(self.location).execute("SELECT words FROM search_words WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def remember(self, key: int, words: str) -> None:
        conn = shared(self.location)
        conn.raw.execute(
            "INSERT INTO search_words VALUES (%s, %s, extract(epoch FROM clock_timestamp())) "
            "ON CONFLICT (key) DO UPDATE SET words = EXCLUDED.words, at = EXCLUDED.at",
            (key, words),
        )
        conn.raw.execute(
            "DELETE FROM search_words WHERE at < (SELECT at FROM search_words ORDER BY at DESC "
            "OFFSET %s LIMIT 1)",
            (self.kept,),
        )

    def clear(self) -> None:
        shared(self.location).execute("DELETE FROM search_words")
