"""config.toml: the keymap rebinds by binding id (help and footer follow), and a broken file
still starts the app with defaults and one line naming file, key and problem."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from snmptui.app import SnmpTuiApp
from snmptui.settings import Settings, load_settings, parse_settings
from tui.tui_helpers import connected, idle_walk, wait_for

MIB2 = (1, 3, 6, 1, 2, 1)


def _write(config: Path, text: str) -> Path:
    path = config / "snmptui" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text(text)
    return path


async def test_keymap_from_config_rebinds_walk(private_config: Path, mib_store: Any, demo_spec: Any) -> None:
    _write(private_config, '[keymap]\nwalk = "f5"\n')
    app = SnmpTuiApp(demo_spec, store=mib_store)
    async with app.run_test(size=(100, 30)) as pilot:
        browser = await connected(pilot)
        browser.oid_tree.reveal(MIB2 + (1,))
        await pilot.press("w")  # no longer bound
        await pilot.pause(0.1)
        assert app.context.walk is None and not app.context.model.is_walked(MIB2 + (1,))
        await pilot.press("f5")
        await idle_walk(pilot)
        assert app.context.model.is_walked(MIB2 + (1,))
        await pilot.press("question_mark")
        rows = dict(app.screen.rows)
        assert rows["f5"].startswith("Walk the selected subtree") and "w" not in rows


async def test_a_broken_config_still_starts_with_defaults(private_config: Path, mib_store: Any, demo_spec: Any) -> None:
    path = _write(private_config, 'timeout = "fast"\ntree_width = 60\n[keymap]\nwalk_everything = "x"\n')
    app = SnmpTuiApp(demo_spec, store=mib_store)
    async with app.run_test(size=(100, 30)) as pilot:
        browser = await connected(pilot)
        await wait_for(pilot, lambda: len(app._notifications) >= 2)
        shown = [n.message for n in app._notifications]
        assert f"{path}: timeout: expected a number, got 'fast'; using the default" in shown
        assert any(m.startswith(f"{path}: keymap.walk_everything: no such binding") for m in shown)
        browser.oid_tree.reveal(MIB2 + (1,))
        await pilot.press("w")  # the default keymap still works
        await idle_walk(pilot)
        assert app.context.model.is_walked(MIB2 + (1,))


def test_unreadable_toml_gives_one_line_and_every_default(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("theme = \n")
    settings, problems = load_settings(path)
    assert settings == Settings() and len(problems) == 1
    assert problems[0].startswith(f"{path}: not valid TOML (") and "line 1" in problems[0]


def test_settings_values_ranges_and_unknown_keys() -> None:
    settings, problems = parse_settings(
        'max_repetitions = 40\npoll_interval = 2.5\ntree_width = 99\nretries = 1.5\ncolour = "red"\n', "c.toml"
    )
    assert settings.max_repetitions == 40 and settings.poll_interval == 2.5 and settings.tree_width == 60
    assert problems[0] == "c.toml: tree_width: 99 is outside 20-85; using 60"
    assert problems[1] == "c.toml: retries: expected a whole number, got 1.5; using the default"
    assert problems[2].startswith("c.toml: unknown key 'colour'")


def test_every_screens_binding_ids_are_rebindable() -> None:
    """The dialogs', the dashboard's and the watch pane's keys take a [keymap] like the tree's
    (their ids were once unknown to it: 'no such binding')."""
    text = ('[keymap]\nset_confirm = "s"\nwatch_remove = "x"\ninterfaces_sort = "ctrl+o"\n'
            'row_create = "ctrl+enter"\ndiff_filter = "f"\n"search.agent_only" = "ctrl+a"\n'
            'secret_cancel = "ctrl+c"\nrow_delete_yes = "Y"\n')
    settings, problems = parse_settings(text, "config.toml")
    assert problems == []
    assert settings.keymap["watch_remove"] == "x" and settings.keymap["search.agent_only"] == "ctrl+a"
    assert len(settings.keymap) == 8
