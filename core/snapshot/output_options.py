"""net-snmp's ``-O`` output options as one typed, immutable value.

``OutputOptions.parse("nq")`` reads the letters of ``-Onq`` with net-snmp's meanings
(``snmpcmd(1)``, ``snmp_out_options`` in net-snmp's mib.c): letters that net-snmp
toggles (``q e b t U v X T E 0``) toggle here too, so ``-Oqq`` is plain output, and
``-OQ`` sets quick-with-equals while toggling quick print. Several ``-O`` flags
combine: ``OutputOptions.parse("q", base=previous)``.

A letter net-snmp knows but this program does not implement (``p``, the float
precision) or one nobody knows raises :class:`OutputOptionError`, whose message is a
single line naming the letter.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

__all__ = ["OutputOptions", "OutputOptionError", "OidFormat", "StringFormat", "SUPPORTED_LETTERS",
           "DEFAULT_OPTIONS"]

OidFormat = Literal["module", "suffix", "full", "numeric", "ucd"]
"""How names print: ``IF-MIB::ifDescr.3`` (module, the default, ``-OS``), ``ifDescr.3``
(suffix, ``-Os``), ``.iso.org...ifDescr.3`` (full, ``-Of``), ``.1.3.6...`` (numeric,
``-On``) or ``interfaces.ifTable...`` (ucd, ``-Ou``)."""

StringFormat = Literal["guess", "ascii", "hex"]
"""Octet strings without a DISPLAY-HINT: printable ones as text, others as hex (guess,
the default), always as text (``-Oa``) or always as hex (``-Ox``)."""

SUPPORTED_LETTERS = "0abeEfnqQsStTuUvxX"

_OID_LETTERS: dict[str, OidFormat] = {"f": "full", "n": "numeric", "s": "suffix", "S": "module", "u": "ucd"}
_STRING_LETTERS: dict[str, StringFormat] = {"a": "ascii", "x": "hex"}
_TOGGLES = {
    "q": "quick", "e": "numeric_enums", "b": "dont_breakdown", "t": "numeric_timeticks",
    "U": "no_units", "v": "bare_value", "X": "extended_index", "T": "hex_text",
    "E": "escape_quotes", "0": "two_digit_hex",
}  # fmt: skip


class OutputOptionError(ValueError):
    """An ``-O`` letter that is not supported; the message names it."""


@dataclass(frozen=True, slots=True)
class OutputOptions:
    """What ``-O`` letters ask of the printed varbinds (all off: net-snmp's default)."""

    oid_format: OidFormat = "module"
    string_format: StringFormat = "guess"
    quick: bool = False
    """``-Oq``: no type labels, ``NAME VALUE``, enum labels without their number."""
    quick_equals: bool = False
    """``-OQ``: as quick, but ``NAME = VALUE`` and no ``Wrong Type`` notes."""
    bare_value: bool = False
    """``-Ov``: the value only."""
    numeric_enums: bool = False
    """``-Oe``: enums and BITS by number."""
    dont_breakdown: bool = False
    """``-Ob``: instance indexes as plain numbers."""
    numeric_timeticks: bool = False
    """``-Ot``: TimeTicks as the raw count only."""
    no_units: bool = False
    """``-OU``: no UNITS after values."""
    extended_index: bool = False
    """``-OX``: indexes in brackets, ``ifDescr[3]``."""
    hex_text: bool = False
    """``-OT``: hex strings followed by their printable text."""
    escape_quotes: bool = False
    """``-OE``: quotes in string indexes escaped for a shell."""
    two_digit_hex: bool = False
    """``-O0``: DISPLAY-HINT hex octets always two digits."""

    @classmethod
    def parse(cls, letters: str, base: OutputOptions | None = None) -> OutputOptions:
        """The options of one ``-O`` argument applied on top of ``base``."""
        options = base if base is not None else cls()
        if not letters:
            raise OutputOptionError("-O needs output option letters (e.g. -On, -Oq)")
        for letter in letters:
            if letter in _OID_LETTERS:
                options = replace(options, oid_format=_OID_LETTERS[letter])
            elif letter in _STRING_LETTERS:
                options = replace(options, string_format=_STRING_LETTERS[letter])
            elif letter == "Q":
                options = replace(options, quick_equals=True, quick=not options.quick)
            elif letter in _TOGGLES:
                name = _TOGGLES[letter]
                options = replace(options, **{name: not getattr(options, name)})
            elif letter == "p":
                raise OutputOptionError("-Op: floating point precision is not supported")
            else:
                raise OutputOptionError(
                    f"-O{letter}: unknown output option {letter!r} (supported: {SUPPORTED_LETTERS})"
                )
        return options

    @classmethod
    def from_flags(cls, values: list[str]) -> OutputOptions:
        """The options of several ``-O`` arguments, in order."""
        options = cls()
        for letters in values:
            options = cls.parse(letters, options)
        return options


DEFAULT_OPTIONS = OutputOptions()
