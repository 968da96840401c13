"""SMI parser: tokens of one MIB file -> module ASTs made of plain, cacheable data.

A hand-written recursive-descent parser for SMIv1 and SMIv2 module text. It keeps
what a browser needs (definitions, their clauses and OID values, IMPORTS) and skips
MACRO definitions. The output uses only dicts, tuples, lists, strings and ints, so it
can be cached with ``marshal``.

Module AST (``dict``)::

    {"name": str, "tok": int, "imports": [(module, (symbols...), tok)],
     "defs": [(kind, name, tok, attrs)], "diags": [(severity, tok, message, hint)]}

``kind`` is the macro name (``OBJECT-TYPE``, ``MODULE-IDENTITY``, ... ``TRAP-TYPE``),
``OBJECT IDENTIFIER`` for a plain value assignment, or ``TYPE`` for a type
assignment (a TEXTUAL-CONVENTION too). ``attrs`` holds the clauses present:
``syntax`` (see ``Syntax``), ``access``, ``status``, ``description``, ``reference``,
``defval``, ``units``, ``display``, ``index`` (((name, implied), ...)), ``augments``,
``objects``, ``enterprise``, ``oid`` (components: int, name, or (name, int)) and
``number`` (TRAP-TYPE).

Syntax tuple: ``(name, arg, ranges, sizes, named)`` where ``name`` is a base type
(``INTEGER``, ``OCTET STRING``, ``OBJECT IDENTIFIER``, ``BITS``, ``SEQUENCE``,
``SEQUENCE OF``, ``CHOICE``) or a type reference, ``arg`` the entry type of a
SEQUENCE OF or the columns of a SEQUENCE, ``ranges``/``sizes`` tuples of (lo, hi)
and ``named`` the enum or BITS labels as ((label, number), ...).

Recovery: an error inside a definition is reported with its token index and the
parser resumes at the next definition start, so one broken definition never loses
the rest of its module, and a broken module never stops the next one in the file.
"""

from __future__ import annotations

from typing import Any

from core.mib.diagnostics import ERROR, WARNING
from core.mib.lexer import is_ident, tokenize

__all__ = ["parse_text", "ParseError", "MACROS", "Syntax", "MAX_ARC", "MAX_ARCS"]

Syntax = tuple[str, Any, Any, Any, Any]

MACROS = frozenset({
    "OBJECT-TYPE", "MODULE-IDENTITY", "OBJECT-IDENTITY", "NOTIFICATION-TYPE",
    "TRAP-TYPE", "OBJECT-GROUP", "NOTIFICATION-GROUP", "MODULE-COMPLIANCE",
    "AGENT-CAPABILITIES",
})

# Clauses after which a compliance or capabilities statement only restates other
# modules' objects; everything up to "::=" is skipped.
_TAIL_CLAUSES = frozenset({"MODULE", "SUPPORTS"})
_STRING_CLAUSES = {
    "DESCRIPTION": "description", "REFERENCE": "reference", "UNITS": "units",
    "DISPLAY-HINT": "display", "LAST-UPDATED": "last_updated",
    "ORGANIZATION": "organization", "CONTACT-INFO": "contact",
    "PRODUCT-RELEASE": "release",
}
_WORD_CLAUSES = {"ACCESS": "access", "MAX-ACCESS": "access", "STATUS": "status"}
# clause keyword -> (attribute, whether its one value token is a quoted string)
_SIMPLE_CLAUSES = {**{word: (key, True) for word, key in _STRING_CLAUSES.items()},
                   **{word: (key, False) for word, key in _WORD_CLAUSES.items()}}
_LIST_CLAUSES = {"OBJECTS": "objects", "VARIABLES": "objects", "NOTIFICATIONS": "objects"}
_CLAUSE_WORDS = frozenset(
    set(_STRING_CLAUSES) | set(_WORD_CLAUSES) | set(_LIST_CLAUSES) | _TAIL_CLAUSES
    | {"SYNTAX", "INDEX", "AUGMENTS", "DEFVAL", "REVISION", "ENTERPRISE", "WRITE-SYNTAX",
       "MIN-ACCESS", "CREATION-REQUIRES"}
)


# First characters of an identifier token (``is_ident`` inlined where it is hot).
_IDENT_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")

# Type keywords that start a syntax of more than one token.
_SYNTAX_WORDS = frozenset({"OCTET", "OBJECT", "SEQUENCE", "CHOICE"})

