"""The user's settings: a small TOML file in the platformdirs config folder. No Textual.

    theme = "smp-high-contrast"      # remembered when F2 switches it
    [keys]                            # binding id = keys, applied with App.set_keymap
    "app.help" = "f1,question_mark"

A settings file that cannot be used is never overwritten: the app says what is wrong
with it and runs on defaults."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

FILE_NAME = "settings.toml"


class SettingsError(Exception):
    """A settings file that cannot be used: names the file and the fault."""


@dataclass(frozen=True)
class Settings:
    theme: str | None = None
    keys: dict[str, str] = field(default_factory=dict)


def settings_path() -> Path:
    """SMP_SETTINGS, or settings.toml in the user's config folder."""
    if override := os.environ.get("SMP_SETTINGS"):
        return Path(override)
    from platformdirs import user_config_path

    return user_config_path("smp") / FILE_NAME


def load(path: Path) -> Settings:
    """The settings in `path` (defaults if there is no file); SettingsError if unusable."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as error:
        raise SettingsError(f"{path}: cannot be read ({error.strerror})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SettingsError(f"{path}: is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path}: is not valid TOML ({error})") from None
    unknown = sorted(set(data) - {"theme", "keys"})
    if unknown:
        raise SettingsError(f"{path}: unknown setting {unknown[0]!r} (known: theme, keys)")
    theme = data.get("theme")
    if theme is not None and (not isinstance(theme, str) or not theme.strip()):
        raise SettingsError(f"{path}: theme must be a theme's name in quotes, not {theme!r}")
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        raise SettingsError(f"{path}: [keys] must be a table of binding id = \"keys\"")
    for binding_id, value in keys.items():
        if not isinstance(value, str) or not value.strip():
            raise SettingsError(f"{path}: keys.{binding_id} must be keys in quotes, like \"f1\", not {value!r}")
    return Settings(theme=theme, keys=dict(keys))


def _quoted(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    escaped = "".join(
        "\\" + ch if ch in '"\\' else f"\\u{ord(ch):04X}" if ord(ch) < 0x20 or ord(ch) == 0x7F else ch
        for ch in text
    )
    return f'"{escaped}"'


def dumps(settings: Settings) -> str:
    lines = ["# smp settings: see the README. The theme is remembered when F2 switches it."]
    if settings.theme is not None:
        lines.append(f"theme = {_quoted(settings.theme)}")
    if settings.keys:
        lines += ["", "[keys]"] + [f"{_quoted(k)} = {_quoted(v)}" for k, v in sorted(settings.keys.items())]
    return "\n".join(lines) + "\n"


def save_theme(path: Path, theme: str) -> None:
    """Remember the theme, keeping every other setting. SettingsError (and nothing
    written) if the file there cannot be read as settings."""
    current = load(path)
    from smp_tui.store import write_atomically

    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, dumps(Settings(theme=theme, keys=current.keys)).encode("utf-8"))
