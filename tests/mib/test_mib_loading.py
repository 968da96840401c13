"""Loading MIB text: leniency, diagnostics with file:line:col, recovery, search path, imports."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.mib import load_mibs, module_selection, search_path
from core.mib.store import MibStore

HEADER = """{name} DEFINITIONS ::= BEGIN
IMPORTS
    MODULE-IDENTITY, OBJECT-TYPE, enterprises, Integer32, TimeTicks FROM SNMPv2-SMI
    DisplayString FROM SNMPv2-TC;
"""


def write(folder: Path, filename: str, text: str) -> Path:
    path = folder / filename
    path.write_text(text)
    return path


def load(folder: Path, modules: list[str] | None = None, **kwargs: object) -> MibStore:
    return load_mibs([str(folder)], modules, cache_dir=folder / ".cache", **kwargs)  # type: ignore[arg-type]


def test_module_found_by_header_not_file_name(tmp_path: Path) -> None:
    write(tmp_path, "weird-name.my", HEADER.format(name="ACME-MIB") + """
acme OBJECT IDENTIFIER ::= { enterprises 99999 }
acmeName OBJECT-TYPE SYNTAX DisplayString MAX-ACCESS read-only STATUS current
    DESCRIPTION "The name." ::= { acme 1 }
END
""")
    store = load(tmp_path, ["ACME-MIB"])
    node = store.by_name("ACME-MIB::acmeName")
    assert node is not None and node.oid == (1, 3, 6, 1, 4, 1, 99999, 1)
    assert node.kind == "scalar" and node.access == "read-only" and node.description == "The name."
    assert node.syntax is not None and node.syntax.tc_chain == ("DisplayString",)
    assert node.syntax.display_hint == "255a"  # from the built-in SNMPv2-TC
    assert store.modules["ACME-MIB"].status == "loaded"
    assert store.modules["ACME-MIB"].file.endswith("weird-name.my")


def test_broken_definition_keeps_rest_of_module_and_reports_line(tmp_path: Path) -> None:
    write(tmp_path, "B", HEADER.format(name="BROKEN-MIB") + """
brk OBJECT IDENTIFIER ::= { enterprises 4242 }
good1 OBJECT-TYPE SYNTAX Integer32 MAX-ACCESS read-only STATUS current ::= { brk 1 }
bad OBJECT-TYPE SYNTAX Integer32 MAX-ACCESS read-only STATUS current
    FROBNICATE "x" ::= { brk 2 }
good2 OBJECT-TYPE SYNTAX Integer32 MAX-ACCESS read-only STATUS current ::= { brk 3 }
END
""")
    store = load(tmp_path, ["BROKEN-MIB"])
    assert store.by_name("good1") is not None and store.by_name("good2") is not None
    assert store.by_name("bad") is None
    errors = [d for d in store.diagnostics if d.severity == "error"]
    assert len(errors) == 1
    assert (errors[0].line, errors[0].column) == (9, 5)
    assert "FROBNICATE" in errors[0].message and errors[0].file.endswith("/B")
    assert str(errors[0]).startswith(f"{tmp_path}/B:9:5: error [BROKEN-MIB]:")


def test_lenient_real_world_quirks(tmp_path: Path) -> None:
    write(tmp_path, "Q", HEADER.format(name="QUIRK-MIB") + """
-- a comment -- with dashes inside -- that runs to the end of the line
q_root OBJECT IDENTIFIER ::= { enterprises 777 }
qTable OBJECT-TYPE SYNTAX SEQUENCE OF qEntry MAX-ACCESS not-accessible STATUS current
    ::= { q_root 1 }
qEntry OBJECT-TYPE SYNTAX QEntry MAX-ACCESS not-accessible STATUS current
    INDEX { qIndex } ::= { qTable 1 }
QEntry ::= SEQUENCE { qIndex Integer32, qMode Integer32 }
qIndex OBJECT-TYPE SYNTAX Integer32 MAX-ACCESS read-only STATUS current ::= { qEntry 1 }
qMode OBJECT-TYPE SYNTAX Integer32 { on(1), off(2) } MAX-ACCESS read-write STATUS current
    DEFVAL { ON } ::= { qEntry 2 }
