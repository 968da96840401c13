"""The lexer's token rules and the parser's fast paths, pinned on small texts.

The cold-load speed work rewrote the token pattern and gave the parser shortcuts
('{ parent n }' values, one-token clauses, bracketed groups with nothing nested);
these tests hold both to the rules the slower general code follows: same tokens,
same values, the same diagnostics at the same line and column.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from core.mib.lexer import Locator, tokenize
from core.mib.parser import MAX_ARC, parse_text

HEAD = "T-MIB DEFINITIONS ::= BEGIN\n"


def body(text: str) -> dict[str, Any]:
    """The one module parsed from ``text`` placed after the module header."""
    (module,) = parse_text(HEAD + text + "\nEND\n")
    return module


def line_of(text: str, tok: int) -> tuple[int, int]:
    return Locator(HEAD + text + "\nEND\n").position(tok)


def test_comments_run_to_the_end_of_the_line_and_never_split_strings() -> None:
    assert tokenize("a--b c\nd") == ["a", "d"]
    assert tokenize('x "a -- b" -- y "z"\n w') == ["x", '"a -- b"', "w"]
    assert tokenize("-- only\n-- comments\n") == []


def test_identifiers_numbers_and_bit_strings() -> None:
    assert tokenize("foo-bar foo- x_y -5..10 ::= {a(1),b(2)}") == [
        "foo-bar", "foo-", "x_y", "-5", "..", "10", "::=", "{", "a", "(", "1", ")", ",", "b",
        "(", "2", ")", "}"]
    assert tokenize("'0A'H '0101'b 'ff'h") == ["'0A'H", "'0101'b", "'ff'h"]
    assert tokenize("a.b @ |") == ["a", ".", "b", "@", "|"]
    # "--" starts a comment even inside an identifier; one "-" may end it
    assert tokenize("a-b--c d\nx--\ny- -z a-- b\nq-(r)-") == [
        "a-b", "x", "y-", "-", "z", "a", "q-", "(", "r", ")", "-"]
    assert tokenize("e1-_2-3x---y\nz-\n") == ["e1-_2-3x", "z-"]


MIB_CHARS = st.sampled_from(list("aZ0 9-_\n\t\"'{}(),.:=|@") + ["--", "::=", "OBJECT", "\r\n"])


@settings(max_examples=150, deadline=None)
@given(st.lists(MIB_CHARS, max_size=60).map("".join))
def test_every_token_is_located_where_its_text_starts(text: str) -> None:
    tokens = tokenize(text)
    lines = text.split("\n")
    locator = Locator(text)
    for index, token in enumerate(tokens):
        line, column = locator.position(index)
        offset = sum(len(part) + 1 for part in lines[: line - 1]) + column - 1
        assert text.startswith(token, offset)


def test_short_oid_values_and_their_limits() -> None:
    text = f"""
a OBJECT IDENTIFIER ::= {{ enterprises 123456789 }}
b OBJECT IDENTIFIER ::= {{ a {MAX_ARC} }}
c OBJECT IDENTIFIER ::= {{ a {MAX_ARC + 1} }}
d OBJECT IDENTIFIER ::= {{ 1 3 }}
e OBJECT IDENTIFIER ::= {{ iso org(3) 6 }}
"""
    module = body(text)
    oids = {name: attrs["oid"] for _, name, _, attrs in module["defs"]}
    assert oids == {"a": ("enterprises", 123456789), "b": ("a", MAX_ARC), "d": (1, 3),
                    "e": ("iso", ("org", 3), 6)}
    # one error, and reading resumes at the next definition (not at "IDENTIFIER ::=")
    ((severity, tok, message, _),) = module["diags"]
    assert severity == "error" and message == f"OID arc '{MAX_ARC + 1}' exceeds {MAX_ARC}"
    assert line_of(text, tok) == (5, 29)


def test_one_token_clauses_keep_their_messages_and_positions() -> None:
    text = """
ok OBJECT-TYPE SYNTAX Integer32 UNITS "s" MAX-ACCESS read-only STATUS current
    DESCRIPTION "d" REFERENCE "r" ::= { enterprises 1 }
bad OBJECT-TYPE SYNTAX Integer32 MAX-ACCESS 5 STATUS current ::= { enterprises 2 }
worse OBJECT-TYPE SYNTAX Integer32 MAX-ACCESS read-only STATUS current
    DESCRIPTION d ::= { enterprises 3 }
