"""App-level settings (not per conversation): last model, load parameters, window, theme,
whether the first-run welcome was shown, and the person's own chat templates per model.

Stored as JSON next to the history and replaced atomically; an unreadable file falls
back to defaults instead of stopping the app.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app import paths
from app.engine.errors import InvalidParameterError
from app.engine.params import LoadParams
from model_store.fit import KV_TYPES
from model_store.atomic import write_atomic

log = logging.getLogger(__name__)

THEMES = ("system", "light", "dark")
LANGUAGE_CHOICES = ("system", "en", "zh_CN")  # the keys of app.i18n.LANGUAGES


@dataclass
class AppSettings:
    """What Hearth remembers between launches."""

    model_path: str = ""
    load: dict[str, Any] = field(default_factory=dict)
    theme: str = "system"
    # "system" (follow the computer's language), or one of app.i18n.LANGUAGES; read at start-up.
    language: str = "system"
    show_side_panel: bool = False  # the settings panel starts collapsed; remembered once opened
    window_geometry: str = ""
    last_conversation_id: int = 0
    welcome_shown: bool = False
    # The person's own chat template per model file (path → Jinja text); absent: the model's own.
    chat_templates: dict[str, str] = field(default_factory=dict)
    # The KV cache type per model file (path → "q8_0"/"q4_0"); absent: f16.
    kv_types: dict[str, str] = field(default_factory=dict)
    # Saved KV caches of chats ("model memory"): how much disk and RAM they may take.
    kv_disk_budget_gb: float = 4.0
    kv_memory_budget_mb: int = 1024
    # The local API server (off until switched on); its key, when on the network, is in the keychain.
    server_enabled: bool = False
    server_port: int = 8080
    server_network: bool = False
    server_allow_switch: bool = False
    # Remote engines: [{"name", "url"}]; their API keys are in the keychain. Names confirmed once.
    remotes: list[dict[str, str]] = field(default_factory=list)
    remotes_confirmed: list[str] = field(default_factory=list)

    def load_params(self, model_path: str | None = None) -> LoadParams:
        """Load parameters for ``model_path`` (default: the last model), falling back to defaults;
        the KV cache type is the model's own choice."""
        try:
            params = LoadParams.from_dict({k: v for k, v in self.load.items() if k != "kv_type"})
        except InvalidParameterError:
            params = LoadParams()
        path = model_path if model_path is not None else self.model_path
        return params.replace(model_path=path, kv_type=self.kv_type_for(path))

    def kv_type_for(self, model_path: str) -> str:
        """The KV cache type chosen for ``model_path`` ("f16" when none or unknown)."""
        kind = self.kv_types.get(model_path, "f16")
        return kind if kind in KV_TYPES else "f16"

    def set_kv_type(self, model_path: str, kv_type: str) -> None:
        """Remember ``kv_type`` for ``model_path`` (f16 is the default and is not stored)."""
        if kv_type == "f16" or kv_type not in KV_TYPES:
            self.kv_types.pop(model_path, None)
        elif model_path:
            self.kv_types[model_path] = kv_type

    @classmethod
    def read(cls, path: Path | None = None) -> "AppSettings":
        path = path or paths.settings_file()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            log.warning("settings unreadable (%s); using defaults", exc)
            return cls()
        names = {f.name for f in dataclasses.fields(cls)}
        try:
            settings = cls(**{k: v for k, v in data.items() if k in names})
        except TypeError:
            return cls()
        if settings.theme not in THEMES:
            settings.theme = "system"
        if settings.language not in LANGUAGE_CHOICES:
            settings.language = "system"
        if not isinstance(settings.kv_disk_budget_gb, (int, float)) or not 0 <= settings.kv_disk_budget_gb <= 1024:
            settings.kv_disk_budget_gb = 4.0
        if not isinstance(settings.kv_memory_budget_mb, int) or not 0 <= settings.kv_memory_budget_mb <= 1 << 20:
            settings.kv_memory_budget_mb = 1024
        if not isinstance(settings.chat_templates, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in settings.chat_templates.items()):
            settings.chat_templates = {}
        if not isinstance(settings.kv_types, dict) or not all(
                isinstance(k, str) and v in KV_TYPES for k, v in settings.kv_types.items()):
            settings.kv_types = {}
        if not isinstance(settings.server_port, int) or not 1 <= settings.server_port <= 65535:
            settings.server_port = 8080
        if not isinstance(settings.remotes, list):
            settings.remotes = []
        settings.remotes = [r for r in settings.remotes if isinstance(r, dict) and isinstance(r.get("name"), str)
                            and isinstance(r.get("url"), str)]
        if not isinstance(settings.remotes_confirmed, list):
            settings.remotes_confirmed = []
        return settings

    def write(self, path: Path | None = None) -> None:
        """Save atomically (temp file + os.replace); errors are logged, never raised."""
        path = path or paths.settings_file()
        try:
            write_atomic(path, json.dumps(dataclasses.asdict(self), indent=2).encode("utf-8"))
        except OSError as exc:
            log.warning("could not save settings: %s", exc)