qUp OBJECT-TYPE SYNTAX Counter32 MAX-ACCESS read-only STATUS current ::= { q_root 2 }
qLate OBJECT-TYPE SYNTAX Integer32 MAX-ACCESS read-only STATUS current ::= { qLater 1 }
qLater OBJECT IDENTIFIER ::= { q_root 3 }
qDup OBJECT IDENTIFIER ::= { q_root 4 }
qDup OBJECT IDENTIFIER ::= { q_root 5 }
END
""")
    store = load(tmp_path, ["QUIRK-MIB"])
    mode = store.by_name("qMode")
    assert mode is not None and mode.kind == "column" and mode.defval == "ON"
    assert mode.syntax is not None and mode.syntax.enums == {1: "on", 2: "off"}
    assert store.by_name("qTable").kind == "table"  # type: ignore[union-attr]
    assert store.by_name("qEntry").kind == "row"  # type: ignore[union-attr]
    assert store.by_name("qLate").oid == (1, 3, 6, 1, 4, 1, 777, 3, 1)  # type: ignore[union-attr]
    assert store.by_name("qDup").oid[-1] == 5  # type: ignore[union-attr]  # later wins
    messages = [d.message for d in store.diagnostics]
    assert any("qDup is defined twice" in m for m in messages)
    assert any("Counter32 is used without being imported" in m for m in messages)
    assert not [d for d in store.diagnostics if d.severity == "error"]


def test_missing_import_names_the_module_that_would_provide_it(tmp_path: Path) -> None:
    write(tmp_path, "P", """PROVIDER-MIB DEFINITIONS ::= BEGIN
IMPORTS enterprises FROM SNMPv2-SMI;
provRoot OBJECT IDENTIFIER ::= { enterprises 31337 }
END
""")
    write(tmp_path, "U", """USER-MIB DEFINITIONS ::= BEGIN
IMPORTS provRoot FROM NO-SUCH-MIB;
userThing OBJECT IDENTIFIER ::= { provRoot 1 }
END
""")
    store = load(tmp_path, None)
    diag = next(d for d in store.diagnostics if "NO-SUCH-MIB" in d.message)
    assert diag.severity == "error" and diag.line == 2 and "PROVIDER-MIB" in diag.hint
    # The object still attaches: its parent exists in another loaded module.
    assert store.by_name("userThing").oid == (1, 3, 6, 1, 4, 1, 31337, 1)  # type: ignore[union-attr]


def test_requested_module_not_found_fails(tmp_path: Path) -> None:
    store = load(tmp_path, ["NOPE-MIB"])
    assert store.modules["NOPE-MIB"].status == "failed"
    assert any("NOPE-MIB not found" in d.message for d in store.diagnostics)


def test_builtin_base_without_any_mib_files(tmp_path: Path) -> None:
    store = load(tmp_path, None)
    assert store.resolve("sysDescr.0") == (1, 3, 6, 1, 2, 1, 1, 1, 0)
    assert store.translate_to_name((1, 3, 6, 1, 2, 1, 2, 2, 1, 8, 4)) == "IF-MIB::ifOperStatus.4"
    oper = store.by_name("ifOperStatus")
    assert oper is not None and oper.syntax is not None and oper.syntax.enums[1] == "up"
    assert store.by_name("hrStorageRam") is not None


def test_smiv1_trap_type_and_renamed_import(tmp_path: Path) -> None:
    write(tmp_path, "V1", """OLD-V1-MIB DEFINITIONS ::= BEGIN
IMPORTS enterprises FROM RFC1155-SMI
        OBJECT-TYPE FROM RFC-1212
        TRAP-TYPE FROM RFC-1215
        ifIndex FROM RFC1158-MIB;