# Characters that only ever appear in real MIBs by accident (editor slips).
_STRAY = frozenset("`~!@#$%^&*?\\")


class ParseError(Exception):
    """A syntax error at a token index, with a hint for the MIB author."""

    def __init__(self, tok: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.tok = tok
        self.message = message
        self.hint = hint


# RFC 2578: an OID has at most 128 sub-identifiers, each at most 2^32-1.
MAX_ARC = 2**32 - 1
MAX_ARCS = 128
# Longer digit strings are never a valid number here (and Python refuses to convert
# beyond 4300 digits): they are reported without being converted.
_MAX_DIGITS = 40


def _shown(token: str) -> str:
    """A token as a message quotes it: long ones cut to their start and length."""
    return repr(token) if len(token) <= 40 else f"{token[:20]!r}... ({len(token)} characters)"


def _arc(token: str, tok: int) -> int:
    """An OID sub-identifier (ParseError beyond 32 bits, as RFC 2578 bounds them)."""
    if len(token) > _MAX_DIGITS or int(token) > MAX_ARC:
        raise ParseError(tok, f"OID arc {_shown(token)} exceeds {MAX_ARC}",
                         "RFC 2578 limits each sub-identifier to 32 bits")
    return int(token)


def _unquote(token: str) -> str:
    return token[1:-1] if len(token) >= 2 and token[0] == '"' and token[-1] == '"' else token


def _number(token: str) -> int | str:
    """A range bound: decimal, 'hex'H, 'bin'B, or MIN/MAX kept as words."""
    if token[:1] == "'" and len(token) > 2:
        body, radix = token[1:-2], token[-1].lower()
        digits = body.replace(" ", "")
        if len(digits) > 4 * _MAX_DIGITS:
            raise ValueError(token)
        try:
            return int(digits or "0", 16 if radix == "h" else 2)
        except ValueError:
            raise ValueError(token) from None
    if token in ("MIN", "MAX"):
        return token
    if len(token) > _MAX_DIGITS:
        raise ValueError(token)
    return int(token)


class _Parser:
    """Parses every module in one token list."""

    def __init__(self, toks: list[str]) -> None:
        self.t = toks
        self.n = len(toks)
        self.i = 0
        self.diags: list[tuple[str, int, str, str]] = []

    # -- token helpers -------------------------------------------------------
    def peek(self, ahead: int = 0) -> str:
        j = self.i + ahead
        return self.t[j] if j < self.n else ""

    def take(self) -> str:
        if self.i >= self.n:
            raise ParseError(self.n - 1, "unexpected end of file", "the module lacks its END")
        tok = self.t[self.i]
        self.i += 1
        return tok

    def expect(self, want: str, hint: str = "") -> None:
        i = self.i
        if i >= self.n:
            raise ParseError(self.n - 1, "unexpected end of file", "the module lacks its END")
        got = self.t[i]
        self.i = i + 1
        if got != want:
            raise ParseError(i, f"expected {want!r}, found {got!r}", hint)

    def ident(self, what: str, subject: str = "") -> str:
        """The next token, which must be an identifier (the error says: expected
        ``what`` + ``subject``, built only when it is needed)."""
        i = self.i
        if i >= self.n:
            raise ParseError(self.n - 1, "unexpected end of file", "the module lacks its END")
        tok = self.t[i]
        self.i = i + 1
        if not is_ident(tok):
            raise ParseError(i, f"expected {what}{subject}, found {tok!r}")
        return tok

    def string(self, clause: str) -> str:
        i = self.i
        if i >= self.n:
            raise ParseError(self.n - 1, "unexpected end of file", "the module lacks its END")
        tok = self.t[i]
        self.i = i + 1
        if tok[:1] != '"':
            raise ParseError(i, f"{clause} needs a quoted string, found {tok!r}")
        return tok[1:-1]

    def warn(self, tok: int, message: str, hint: str = "") -> None:
        self.diags.append((WARNING, tok, message, hint))

    def skip_balanced(self, open_: str, close: str) -> list[str]:
        """Consume a bracketed group starting at the current token; return its inside."""
        start = self.i
        self.expect(open_)
        t, n = self.t, self.n
        try:
            end = t.index(close, start + 1)
        except ValueError:
            raise ParseError(start, f"{open_!r} is never closed", f"add the missing {close!r}") from None
        inner = t[start + 1 : end]
        if open_ not in inner:  # nothing nested (OBJECTS, INDEX, most values): no token loop
            self.i = end + 1
            return inner
        depth = 1
        i = self.i
        while i < n:
            tok = t[i]
            if tok == open_:
                depth += 1
            elif tok == close:
                depth -= 1
                if depth == 0:
                    self.i = i + 1
                    return t[start + 1 : i]
            i += 1
        raise ParseError(start, f"{open_!r} is never closed", f"add the missing {close!r}")

    # -- modules -------------------------------------------------------------
    def modules(self) -> list[dict[str, Any]]:
        result = []
        t = self.t
        while True:
            try:
                j = t.index("DEFINITIONS", self.i)
            except ValueError:
                break
            if j == 0 or not is_ident(t[j - 1]):
                self.i = j + 1
                continue
            self.i = j + 1
            module = {"name": t[j - 1], "tok": j - 1, "imports": [], "defs": []}
            self.diags = []
            self.module_body(module)
            module["diags"] = self.diags
            result.append(module)
        return result

    def module_body(self, module: dict[str, Any]) -> None:
        # DEFINITIONS [IMPLICIT TAGS] ::= BEGIN
        while self.i < self.n and self.peek() != "::=":
            self.i += 1
        self.i += 1
        if self.peek() != "BEGIN":
            self.diags.append((ERROR, self.i, "module header lacks BEGIN", ""))
        else:
            self.i += 1
        defs = module["defs"]
        t, n = self.t, self.n
        while self.i < n:
            tok = t[self.i]
            if tok == "END":
                self.i += 1
                return
            if tok == "IMPORTS":
                self.imports(module)
                continue
            if tok == "EXPORTS":
                while self.i < self.n and self.take() != ";":
                    pass
                continue
            start = self.i
            try:
                item = self.definition()
            except ParseError as err:
                self.diags.append((ERROR, err.tok, err.message, err.hint))
                if not self.recover(start + 1):
                    return
                continue
            except RecursionError:
                self.diags.append((ERROR, start, "definition nested too deeply to read", ""))
                if not self.recover(start + 1):
                    return
                continue
            if item is not None:
                defs.append(item)
        self.diags.append((ERROR, self.n - 1, f"module {module['name']} has no END",
                           "the file may be truncated"))

    def recover(self, start: int) -> bool:
        """Move to the next definition start (or END); False at end of file."""
        t, n = self.t, self.n
        i = start
        while i < n:
            tok = t[i]
            nxt = t[i + 1] if i + 1 < n else ""
            if tok == "END" and (i + 1 >= n or (i + 2 < n and t[i + 2] == "DEFINITIONS")):
                self.i = i
                return True
            if is_ident(tok) and tok not in _CLAUSE_WORDS:
                if nxt in MACROS or nxt == "MACRO":
                    self.i = i
                    return True
                if nxt == "OBJECT" and i + 3 < n and t[i + 2] == "IDENTIFIER" and t[i + 3] == "::=":
                    self.i = i
                    return True
                if nxt == "::=" and tok[0].isupper() and t[i - 1] not in ("ENTERPRISE", "OBJECT"):
                    self.i = i
                    return True
            i += 1
        self.i = n
        return False

    def imports(self, module: dict[str, Any]) -> None:
        start = self.i
        self.i += 1
        symbols: list[str] = []
        t, n = self.t, self.n
        while self.i < n:
            tok = t[self.i]
            if tok == ";":
                self.i += 1
                break
            if tok == "FROM":
                name_tok = self.i + 1
                source = t[name_tok] if name_tok < n else ""
                module["imports"].append((source, tuple(symbols), name_tok))
                symbols = []
                self.i += 2
                # A definition start right after "FROM X" means the ";" is missing.
                nxt = t[self.i + 1] if self.i + 1 < n else ""
                if self.i < n and t[self.i] != ";" and nxt in MACROS or nxt == "::=" or (nxt == "OBJECT" and self.i + 2 < n
                                                     and t[self.i + 2] == "IDENTIFIER"):
                    self.warn(self.i, "IMPORTS does not end with ';'", "add ';' after the last FROM")
                    break
                continue
            if tok == ",":
                self.i += 1
                continue
            if is_ident(tok):
                symbols.append(tok)
                self.i += 1
                continue
            raise_at = self.i
            self.i += 1
            self.warn(raise_at, f"unexpected {tok!r} in IMPORTS")
        if symbols:
            self.warn(start, f"IMPORTS symbols {', '.join(symbols)} have no FROM clause")

    # -- definitions ---------------------------------------------------------
    def definition(self) -> tuple[str, str, int, dict[str, Any]] | None:
        start = self.i
        t, n = self.t, self.n
        if start >= n:
            raise ParseError(n - 1, "unexpected end of file", "the module lacks its END")
        name = t[start]
        self.i = start + 1
        if name[:1] not in _IDENT_START:
            raise ParseError(start, f"unexpected {name!r} where a definition should start")
        what = t[start + 1] if start + 1 < n else ""
        if what in MACROS:
            self.i = start + 2
            return (what, name, start, self.macro(what))
        if what == "MACRO":
            while self.i < self.n and self.take() != "END":
                pass
            return None
        if what == "::=":
            self.i += 1
            return ("TYPE", name, start, self.type_assignment())
        if what == "OBJECT" and self.peek(1) == "IDENTIFIER":
            self.i += 2
            self.expect("::=")
            return ("OBJECT IDENTIFIER", name, start, {"oid": self.oid_value()})
        if is_ident(what):
            # A value of some other type ("foo INTEGER ::= 3"): parsed, then dropped.
            self.syntax()
            self.expect("::=")
            if self.peek() == "{":
                self.skip_balanced("{", "}")
            else:
                self.take()
            return None
        raise ParseError(self.i, f"unexpected {what!r} after {name!r}",
                         "expected a macro such as OBJECT-TYPE, or '::='")

    def type_assignment(self) -> dict[str, Any]:
        if self.peek() != "TEXTUAL-CONVENTION":
            return {"syntax": self.syntax()}
        self.i += 1
        attrs: dict[str, Any] = {"tc": 1}
        self.clauses(attrs, "TEXTUAL-CONVENTION")
        if "syntax" not in attrs:
            raise ParseError(self.i, "TEXTUAL-CONVENTION without SYNTAX")
        return attrs

    def macro(self, kind: str) -> dict[str, Any]:
        attrs: dict[str, Any] = {}
        self.clauses(attrs, kind)
        i, t = self.i, self.t
        if i >= self.n:
            raise ParseError(self.n - 1, "unexpected end of file", "the module lacks its END")
        self.i = i + 1
        if t[i] != "::=":  # clauses() stops at '::=' or the end: this is the end
            raise ParseError(i, f"expected '::=', found {t[i]!r}")
        if kind != "TRAP-TYPE":
            attrs["oid"] = self.oid_value()
        else:
            tok = self.take()
            if not tok.isdigit():
                raise ParseError(self.i - 1, f"TRAP-TYPE number expected, found {_shown(tok)}")
            attrs["number"] = _arc(tok, self.i - 1)
        return attrs

    def clauses(self, attrs: dict[str, Any], kind: str) -> None:
        """Read clauses until '::=' (or, for a TEXTUAL-CONVENTION, the end of SYNTAX)."""
        t, n = self.t, self.n
        simple_clauses = _SIMPLE_CLAUSES
        # The position is kept in ``i``, handed over through ``self.i`` only around the
        # readers of the other clauses (after a ParseError ``recover`` sets it).
        i = self.i
        while i < n:
            here = i
            word = t[here]
            if word == "::=":
                self.i = here
                return
            simple = simple_clauses.get(word)
            if simple is not None:
                # One token after the keyword: inlined, a corpus has ~170k of these clauses.
                if here + 1 >= n:
                    raise ParseError(n - 1, "unexpected end of file", "the module lacks its END")
                key, quoted = simple
                value = t[here + 1]
                i = here + 2
                if quoted:
                    if value[:1] != '"':
                        raise ParseError(here + 1, f"{word} needs a quoted string, found {value!r}")
                    attrs[key] = value[1:-1]
                elif value[:1] in _IDENT_START:
                    attrs[key] = value
                else:
                    raise ParseError(here + 1, f"expected a value for {word}, found {value!r}")
                continue
            self.i = here + 1
            if word == "SYNTAX":
                attrs["syntax"] = self.syntax()
                if kind == "TEXTUAL-CONVENTION":
                    return
                i = self.i
                continue
            key = _LIST_CLAUSES.get(word)
            if key is not None:
                attrs[key] = self.name_list(word)
            elif word == "INDEX":
                attrs["index"] = self.index_list()
            elif word == "AUGMENTS":
                names = self.name_list(word)
                if names:
                    attrs["augments"] = names[0]
            elif word == "DEFVAL":
                inner = self.skip_balanced("{", "}")
                attrs["defval"] = " ".join(inner).replace(" ,", ",")
            elif word == "REVISION":
                self.string(word)
                if self.peek() == "DESCRIPTION":
                    self.i += 1
                    self.string("DESCRIPTION")
            elif word == "ENTERPRISE":
                if self.peek() == "{":
                    attrs["enterprise"] = self.oid_value()
                else:
                    attrs["enterprise"] = (self.ident("an ENTERPRISE name"),)
            elif word in _TAIL_CLAUSES:
                self.skip_to_assignment()
                return
            elif word in ("WRITE-SYNTAX", "MIN-ACCESS", "CREATION-REQUIRES"):
                self.i -= 1
                self.skip_to_assignment()
                return
            else:
                if kind == "TEXTUAL-CONVENTION" and "syntax" in attrs:
                    self.i = here
                    return
                raise ParseError(here, f"unknown clause {word!r} in {kind}",
                                 "check the spelling of the clause keyword")
            i = self.i
        self.i = i

    def skip_to_assignment(self) -> None:
        depth = 0
        t = self.t
        while self.i < self.n:
            tok = t[self.i]
            if tok in ("{", "("):
                depth += 1
            elif tok in ("}", ")"):
                depth -= 1
            elif tok == "::=" and depth <= 0:
                return
            self.i += 1

    def name_list(self, clause: str) -> tuple[str, ...]:
        inner = self.skip_balanced("{", "}")
        return tuple(tok for tok in inner if tok != "," and is_ident(tok))

    def index_list(self) -> tuple[tuple[str, int], ...]:
        inner = self.skip_balanced("{", "}")
        items: list[tuple[str, int]] = []
        current: list[str] = []
        for tok in inner + [","]:
            if tok == ",":
                if current:
                    implied = current[0] == "IMPLIED"
                    words = current[1:] if implied else current
                    items.append((" ".join(words), int(implied)))
                current = []
            else:
                current.append(tok)
        return tuple(items)

    # -- syntax --------------------------------------------------------------
    def syntax(self) -> Syntax:
        t, n = self.t, self.n
        i = self.i
        if i >= n:
            raise ParseError(n - 1, "unexpected end of file", "the module lacks its END")
        tok = t[i]
        self.i = i + 1
        while tok == "[" or (len(tok) == 1 and tok in _STRAY):
            if tok == "[":  # an ASN.1 tag: [APPLICATION 1] IMPLICIT ...
                while self.take() != "]":
                    pass
                if self.peek() in ("IMPLICIT", "EXPLICIT"):
                    self.i += 1
            else:
                self.warn(self.i - 1, f"stray character {tok!r} ignored")
            tok = self.take()
        arg: Any = None
        named: Any = None
        if tok[:1] in _IDENT_START and tok not in _SYNTAX_WORDS:
            name = tok
            i = self.i
            if i + 1 < n and t[i] == "." and is_ident(t[i + 1]):  # Module.Type
                self.i = i + 2
                name = t[i + 1]
        elif tok == "OCTET":
            self.expect("STRING", "OCTET must be followed by STRING")
            name = "OCTET STRING"
        elif tok == "OBJECT":
            self.expect("IDENTIFIER", "OBJECT must be followed by IDENTIFIER")
            name = "OBJECT IDENTIFIER"
        elif tok == "SEQUENCE":
            if self.peek() == "OF":
                self.i += 1
                return ("SEQUENCE OF", self.ident("a SEQUENCE OF entry type"), None, None, None)
            return ("SEQUENCE", self.sequence_columns(), None, None, None)
        elif tok == "CHOICE":
            self.skip_balanced("{", "}")
            return ("CHOICE", None, None, None, None)
        else:
            raise ParseError(self.i - 1, f"expected a type, found {_shown(tok)}")
        following = t[self.i] if self.i < n else ""
        if following == "{":
            named = self.named_numbers()
            following = t[self.i] if self.i < n else ""
        ranges = sizes = None
        if following == "(":
            ranges, sizes = self.constraint()
        return (name, arg, ranges, sizes, named)

    def sequence_columns(self) -> tuple[tuple[str, str], ...]:
        self.expect("{")
        columns: list[tuple[str, str]] = []
        t, n = self.t, self.n
        while (tok := t[self.i] if self.i < n else "") != "}":
            if tok == ",":
                self.i += 1
                continue
            column = self.ident("a SEQUENCE member name")
            columns.append((column, self.syntax()[0]))
        self.i += 1
        return tuple(columns)

    def named_numbers(self) -> tuple[tuple[str, int], ...]:
        start = self.i
        inner = self.skip_balanced("{", "}")
        items: list[tuple[str, int]] = []
        k, n = 0, len(inner)
        while k < n:
            tok = inner[k]
            if tok == ",":
                k += 1
                continue
            if tok[:1].isdigit() and k + 1 < n and is_ident(inner[k + 1]):
                # "80211vFoo(3)": a label starting with a digit, lexed as two tokens.
                self.warn(start + 1 + k, f"enumeration label {tok + inner[k + 1]!r} starts with a digit")
                inner = inner[:k] + [tok + inner[k + 1]] + inner[k + 2 :]
                n -= 1
                continue
            if k + 3 < n and inner[k + 1] == "(" and inner[k + 3] == ")":
                if "_" in tok:
                    # loaded anyway, but net-snmp refuses such a label: say where it is
                    self.warn(start + 1 + k, f"enumeration label {tok!r} contains '_' (not allowed in SMI; "
                                             "net-snmp rejects it)")
                number = inner[k + 2]
                digits = number[1:] if number[:1] == "-" else number
                if not digits.isdigit() or len(digits) > _MAX_DIGITS:
                    raise ParseError(start, f"enumeration {tok!r} has a bad number {_shown(number)}")
                items.append((tok, int(number)))
                k += 4
                continue
            raise ParseError(start + 1 + k, f"bad enumeration item {tok!r}",
                             "items are written label(number)")
        return tuple(items)

    def constraint(self) -> tuple[Any, Any]:
        start = self.i
        inner = self.skip_balanced("(", ")")
        if not inner:
            return None, None
        if inner[0] == "SIZE":
            body = inner[1:]
            if body and body[0] == "(" and body[-1] == ")":
                body = body[1:-1]
            return None, self.ranges(body, start)
        return self.ranges(inner, start), None

    def ranges(self, body: list[str], start: int) -> tuple[tuple[Any, Any], ...]:
        result: list[tuple[Any, Any]] = []
        k, n = 0, len(body)
        try:
            while k < n:
                tok = body[k]
                if tok == "|":
                    k += 1
                    continue
                low = _number(tok)
                if k + 2 < n and body[k + 1] == "..":
                    result.append((low, _number(body[k + 2])))
                    k += 3
                else:
                    result.append((low, low))
                    k += 1
        except ValueError:
            self.warn(start, f"cannot read range {_shown(' '.join(body))}; ignored")
            return ()
        return tuple(result)

    # -- values --------------------------------------------------------------
    def oid_value(self) -> tuple[Any, ...]:
        start = self.i
        t = self.t
        if start + 3 < self.n and t[start + 3] == "}" and t[start] == "{":
            # "{ parent number }", nine values in ten: no list of the inside, no loop.
            parent, number = t[start + 1], t[start + 2]
            if parent[:1] in _IDENT_START and number.isdecimal() and len(number) < 10:
                self.i = start + 4
                return (parent, int(number))
        if self.peek() != "{":
            raise ParseError(self.i, f"expected an OID value '{{ parent number }}', found {self.peek()!r}")
        inner = self.skip_balanced("{", "}")
        parts: list[Any] = []
        k, n = 0, len(inner)
        while k < n:
            tok = inner[k]
            if tok[:1].isdigit():
                parts.append(_arc(tok, start + 1 + k))
                k += 1
            elif is_ident(tok):
                if k + 3 < n + 1 and k + 1 < n and inner[k + 1] == "(":
                    if k + 3 < n and inner[k + 3] == ")" and inner[k + 2].isdigit():
                        parts.append((tok, _arc(inner[k + 2], start + 3 + k)))
                        k += 4
                        continue
                    raise ParseError(start + 1 + k, f"bad OID component {_shown(tok)}")
                parts.append(tok)
                k += 1
            elif tok == "," or tok == ".":
                k += 1
            else:
                raise ParseError(start + 1 + k, f"bad OID component {_shown(tok)}")
        if not parts:
            raise ParseError(start, "empty OID value", "write '{ parent number }'")
        if len(parts) > MAX_ARCS:
            raise ParseError(start, f"OID value has {len(parts)} components; at most {MAX_ARCS} arcs are allowed",
                             "RFC 2578 limits an OID to 128 sub-identifiers")
        return tuple(parts)


def parse_text(text: str) -> list[dict[str, Any]]:
    """Parse every module in a MIB file's text."""
    return _Parser(tokenize(text)).modules()
