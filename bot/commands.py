"""The one command table: every chat command's name, group and where it appears.

The parser's command set and aliases (bot/query.py), the help text (bot/show/), the Telegram handlers,
caption commands and menus (bot/tg/) all derive from `COMMANDS`; a command's words (its aliases, menu
line, help line) are in the message catalogue under `cmd.<name>.*`, so a new command is one row here
and a few lines in bot/data/messages/.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from bot.messages import LANGS, catalogue, t

LOOKUP, CORRECTION, ADMIN = "lookup", "correction", "admin"
WATCH = "watch"  # a chat's subscriptions (Telegram only: bot/tg/watch.py)


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    group: str  # lookup (anyone, answered from the index) | correction (team edits) | admin (Telegram only)
    menu: bool = False  # in the bot's public menu (set_my_commands)
    help: bool = False  # a line of /help
    telegram: bool = True  # a Telegram handler answers it
    parsed: bool = True  # the chat-line parser knows it (/remove is Telegram-only)

    @property
    def aliases(self) -> tuple[str, ...]:
        """Other spellings (/谁, /公司, /find) from every language's catalogue."""
        words: list[str] = []
        for lang in LANGS:
            for word in catalogue(lang).get(f"cmd.{self.name}.aliases", "").split():
                if word.lower() not in words:
                    words.append(word.lower())
        return tuple(words)

    def menu_text(self, lang: str, **examples: str) -> str:
        return t(f"cmd.{self.name}.menu", lang, **examples)

    def help_text(self, lang: str, **examples: str) -> str:
        return t(f"cmd.{self.name}.help", lang, **examples)


COMMANDS: tuple[Command, ...] = (
    Command("who", LOOKUP, menu=True, help=True),
    Command("company", LOOKUP, menu=True, help=True),
    Command("search", LOOKUP, menu=True, help=True),
    Command("ask", LOOKUP, help=True),  # in /help; the public menu keeps to five lines
    Command("sources", LOOKUP, menu=True, help=True),
    Command("more", LOOKUP, help=True),
    Command("timeline", LOOKUP, menu=True, help=True),
    Command("graph", LOOKUP, menu=True, help=True, telegram=False),  # a photo: bot/tg/graph.py sends it
    Command("help", LOOKUP, menu=True),
    Command("start", LOOKUP),
    Command("watch", WATCH, help=True, parsed=False),
    Command("unwatch", WATCH, parsed=False),
    Command("watching", WATCH, parsed=False),
    Command("reload", ADMIN),
    Command("remove", ADMIN, parsed=False),
    Command("alias", CORRECTION),
    Command("merge", CORRECTION),
    Command("split", CORRECTION),
    Command("kind", CORRECTION),
    Command("notentity", CORRECTION),
    Command("fix", CORRECTION),
    Command("hide", CORRECTION),
    Command("history", CORRECTION),
    Command("undo", CORRECTION),
)
BY_NAME = MappingProxyType({c.name: c for c in COMMANDS})

# What the parser reads: the names it knows, and every alias -> its command name.
PARSED = frozenset(c.name for c in COMMANDS if c.parsed)
ALIASES = MappingProxyType({a: c.name for c in COMMANDS for a in c.aliases})
CORRECTIONS = tuple(c.name for c in COMMANDS if c.group == CORRECTION)


def group(name: str) -> tuple[Command, ...]:
    return tuple(c for c in COMMANDS if c.group == name)


def is_correction(name: str) -> bool:
    return name in CORRECTIONS


def help_lines(lang: str, **examples: str) -> str:
    """The commands of /help, one a line, in table order."""
    return "\n".join(c.help_text(lang, **examples) for c in COMMANDS if c.help)
