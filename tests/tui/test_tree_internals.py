"""Each private part of Textual's Tree that OidTree uses (snmptui.widgets.tree_internals),
checked against the installed Textual: an upgrade that changes one fails here."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Tree

from snmptui.widgets import tree_internals as internals


class TreeApp(App[None]):
    def compose(self) -> ComposeResult:
        tree: Tree[str] = Tree("root", data="root")
        tree.guide_depth = 2
        yield tree


async def _with_tree(check) -> None:  # type: ignore[no-untyped-def]
    app = TreeApp()
    async with app.run_test(size=(60, 10)) as pilot:
        tree = app.query_one(Tree)
        tree.root.expand()
        await pilot.pause()
        await check(tree, pilot)


async def test_children_is_the_live_child_list() -> None:
    async def check(tree, pilot) -> None:  # type: ignore[no-untyped-def]
        a = tree.root.add("a", data="a")
        assert internals.children(tree.root) == [a] and list(tree.root.children) == [a]
        internals.children(tree.root).clear()
        assert list(tree.root.children) == []

    await _with_tree(check)


async def test_label_and_set_label_and_touch_repaint_the_line() -> None:
    async def check(tree, pilot) -> None:  # type: ignore[no-untyped-def]
        node = tree.root.add_leaf("old", data="x")
        await pilot.pause()
        assert internals.label(node).plain == "old"
        internals.set_label(node, Text("new"))
        internals.touch(node)
        tree.refresh()
        await pilot.pause()
        assert node.label.plain == "new"
        assert "new" in "".join(seg.text for seg in tree.render_line(1))

    await _with_tree(check)


async def test_allow_expand_and_expanded_flags() -> None:
    async def check(tree, pilot) -> None:  # type: ignore[no-untyped-def]
        node = tree.root.add("n", data="n")
        assert internals.allow_expand(node) is True and internals.is_expanded(node) is False
        internals.set_allow_expand(node, False)
        assert node.allow_expand is False
        internals.set_expanded(node, True)
        assert node.is_expanded is True and internals.is_expanded(node)

    await _with_tree(check)


async def test_new_node_registers_without_attaching_and_forget_node_unregisters() -> None:
    async def check(tree, pilot) -> None:  # type: ignore[no-untyped-def]
        node = internals.new_node(tree, tree.root, Text("fresh"), "fresh")
        assert tree.get_node_by_id(node.id) is node and internals.has_node(tree, node)
        assert node.parent is tree.root and node not in tree.root.children
        internals.children(tree.root).append(node)
        internals.invalidate(tree)
        assert internals.build_lines(tree) == 2  # root and the attached node
        internals.forget_node(tree, node)
        assert not internals.has_node(tree, node)

    await _with_tree(check)


async def test_invalidate_and_build_lines_give_line_numbers() -> None:
    async def check(tree, pilot) -> None:  # type: ignore[no-untyped-def]
        first = tree.root.add_leaf("first", data="1")
        internals.children(tree.root).insert(0, internals.new_node(tree, tree.root, Text("zero"), "0"))
        internals.invalidate(tree)
        assert internals.build_lines(tree) == 3
        assert first.line == 2

    await _with_tree(check)


async def test_label_region_starts_after_the_guides() -> None:
    async def check(tree, pilot) -> None:  # type: ignore[no-untyped-def]
        child = tree.root.add("child", data="c", expand=True)
        grandchild = child.add_leaf("grandchild", data="g")
        await pilot.pause()
        root_region = internals.label_region(tree, 0)
        region = internals.label_region(tree, grandchild.line)
        assert root_region is not None and region is not None
        assert region.x == root_region.x + 2 * tree.guide_depth and region.y == grandchild.line
        assert region.width == tree.get_label_width(grandchild)
        assert internals.label_region(tree, 99) is None

    await _with_tree(check)


async def test_lines_stale_until_the_lines_are_built_again() -> None:
    async def check(tree, pilot) -> None:  # type: ignore[no-untyped-def]
        tree.root.add_leaf("leaf", data="l")
        internals.invalidate(tree)
        assert internals.lines_stale(tree)
        internals.build_lines(tree)
        assert not internals.lines_stale(tree)

    await _with_tree(check)


async def test_forget_lines_redraws_a_relabelled_line_and_keeps_the_others_cached() -> None:
    async def check(tree, pilot) -> None:  # type: ignore[no-untyped-def]
        parent = tree.root.add("parent", data="p", expand=True)
        child = parent.add_leaf("child", data="c")
        hidden = tree.root.add("hidden", data="h").add_leaf("below a collapsed node", data="b")
        await pilot.pause()
        tree.render_line(child.line)  # cached now
        cached = len(tree._line_cache)
        internals.set_label(parent, Text("renamed"))
        assert internals.forget_lines(tree, [parent, hidden]) == {parent.line}
        assert len(tree._line_cache) == cached - 1  # only the parent's line was dropped
        assert "renamed" in "".join(seg.text for seg in tree.render_line(parent.line))
        assert "child" in "".join(seg.text for seg in tree.render_line(child.line))

    await _with_tree(check)


async def test_render_line_with_a_given_style_is_the_trees_own_line() -> None:
    async def check(tree, pilot) -> None:  # type: ignore[no-untyped-def]
        tree.root.add_leaf("leaf", data="l")
        await pilot.pause()
        assert internals.render_line(tree, 1, tree.rich_style) == tree.render_line(1)

    await _with_tree(check)
