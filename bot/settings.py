"""Settings from config/settings.yaml and curated entities from config/entities.yaml."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONFIG_DIR = PROJECT_ROOT / "config"


@dataclass(frozen=True)
class Settings:
    index_path: Path
    seeds_dir: Path
    limits: dict[str, int]
    admins: frozenset[int]
    default_language: str = "zh-hans"
    webhook: dict[str, Any] = field(default_factory=dict)
    channels_ingest: tuple[int, ...] = ()
    corrections: dict[str, Any] = field(default_factory=dict)  # path, who (see bot/corrections.py)

    def limit(self, name: str, default: int) -> int:
        return int(self.limits.get(name, default))


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return data if isinstance(data, dict) else {}


@lru_cache(maxsize=1)
def load_settings() -> Settings:
    raw = _read_yaml(CONFIG_DIR / "settings.yaml")
    admins = {int(a) for a in raw.get("admins") or []}
    env_admins = os.environ.get("FACTBOT_ADMINS", "")
    admins |= {int(a) for a in env_admins.replace(",", " ").split() if a.strip().lstrip("-").isdigit()}
    index_path = Path(os.environ.get("FACTBOT_INDEX") or raw.get("index_path") or "var/factbot.sqlite")
    if not index_path.is_absolute() and not str(index_path).startswith(("postgresql:", "postgres:")):
        index_path = PROJECT_ROOT / index_path
    seeds = Path(raw.get("seeds_dir") or "seeds")
    if not seeds.is_absolute():
        seeds = PROJECT_ROOT / seeds
    return Settings(
        index_path=index_path,
        seeds_dir=seeds,
        limits=dict(raw.get("limits") or {}),
        admins=frozenset(admins),
        default_language=str(raw.get("default_language") or "zh-hans"),
        webhook=_webhook(raw),
        channels_ingest=tuple(int(c) for c in raw.get("channels_ingest") or []),
        corrections=dict(raw.get("corrections") or {}),
    )


def _webhook(raw: dict[str, Any]) -> dict[str, Any]:
    """The webhook settings, each overridable by FACTBOT_WEBHOOK_URL / _LISTEN / _PORT: replicas of one
    deployment share the settings file and differ in where they listen."""
    hook = dict(raw.get("webhook") or {})
    for key in ("url", "listen", "port"):
        value = os.environ.get(f"FACTBOT_WEBHOOK_{key.upper()}")
        if value:
            hook[key] = value
    return hook


@lru_cache(maxsize=1)
def curated_entities() -> tuple[dict[str, Any], ...]:
    """Curated entries: each {name, kind?, aliases?}. Optional refinements, never a source of facts."""
    raw = _read_yaml(CONFIG_DIR / "entities.yaml")
    out = []
    for item in raw.get("entities") or []:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            out.append(item)
    return tuple(out)
