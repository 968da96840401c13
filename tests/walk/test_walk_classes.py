"""One varbind per rendering difference once found between ``snmptui walk`` and net-snmp.

A small snmprec file (written here) holds a varbind for each class of difference the
issue lists: index rendering (quoted, IMPLIED, fixed-length, InetAddress), TimeTicks,
strings (quoting, empty, a single 0x00, Hex-STRING wrapping), DISPLAY-HINTs (MacAddress,
DateAndTime), BITS, Wrong Type, Opaque (raw, Float, Double), Network Address, module
attribution, enum labels and UNITS, and OIDs outside 1.3. The embedded agent serves it;
``snmptui walk .1`` must print what ``snmpbulkwalk -m ALL`` prints, and each class's
expected line must be there, written out by hand.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.agent import start_background
from core.snapshot.files import load_snapshot
from oracle_support import formatted, group_records, mib_dirs, netsnmp_walk, snmptui_walk, walk_varbinds
from snmpd_fixture import require_tools


def _chars(text: str) -> str:
    return ".".join(str(ord(c)) for c in text)


SNMPREC = f"""\
1.0.8802.1.1.2.1.1.6.1.4.1|4x|f0
1.0.8802.1.1.2.1.1.6.1.4.2|4x|00
1.2.840.10006.300.43.1.2.1.1.3.7|4x|00900b3e3669
1.3.6.1.2.1.1.3.0|67|8581873
1.3.6.1.2.1.1.9.1.4.1|67|8640123
1.3.6.1.2.1.2.2.1.5.1|2|1
1.3.6.1.2.1.2.2.1.6.1|4x|00900b3e3669
1.3.6.1.2.1.2.2.1.7.1|2|1
1.3.6.1.2.1.3.1.1.3.1.1.10.0.0.1|64|10.0.0.1
1.3.6.1.2.1.4.1.0|2|1
1.3.6.1.2.1.4.34.1.3.1.4.10.0.0.1|2|1
1.3.6.1.2.1.17.4.3.1.1.0.144.11.62.54.105|4x|00900b3e3669
1.3.6.1.2.1.25.1.2.0|4x|07e1090c070800002b0800
1.3.6.1.2.1.25.2.3.1.4.1|2|4096
1.3.6.1.4.1.2021.10.1.6.1|68x|9f78043fc00000
1.3.6.1.4.1.2021.10.1.6.2|68x|9f790840091eb851eb851f
1.3.6.1.4.1.2021.10.1.6.3|68x|0906033532452d32
1.3.6.1.6.3.10.2.1.1.0|4|563
1.3.6.1.6.3.10.2.1.2.0|2|3
1.3.6.1.6.3.10.2.1.3.0|4|
1.3.6.1.6.3.10.2.1.4.0|4x|00
1.3.6.1.6.3.12.1.2.1.2.{_chars("nms")}|6|1.3.6.1.6.1.1
1.3.6.1.6.3.12.1.2.1.3.{_chars("nms")}|4x|000102030405060708090a0b0c0d0e0f101112
1.3.6.1.6.3.16.1.2.1.3.2.11.{_chars("best-effort")}|4|best-effort
1.3.6.1.6.3.16.1.2.1.4.2.11.{_chars("best-effort")}|71|5
"""

# (class, the line net-snmp prints for it) -- each also compared with the real tool below.
EXPECTED = [
    ("BITS with names", "LLDP-MIB::lldpPortConfigTLVsTxEnable.1 = BITS: F0 portDesc(0) sysName(1) sysDesc(2) sysCap(3) "),
    ("BITS all clear", "LLDP-MIB::lldpPortConfigTLVsTxEnable.2 = BITS: 00 "),
    ("outside 1.3, hinted", "IEEE8023-LAG-MIB::dot3adAggPortActorSystemID.7 = STRING: 0:90:b:3e:36:69"),
    ("TimeTicks", "::sysUpTimeInstance = Timeticks: (8581873) 23:50:18.73"),
    ("TimeTicks over a day", "SNMPv2-MIB::sysORUpTime.1 = Timeticks: (8640123) 1 day, 0:00:01.23"),
    ("Wrong Type", "IF-MIB::ifSpeed.1 = Wrong Type (should be Gauge32 or Unsigned32): INTEGER: 1"),
    ("MacAddress hint", "IF-MIB::ifPhysAddress.1 = STRING: 0:90:b:3e:36:69"),
    ("enum label", "IF-MIB::ifAdminStatus.1 = INTEGER: up(1)"),
    ("Network Address", "RFC1213-MIB::atNetAddress.1.1.10.0.0.1 = Network Address: 0A:00:00:01"),
    ("InetAddress index", 'IP-MIB::ipAddressIfIndex.ipv4."10.0.0.1" = INTEGER: 1'),
    ("fixed-length index", "BRIDGE-MIB::dot1dTpFdbAddress.'...>6i' = STRING: 0:90:b:3e:36:69"),
    ("DateAndTime hint", "HOST-RESOURCES-MIB::hrSystemDate.0 = STRING: 2017-9-12,7:8:0.0,+8:0"),
    ("UNITS", "HOST-RESOURCES-MIB::hrStorageAllocationUnits.1 = INTEGER: 4096 Bytes"),
    ("Opaque Float", "UCD-SNMP-MIB::laLoadFloat.1 = Opaque: Float: 1.500000"),
    ("Opaque Double", "UCD-SNMP-MIB::laLoadFloat.2 = Opaque: Float: 3.140000"),  # sic: net-snmp 5.9
    ("Opaque raw", "UCD-SNMP-MIB::laLoadFloat.3 = OPAQUE: 09 06 03 35 32 45 2D 32 "),
    ("string without hint", 'SNMP-FRAMEWORK-MIB::snmpEngineID.0 = STRING: "563"'),
    ("end of the MIB view", "::vacmSecurityToGroupStorageType.2.\"best-effort\" = No more variables left in this MIB View"),
    ("empty string", 'SNMP-FRAMEWORK-MIB::snmpEngineTime.0 = Wrong Type (should be INTEGER): ""'),
    ("single 0x00", "SNMP-FRAMEWORK-MIB::snmpEngineMaxMessageSize.0 = Wrong Type (should be INTEGER): Hex-STRING: 00 "),
    ("IMPLIED index, OID value", "SNMP-TARGET-MIB::snmpTargetAddrTDomain.'nms' = OID: SNMPv2-TM::snmpUDPDomain"),
    ("Hex-STRING wrapped", "SNMP-TARGET-MIB::snmpTargetAddrTAddress.'nms' = Hex-STRING: "
                           "00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F \n10 11 12 "),
    ("quoted string index", 'SNMP-VIEW-BASED-ACM-MIB::vacmGroupName.2."best-effort" = STRING: best-effort'),
    ("UInteger32 value", 'SNMP-VIEW-BASED-ACM-MIB::vacmSecurityToGroupStorageType.2."best-effort" = Wrong Type (should be INTEGER): 5'),
    ("module attribution", "RFC1213-MIB::ipForwarding.0 = INTEGER: forwarding(1)"),
]  # fmt: skip
FLAG_SETS = [[], ["-On"], ["-Oq"], ["-OQ"], ["-Ov"], ["-Oe"], ["-Ox"], ["-Oa"], ["-OX"], ["-OU"],
             ["-Ot"], ["-Os"], ["-Of"], ["-OT", "-Ob"], ["-Ou", "-OE", "-OX"]]  # fmt: skip
# Each flag set costs one ``snmpbulkwalk -m ALL`` of the whole corpus. The default run
# checks the command itself and a set per part of the formatter (numeric names, quick
# print, values only, hex and ASCII strings, index display, raw TimeTicks, raw enums with
# hints); -OQ -Oe -OU -Os -Of and -OT -Ob run in the slow run only (table_oracle's default
# run checks -Oe -OU -Os -Of on snmptable's output).
FAST_FLAG_SETS = [[], ["-On"], ["-Oq"], ["-Ov"], ["-Ox"], ["-Oa"], ["-OX"], ["-Ot"], ["-Ou", "-OE", "-OX"]]


class Outputs:
    """flags -> (net-snmp's output, ours) for the recording above, each computed on first
    use: the command itself prints the default output, the formatter it prints through
    the others."""

    def __init__(self, port: int, dirs: str) -> None:
        from core.mib import load_mibs

        self.target = f"127.0.0.1:{port}"
        self.dirs = dirs
        self.store = load_mibs(dirs)
        self.varbinds = walk_varbinds(port)
        self.found: dict[str, tuple[str, str]] = {}

    def __getitem__(self, flags: str) -> tuple[str, str]:
        if flags not in self.found:
            given = flags.split()
            ours = snmptui_walk(self.target, self.dirs, given) if not given else formatted(self.store, self.varbinds, given)
            self.found[flags] = (netsnmp_walk(self.target, self.dirs, given), ours)
        return self.found[flags]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Outputs]:
    require_tools()
    path: Path = tmp_path_factory.mktemp("classes") / "classes.snmprec"
    path.write_text(SNMPREC)
    with start_background(load_snapshot(path)) as running:
        yield Outputs(running.port, mib_dirs())


@pytest.mark.parametrize(
    "flags",
    [pytest.param(" ".join(f), marks=() if f in FAST_FLAG_SETS else pytest.mark.slow) for f in FLAG_SETS],
    ids=lambda f: f or "default",
)
def test_same_bytes_as_netsnmp(outputs: Outputs, flags: str) -> None:
    theirs, ours = outputs[flags]
    assert group_records(ours) == group_records(theirs)
    assert ours == theirs


@pytest.mark.parametrize(("name", "line"), EXPECTED, ids=[n for n, _ in EXPECTED])
def test_class_line(outputs: Outputs, name: str, line: str) -> None:
    theirs, ours = outputs[""]
    assert any(line in record for record in group_records(theirs)), f"net-snmp no longer prints {line!r}"
    assert any(line in record for record in group_records(ours)), f"snmptui does not print {line!r}"