"""
    module = body(text)
    (ok,) = [attrs for _, name, _, attrs in module["defs"]]
    assert ok == {"syntax": ("Integer32", None, None, None, None), "units": "s", "access": "read-only",
                  "status": "current", "description": "d", "reference": "r", "oid": ("enterprises", 1)}
    first, second = module["diags"]
    assert first[2] == "expected a value for MAX-ACCESS, found '5'"
    assert line_of(text, first[1]) == (5, 45)
    assert second[2] == "DESCRIPTION needs a quoted string, found 'd'"
    assert line_of(text, second[1]) == (7, 17)


def test_bracketed_groups_flat_nested_and_unclosed() -> None:
    module = body("""
r OBJECT-TYPE SYNTAX REntry MAX-ACCESS not-accessible STATUS current
    INDEX { a, IMPLIED b } ::= { enterprises 1 }
v OBJECT-TYPE SYNTAX OCTET STRING (SIZE (0..4 | 8)) MAX-ACCESS read-only STATUS current
    DEFVAL { { x, y } } ::= { enterprises 2 }
g OBJECT-GROUP OBJECTS { r, v } STATUS current DESCRIPTION "g" ::= { enterprises 3 }
""")
    attrs = {name: attrs for _, name, _, attrs in module["defs"]}
    assert attrs["r"]["index"] == (("a", 0), ("b", 1))
    assert attrs["v"]["syntax"] == ("OCTET STRING", None, None, ((0, 4), (8, 8)), None)
    assert attrs["v"]["defval"] == "{ x, y }"
    assert attrs["g"]["objects"] == ("r", "v")
    assert module["diags"] == []
    text = "t OBJECT-GROUP OBJECTS { a, b STATUS current"
    (broken,) = parse_text(HEAD + text)
    message = [d for d in broken["diags"] if "never closed" in d[2]]
    assert message and line_of(text, message[0][1]) == (2, 24)


def test_sequence_cut_off_by_the_end_of_the_file_is_an_error() -> None:
    (module,) = parse_text(HEAD + "E ::= SEQUENCE { a Integer32, b")
    assert any("end of file" in message for _, _, message, _ in module["diags"])


def _naive_position(text: str, token_index: int) -> tuple[int, int]:
    """Line and column of a token found by reading every token before it."""
    import re

    from core.mib.lexer import _TOKEN

    starts = [m.start(1) for m in _TOKEN.finditer(text)]
    if not starts:
        return (1, 1)
    offset = starts[min(max(token_index, 0), len(starts) - 1)]
    line_start = text.rfind("\n", 0, offset) + 1
    return (len(re.findall("\n", text[:offset])) + 1, offset - line_start + 1)


def test_positions_past_many_tokens_are_those_of_reading_them_all() -> None:
    """Large files are skipped through in steps of many tokens: each step must end where
    reading its tokens one by one does (comments, strings, the end of the text)."""
    from core.mib.lexer import _SKIP_STEP

    body = "".join(f'a{k} -- note {k}\n  "text {k}\n more" {{ x-y, 1 }} ::= \'0F\'H .. -3 ;\n'
                   for k in range(300))
    for text in (body, body + "   -- trailing comment", body[:-1], "a " * (2 * _SKIP_STEP), "", "  -- only"):
        locator = Locator(text)
        total = len(tokenize(text))
        for index in (0, 1, _SKIP_STEP - 1, _SKIP_STEP, _SKIP_STEP + 1, 2 * _SKIP_STEP, 5 * _SKIP_STEP + 3,
                      total - 1, total, total + 7, 10 ** 6, 300):
            assert locator.position(index) == _naive_position(text, index), (len(text), index)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*map(chr, range(128)), "--", "::=", "a-b", "\xe9", "\xa0", "\x85"]),
                max_size=40).map("".join))
def test_ascii_texts_are_read_as_the_unicode_pattern_reads_them(text: str) -> None:
    """An all-ASCII text is read with spelled-out ASCII classes: the same tokens."""
    from core.mib.lexer import _TOKEN

    expected = _TOKEN.findall(text)
    while expected and not expected[-1]:
        expected.pop()
    assert tokenize(text) == expected
    assert tokenize("\x1c\x1fa\x0bb\x0c") == ["a", "b"]  # \s takes \x1c-\x1f (re.ASCII's does not)