oldCo OBJECT IDENTIFIER ::= { enterprises 5555 }
oldThing OBJECT-TYPE SYNTAX INTEGER ACCESS read-only STATUS mandatory ::= { oldCo 1 }
oldTrap TRAP-TYPE ENTERPRISE oldCo VARIABLES { oldThing, ifIndex } DESCRIPTION "t" ::= 7
END
""")
    store = load(tmp_path, ["OLD-V1-MIB"])
    trap = store.by_name("oldTrap")
    assert trap is not None and trap.kind == "trap"
    assert trap.oid == (1, 3, 6, 1, 4, 1, 5555, 0, 7)
    assert trap.objects == ("oldThing", "ifIndex")
    assert not any("RFC1158-MIB" in d.message for d in store.diagnostics)  # renamed to RFC1213-MIB...
    assert "IF-MIB" in store.modules  # ...whose if* symbols net-snmp maps to IF-MIB


def test_search_path_rules() -> None:
    env = {"MIBDIRS": ""}
    default = search_path(None, env)
    assert default[:2] == [str(Path("~/.snmp/mibs").expanduser()), "/usr/share/snmp/mibs"]
    assert "/usr/share/mibs/netsnmp" in default
    assert search_path("/a:/b", env) == ["/a", "/b"]
    assert search_path("+/a", env) == ["/a", *default]
    assert search_path(None, {"MIBDIRS": "/x"}) == ["/x"]
    assert search_path(None, {"MIBDIRS": "+/x"}) == ["/x", *default]
    assert module_selection(None, {}) is None
    assert module_selection("ALL", {}) is None
    assert module_selection("IF-MIB:IP-MIB", {}) == ["IF-MIB", "IP-MIB"]
    assert module_selection(None, {"MIBS": "IF-MIB"}) == ["IF-MIB"]


def test_later_directory_wins_for_duplicate_module(tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    first.mkdir()
    second.mkdir()
    body = "IMPORTS enterprises FROM SNMPv2-SMI;\ndupRoot OBJECT IDENTIFIER ::= {{ enterprises {n} }}\nEND\n"
    write(first, "D", "DUP-MIB DEFINITIONS ::= BEGIN\n" + body.format(n=1))
    write(second, "D", "DUP-MIB DEFINITIONS ::= BEGIN\n" + body.format(n=2))
    store = load_mibs([str(first), str(second)], ["DUP-MIB"], cache_dir=tmp_path / "c")
    assert store.by_name("dupRoot").oid[-1] == 2  # type: ignore[union-attr]


@pytest.mark.parametrize("junk", ["", "not a mib at all", "X DEFINITIONS ::= BEGIN", "\x00\xff" * 50,
                                  'A DEFINITIONS ::= BEGIN a OBJECT-TYPE SYNTAX "', "END END {{{"])
def test_garbage_never_raises(tmp_path: Path, junk: str) -> None:
    (tmp_path / "junk").write_bytes(junk.encode("latin-1"))
    store = load(tmp_path, None)
    assert store.by_name("sysDescr") is not None


TINY = "TINY-MIB DEFINITIONS ::= BEGIN\nIMPORTS enterprises FROM SNMPv2-SMI;\ntinyRoot OBJECT IDENTIFIER ::= {{ enterprises {n} }}\nEND\n"


def test_named_file_loads_besides_the_selection_and_warm_load_hits_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mibs, elsewhere = tmp_path / "mibs", tmp_path / "elsewhere"
    mibs.mkdir()
    elsewhere.mkdir()
    write(mibs, "OTHER", HEADER.format(name="OTHER-MIB") + "otherRoot OBJECT IDENTIFIER ::= { enterprises 7 }\nEND\n")
    tiny = write(elsewhere, "tiny.txt", TINY.format(n=424242))
    cold = load_mibs([str(mibs)], ["OTHER-MIB"], files=[str(tiny)], cache_dir=tmp_path / "c")
    assert cold.resolve("TINY-MIB::tinyRoot") == (1, 3, 6, 1, 4, 1, 424242)
    assert cold.resolve("otherRoot") == (1, 3, 6, 1, 4, 1, 7)
    assert not [d for d in cold.diagnostics if d.severity == "error"]
    import core.mib.loader as loader

    def no_parse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a warm load parsed files instead of using the cached store")

    monkeypatch.setattr(loader, "_Sources", no_parse)
    warm = load_mibs([str(mibs)], ["OTHER-MIB"], files=[str(tiny)], cache_dir=tmp_path / "c")
    assert warm.resolve("tinyRoot") == (1, 3, 6, 1, 4, 1, 424242)
    monkeypatch.undo()
    tiny.write_text(TINY.format(n=5) + "\n")  # edited (size differs): loaded afresh
    assert load_mibs([str(mibs)], ["OTHER-MIB"], files=[str(tiny)], cache_dir=tmp_path / "c").resolve(
        "tinyRoot") == (1, 3, 6, 1, 4, 1, 5)


def test_missing_or_unreadable_named_file_is_a_diagnostic_naming_it(tmp_path: Path) -> None:
    write(tmp_path, "OTHER", HEADER.format(name="OTHER-MIB") + "otherRoot OBJECT IDENTIFIER ::= { enterprises 7 }\nEND\n")
    missing = tmp_path / "nowhere" / "GONE-MIB.txt"
    store = load(tmp_path, ["OTHER-MIB"], files=[str(missing), str(tmp_path)])
    errors = [str(d) for d in store.diagnostics if d.severity == "error"]
    assert any(str(missing) in e and "No such file" in e for e in errors), errors
    assert any(str(tmp_path) + ":" in e and "not a regular file" in e for e in errors), errors
    assert store.resolve("otherRoot") == (1, 3, 6, 1, 4, 1, 7)
