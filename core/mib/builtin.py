"""Built-in MIB base: facts this project writes itself, used when no MIB files exist.

Debian ships none of the IETF MIB modules, so a browser must still know the SMI
skeleton (iso ... enterprises, snmpV2), the SMI base types, the SNMPv2-TC textual
conventions and the names, syntaxes and enum labels of the most used objects.

The facts are written here in a compact SMI subset (no DESCRIPTION texts) and read
by our own parser, so they go through exactly the path a MIB file takes. A module
found on disk always replaces the built-in module of the same name.

Also here: the SMI base type table and net-snmp's renames of obsolete modules.
"""

from __future__ import annotations

__all__ = ["BUILTIN_SOURCE", "BASE_TYPES", "ASN1_TYPES", "MODULE_RENAMES", "ROOTS"]

# Type name as written -> canonical base type (SMIv1 names map to SMIv2 ones).
BASE_TYPES: dict[str, str] = {
    "INTEGER": "INTEGER",
    "Integer32": "Integer32",
    "Unsigned32": "Unsigned32",
    "UInteger32": "Unsigned32",
    "Gauge32": "Gauge32",
    "Gauge": "Gauge32",
    "Counter32": "Counter32",
    "Counter": "Counter32",
    "Counter64": "Counter64",
    "TimeTicks": "TimeTicks",
    "IpAddress": "IpAddress",
    "NetworkAddress": "IpAddress",
    "OCTET STRING": "OCTET STRING",
    "OBJECT IDENTIFIER": "OBJECT IDENTIFIER",
    "BITS": "BITS",
    "Opaque": "Opaque",
    "NsapAddress": "NsapAddress",
    "SEQUENCE": "SEQUENCE",
    "SEQUENCE OF": "SEQUENCE OF",
    "CHOICE": "CHOICE",
}

# Types every ASN.1 module may use without importing them.
ASN1_TYPES = frozenset({
    "INTEGER", "OCTET STRING", "OBJECT IDENTIFIER", "BITS", "SEQUENCE", "SEQUENCE OF", "CHOICE",
})

# OID roots known in every module.
ROOTS: dict[str, int] = {"ccitt": 0, "iso": 1, "joint-iso-ccitt": 2}

# When an imported module is missing, net-snmp tries these replacements
# (old module, new module, only for symbols starting with this prefix).
MODULE_RENAMES: tuple[tuple[str, str, str], ...] = (
    ("RFC1065-SMI", "RFC1155-SMI", ""),
    ("RFC1066-MIB", "RFC1156-MIB", ""),
    ("RFC1156-MIB", "RFC1158-MIB", ""),
    ("RFC1158-MIB", "RFC1213-MIB", ""),
    ("RFC1155-SMI", "SNMPv2-SMI", ""),
    ("RFC1213-MIB", "SNMPv2-SMI", "mib-2"),
    ("RFC1213-MIB", "SNMPv2-MIB", "sys"),
    ("RFC1213-MIB", "IF-MIB", "if"),
    ("RFC1213-MIB", "IP-MIB", "ip"),
    ("RFC1213-MIB", "IP-MIB", "icmp"),
    ("RFC1213-MIB", "TCP-MIB", "tcp"),
    ("RFC1213-MIB", "UDP-MIB", "udp"),
    ("RFC1213-MIB", "SNMPv2-SMI", "transmission"),
    ("RFC1213-MIB", "SNMPv2-MIB", "snmp"),
    ("RFC1231-MIB", "TOKENRING-MIB", ""),
    ("RFC1271-MIB", "RMON-MIB", ""),
    ("RFC1286-MIB", "SOURCE-ROUTING-MIB", "dot1dSr"),
    ("RFC1286-MIB", "BRIDGE-MIB", ""),
    ("RFC1315-MIB", "FRAME-RELAY-DTE-MIB", ""),
    ("RFC1316-MIB", "CHARACTER-MIB", ""),
    ("RFC1406-MIB", "DS1-MIB", ""),
    ("RFC-1213", "RFC1213-MIB", ""),
)

_RO = "MAX-ACCESS read-only STATUS current"
_RW = "MAX-ACCESS read-write STATUS current"
_NA = "MAX-ACCESS not-accessible STATUS current"
_RC = "MAX-ACCESS read-create STATUS current"

BUILTIN_SOURCE = f"""
RFC-1212 DEFINITIONS ::= BEGIN
END

RFC-1215 DEFINITIONS ::= BEGIN
END

SNMPv2-SMI DEFINITIONS ::= BEGIN
org OBJECT IDENTIFIER ::= {{ iso 3 }}
dod OBJECT IDENTIFIER ::= {{ org 6 }}
internet OBJECT IDENTIFIER ::= {{ dod 1 }}
directory OBJECT IDENTIFIER ::= {{ internet 1 }}
mgmt OBJECT IDENTIFIER ::= {{ internet 2 }}
mib-2 OBJECT IDENTIFIER ::= {{ mgmt 1 }}
transmission OBJECT IDENTIFIER ::= {{ mib-2 10 }}
experimental OBJECT IDENTIFIER ::= {{ internet 3 }}
private OBJECT IDENTIFIER ::= {{ internet 4 }}
enterprises OBJECT IDENTIFIER ::= {{ private 1 }}
security OBJECT IDENTIFIER ::= {{ internet 5 }}
snmpV2 OBJECT IDENTIFIER ::= {{ internet 6 }}
snmpDomains OBJECT IDENTIFIER ::= {{ snmpV2 1 }}
snmpProxys OBJECT IDENTIFIER ::= {{ snmpV2 2 }}
snmpModules OBJECT IDENTIFIER ::= {{ snmpV2 3 }}
zeroDotZero OBJECT-IDENTITY STATUS current ::= {{ 0 0 }}
END

RFC1155-SMI DEFINITIONS ::= BEGIN
org OBJECT IDENTIFIER ::= {{ iso 3 }}
dod OBJECT IDENTIFIER ::= {{ org 6 }}
internet OBJECT IDENTIFIER ::= {{ dod 1 }}
directory OBJECT IDENTIFIER ::= {{ internet 1 }}
mgmt OBJECT IDENTIFIER ::= {{ internet 2 }}
experimental OBJECT IDENTIFIER ::= {{ internet 3 }}
private OBJECT IDENTIFIER ::= {{ internet 4 }}
enterprises OBJECT IDENTIFIER ::= {{ private 1 }}
END

SNMPv2-TC DEFINITIONS ::= BEGIN
DisplayString ::= TEXTUAL-CONVENTION DISPLAY-HINT "255a" STATUS current
    SYNTAX OCTET STRING (SIZE (0..255))
PhysAddress ::= TEXTUAL-CONVENTION DISPLAY-HINT "1x:" STATUS current SYNTAX OCTET STRING
MacAddress ::= TEXTUAL-CONVENTION DISPLAY-HINT "1x:" STATUS current SYNTAX OCTET STRING (SIZE (6))
TruthValue ::= TEXTUAL-CONVENTION STATUS current SYNTAX INTEGER {{ true(1), false(2) }}
TestAndIncr ::= TEXTUAL-CONVENTION STATUS current SYNTAX INTEGER (0..2147483647)
AutonomousType ::= TEXTUAL-CONVENTION STATUS current SYNTAX OBJECT IDENTIFIER
InstancePointer ::= TEXTUAL-CONVENTION STATUS obsolete SYNTAX OBJECT IDENTIFIER
VariablePointer ::= TEXTUAL-CONVENTION STATUS current SYNTAX OBJECT IDENTIFIER
RowPointer ::= TEXTUAL-CONVENTION STATUS current SYNTAX OBJECT IDENTIFIER
RowStatus ::= TEXTUAL-CONVENTION STATUS current SYNTAX INTEGER {{
    active(1), notInService(2), notReady(3), createAndGo(4), createAndWait(5), destroy(6) }}
TimeStamp ::= TEXTUAL-CONVENTION STATUS current SYNTAX TimeTicks
TimeInterval ::= TEXTUAL-CONVENTION STATUS current SYNTAX INTEGER (0..2147483647)
DateAndTime ::= TEXTUAL-CONVENTION DISPLAY-HINT "2d-1d-1d,1d:1d:1d.1d,1a1d:1d" STATUS current
    SYNTAX OCTET STRING (SIZE (8 | 11))
StorageType ::= TEXTUAL-CONVENTION STATUS current SYNTAX INTEGER {{
    other(1), volatile(2), nonVolatile(3), permanent(4), readOnly(5) }}
TDomain ::= TEXTUAL-CONVENTION STATUS current SYNTAX OBJECT IDENTIFIER
TAddress ::= TEXTUAL-CONVENTION STATUS current SYNTAX OCTET STRING (SIZE (1..255))
END

INET-ADDRESS-MIB DEFINITIONS ::= BEGIN
InetAddressType ::= TEXTUAL-CONVENTION STATUS current SYNTAX INTEGER {{
    unknown(0), ipv4(1), ipv6(2), ipv4z(3), ipv6z(4), dns(16) }}
InetAddress ::= TEXTUAL-CONVENTION STATUS current SYNTAX OCTET STRING (SIZE (0..255))
InetAddressPrefixLength ::= TEXTUAL-CONVENTION DISPLAY-HINT "d" STATUS current
    SYNTAX Unsigned32 (0..2040)
InetPortNumber ::= TEXTUAL-CONVENTION DISPLAY-HINT "d" STATUS current SYNTAX Unsigned32 (0..65535)
END

SNMPv2-MIB DEFINITIONS ::= BEGIN
system OBJECT IDENTIFIER ::= {{ mib-2 1 }}
sysDescr OBJECT-TYPE SYNTAX DisplayString (SIZE (0..255)) {_RO} ::= {{ system 1 }}
sysObjectID OBJECT-TYPE SYNTAX OBJECT IDENTIFIER {_RO} ::= {{ system 2 }}
sysUpTime OBJECT-TYPE SYNTAX TimeTicks {_RO} ::= {{ system 3 }}
sysContact OBJECT-TYPE SYNTAX DisplayString (SIZE (0..255)) {_RW} ::= {{ system 4 }}
sysName OBJECT-TYPE SYNTAX DisplayString (SIZE (0..255)) {_RW} ::= {{ system 5 }}
sysLocation OBJECT-TYPE SYNTAX DisplayString (SIZE (0..255)) {_RW} ::= {{ system 6 }}
sysServices OBJECT-TYPE SYNTAX INTEGER (0..127) {_RO} ::= {{ system 7 }}
sysORLastChange OBJECT-TYPE SYNTAX TimeStamp {_RO} ::= {{ system 8 }}
sysORTable OBJECT-TYPE SYNTAX SEQUENCE OF SysOREntry {_NA} ::= {{ system 9 }}
sysOREntry OBJECT-TYPE SYNTAX SysOREntry {_NA} INDEX {{ sysORIndex }} ::= {{ sysORTable 1 }}
SysOREntry ::= SEQUENCE {{ sysORIndex INTEGER, sysORID OBJECT IDENTIFIER,
    sysORDescr DisplayString, sysORUpTime TimeStamp }}
sysORIndex OBJECT-TYPE SYNTAX INTEGER (1..2147483647) {_NA} ::= {{ sysOREntry 1 }}
sysORID OBJECT-TYPE SYNTAX OBJECT IDENTIFIER {_RO} ::= {{ sysOREntry 2 }}
sysORDescr OBJECT-TYPE SYNTAX DisplayString {_RO} ::= {{ sysOREntry 3 }}
sysORUpTime OBJECT-TYPE SYNTAX TimeStamp {_RO} ::= {{ sysOREntry 4 }}
snmp OBJECT IDENTIFIER ::= {{ mib-2 11 }}
snmpInPkts OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ snmp 1 }}
snmpOutPkts OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ snmp 2 }}
snmpInBadVersions OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ snmp 3 }}
snmpInBadCommunityNames OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ snmp 4 }}
snmpInBadCommunityUses OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ snmp 5 }}
snmpInASNParseErrs OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ snmp 6 }}
snmpEnableAuthenTraps OBJECT-TYPE SYNTAX INTEGER {{ enabled(1), disabled(2) }} {_RW}
    ::= {{ snmp 30 }}
snmpSilentDrops OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ snmp 31 }}
snmpProxyDrops OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ snmp 32 }}
snmpMIB OBJECT IDENTIFIER ::= {{ snmpModules 1 }}
snmpMIBObjects OBJECT IDENTIFIER ::= {{ snmpMIB 1 }}
snmpTrap OBJECT IDENTIFIER ::= {{ snmpMIBObjects 4 }}
snmpTrapOID OBJECT-TYPE SYNTAX OBJECT IDENTIFIER MAX-ACCESS accessible-for-notify STATUS current
    ::= {{ snmpTrap 1 }}
snmpTraps OBJECT IDENTIFIER ::= {{ snmpMIBObjects 5 }}
coldStart NOTIFICATION-TYPE STATUS current ::= {{ snmpTraps 1 }}
warmStart NOTIFICATION-TYPE STATUS current ::= {{ snmpTraps 2 }}
authenticationFailure NOTIFICATION-TYPE STATUS current ::= {{ snmpTraps 5 }}
END

IANAifType-MIB DEFINITIONS ::= BEGIN
IANAifType ::= TEXTUAL-CONVENTION STATUS current SYNTAX INTEGER {{
    other(1), regular1822(2), hdh1822(3), ddnX25(4), rfc877x25(5), ethernetCsmacd(6),
    iso88023Csmacd(7), iso88025TokenRing(9), fddi(15), lapb(16), sdlc(17), ds1(18), e1(19),
    basicISDN(20), primaryISDN(21), propPointToPointSerial(22), ppp(23), softwareLoopback(24),
    slip(28), ds3(30), frameRelay(32), rs232(33), atm(37), sonet(39), propVirtual(53),
    propMultiplexor(54), ieee80211(71), hdlc(118), tunnel(131), l2vlan(135), l3ipvlan(136),
    mpls(166), ieee8023adLag(161), bridge(209), gigabitEthernet(117) }}
END

IF-MIB DEFINITIONS ::= BEGIN
interfaces OBJECT IDENTIFIER ::= {{ mib-2 2 }}
InterfaceIndex ::= TEXTUAL-CONVENTION DISPLAY-HINT "d" STATUS current SYNTAX Integer32 (1..2147483647)
ifNumber OBJECT-TYPE SYNTAX Integer32 {_RO} ::= {{ interfaces 1 }}
ifTable OBJECT-TYPE SYNTAX SEQUENCE OF IfEntry {_NA} ::= {{ interfaces 2 }}
ifEntry OBJECT-TYPE SYNTAX IfEntry {_NA} INDEX {{ ifIndex }} ::= {{ ifTable 1 }}
IfEntry ::= SEQUENCE {{ ifIndex InterfaceIndex }}
ifIndex OBJECT-TYPE SYNTAX InterfaceIndex {_RO} ::= {{ ifEntry 1 }}
ifDescr OBJECT-TYPE SYNTAX DisplayString (SIZE (0..255)) {_RO} ::= {{ ifEntry 2 }}
ifType OBJECT-TYPE SYNTAX IANAifType {_RO} ::= {{ ifEntry 3 }}
ifMtu OBJECT-TYPE SYNTAX Integer32 {_RO} ::= {{ ifEntry 4 }}
ifSpeed OBJECT-TYPE SYNTAX Gauge32 {_RO} ::= {{ ifEntry 5 }}
ifPhysAddress OBJECT-TYPE SYNTAX PhysAddress {_RO} ::= {{ ifEntry 6 }}
ifAdminStatus OBJECT-TYPE SYNTAX INTEGER {{ up(1), down(2), testing(3) }} {_RW} ::= {{ ifEntry 7 }}
ifOperStatus OBJECT-TYPE SYNTAX INTEGER {{ up(1), down(2), testing(3), unknown(4), dormant(5),
    notPresent(6), lowerLayerDown(7) }} {_RO} ::= {{ ifEntry 8 }}
ifLastChange OBJECT-TYPE SYNTAX TimeTicks {_RO} ::= {{ ifEntry 9 }}
ifInOctets OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ ifEntry 10 }}
ifInUcastPkts OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ ifEntry 11 }}
ifInNUcastPkts OBJECT-TYPE SYNTAX Counter32 MAX-ACCESS read-only STATUS deprecated ::= {{ ifEntry 12 }}
ifInDiscards OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ ifEntry 13 }}
ifInErrors OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ ifEntry 14 }}
ifInUnknownProtos OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ ifEntry 15 }}
ifOutOctets OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ ifEntry 16 }}
ifOutUcastPkts OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ ifEntry 17 }}
ifOutNUcastPkts OBJECT-TYPE SYNTAX Counter32 MAX-ACCESS read-only STATUS deprecated ::= {{ ifEntry 18 }}
ifOutDiscards OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ ifEntry 19 }}
ifOutErrors OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ ifEntry 20 }}
ifOutQLen OBJECT-TYPE SYNTAX Gauge32 MAX-ACCESS read-only STATUS deprecated ::= {{ ifEntry 21 }}
ifSpecific OBJECT-TYPE SYNTAX OBJECT IDENTIFIER MAX-ACCESS read-only STATUS deprecated
    ::= {{ ifEntry 22 }}
ifMIB OBJECT IDENTIFIER ::= {{ mib-2 31 }}
ifMIBObjects OBJECT IDENTIFIER ::= {{ ifMIB 1 }}
ifXTable OBJECT-TYPE SYNTAX SEQUENCE OF IfXEntry {_NA} ::= {{ ifMIBObjects 1 }}
ifXEntry OBJECT-TYPE SYNTAX IfXEntry {_NA} AUGMENTS {{ ifEntry }} ::= {{ ifXTable 1 }}
IfXEntry ::= SEQUENCE {{ ifName DisplayString }}
ifName OBJECT-TYPE SYNTAX DisplayString {_RO} ::= {{ ifXEntry 1 }}
ifInMulticastPkts OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ ifXEntry 2 }}
ifInBroadcastPkts OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ ifXEntry 3 }}
ifOutMulticastPkts OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ ifXEntry 4 }}
ifOutBroadcastPkts OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ ifXEntry 5 }}
ifHCInOctets OBJECT-TYPE SYNTAX Counter64 {_RO} ::= {{ ifXEntry 6 }}
ifHCInUcastPkts OBJECT-TYPE SYNTAX Counter64 {_RO} ::= {{ ifXEntry 7 }}
ifHCInMulticastPkts OBJECT-TYPE SYNTAX Counter64 {_RO} ::= {{ ifXEntry 8 }}
ifHCInBroadcastPkts OBJECT-TYPE SYNTAX Counter64 {_RO} ::= {{ ifXEntry 9 }}
ifHCOutOctets OBJECT-TYPE SYNTAX Counter64 {_RO} ::= {{ ifXEntry 10 }}
ifHCOutUcastPkts OBJECT-TYPE SYNTAX Counter64 {_RO} ::= {{ ifXEntry 11 }}
ifHCOutMulticastPkts OBJECT-TYPE SYNTAX Counter64 {_RO} ::= {{ ifXEntry 12 }}
ifHCOutBroadcastPkts OBJECT-TYPE SYNTAX Counter64 {_RO} ::= {{ ifXEntry 13 }}
ifLinkUpDownTrapEnable OBJECT-TYPE SYNTAX INTEGER {{ enabled(1), disabled(2) }} {_RW}
    ::= {{ ifXEntry 14 }}
ifHighSpeed OBJECT-TYPE SYNTAX Gauge32 UNITS "Mb/s" {_RO} ::= {{ ifXEntry 15 }}
ifPromiscuousMode OBJECT-TYPE SYNTAX TruthValue {_RW} ::= {{ ifXEntry 16 }}
ifConnectorPresent OBJECT-TYPE SYNTAX TruthValue {_RO} ::= {{ ifXEntry 17 }}
ifAlias OBJECT-TYPE SYNTAX DisplayString (SIZE (0..64)) {_RW} ::= {{ ifXEntry 18 }}
ifCounterDiscontinuityTime OBJECT-TYPE SYNTAX TimeStamp {_RO} ::= {{ ifXEntry 19 }}
snmpTraps OBJECT IDENTIFIER ::= {{ iso 3 6 1 6 3 1 1 5 }}
linkDown NOTIFICATION-TYPE OBJECTS {{ ifIndex, ifAdminStatus, ifOperStatus }} STATUS current
    ::= {{ snmpTraps 3 }}
linkUp NOTIFICATION-TYPE OBJECTS {{ ifIndex, ifAdminStatus, ifOperStatus }} STATUS current
    ::= {{ snmpTraps 4 }}
END

IP-MIB DEFINITIONS ::= BEGIN
ip OBJECT IDENTIFIER ::= {{ mib-2 4 }}
ipForwarding OBJECT-TYPE SYNTAX INTEGER {{ forwarding(1), notForwarding(2) }} {_RW} ::= {{ ip 1 }}
ipDefaultTTL OBJECT-TYPE SYNTAX INTEGER (1..255) {_RW} ::= {{ ip 2 }}
ipAddrTable OBJECT-TYPE SYNTAX SEQUENCE OF IpAddrEntry {_NA} ::= {{ ip 20 }}
ipAddrEntry OBJECT-TYPE SYNTAX IpAddrEntry {_NA} INDEX {{ ipAdEntAddr }} ::= {{ ipAddrTable 1 }}
IpAddrEntry ::= SEQUENCE {{ ipAdEntAddr IpAddress }}
ipAdEntAddr OBJECT-TYPE SYNTAX IpAddress {_RO} ::= {{ ipAddrEntry 1 }}
ipAdEntIfIndex OBJECT-TYPE SYNTAX INTEGER (1..2147483647) {_RO} ::= {{ ipAddrEntry 2 }}
ipAdEntNetMask OBJECT-TYPE SYNTAX IpAddress {_RO} ::= {{ ipAddrEntry 3 }}
ipAdEntBcastAddr OBJECT-TYPE SYNTAX INTEGER (0..1) {_RO} ::= {{ ipAddrEntry 4 }}
ipAdEntReasmMaxSize OBJECT-TYPE SYNTAX INTEGER (0..65535) {_RO} ::= {{ ipAddrEntry 5 }}
ipNetToPhysicalTable OBJECT-TYPE SYNTAX SEQUENCE OF IpNetToPhysicalEntry {_NA} ::= {{ ip 35 }}
ipNetToPhysicalEntry OBJECT-TYPE SYNTAX IpNetToPhysicalEntry {_NA}
    INDEX {{ ipNetToPhysicalIfIndex, ipNetToPhysicalNetAddressType, ipNetToPhysicalNetAddress }}
    ::= {{ ipNetToPhysicalTable 1 }}
IpNetToPhysicalEntry ::= SEQUENCE {{ ipNetToPhysicalIfIndex InterfaceIndex }}
ipNetToPhysicalIfIndex OBJECT-TYPE SYNTAX InterfaceIndex {_NA} ::= {{ ipNetToPhysicalEntry 1 }}
ipNetToPhysicalNetAddressType OBJECT-TYPE SYNTAX InetAddressType {_NA}
    ::= {{ ipNetToPhysicalEntry 2 }}
ipNetToPhysicalNetAddress OBJECT-TYPE SYNTAX InetAddress {_NA} ::= {{ ipNetToPhysicalEntry 3 }}
ipNetToPhysicalPhysAddress OBJECT-TYPE SYNTAX PhysAddress (SIZE (0..65535)) {_RC}
    ::= {{ ipNetToPhysicalEntry 4 }}
ipNetToPhysicalLastUpdated OBJECT-TYPE SYNTAX TimeStamp {_RO} ::= {{ ipNetToPhysicalEntry 5 }}
ipNetToPhysicalType OBJECT-TYPE SYNTAX INTEGER {{ other(1), invalid(2), dynamic(3), static(4),
    local(5) }} {_RC} ::= {{ ipNetToPhysicalEntry 6 }}
ipNetToPhysicalState OBJECT-TYPE SYNTAX INTEGER {{ reachable(1), stale(2), delay(3), probe(4),
    invalid(5), unknown(6), incomplete(7) }} {_RO} ::= {{ ipNetToPhysicalEntry 7 }}
ipNetToPhysicalRowStatus OBJECT-TYPE SYNTAX RowStatus {_RC} ::= {{ ipNetToPhysicalEntry 8 }}
END

TCP-MIB DEFINITIONS ::= BEGIN
tcp OBJECT IDENTIFIER ::= {{ mib-2 6 }}
tcpRtoAlgorithm OBJECT-TYPE SYNTAX INTEGER {{ other(1), constant(2), rsre(3), vanj(4),
    rfc2988(5) }} {_RO} ::= {{ tcp 1 }}
tcpRtoMin OBJECT-TYPE SYNTAX Integer32 UNITS "milliseconds" {_RO} ::= {{ tcp 2 }}
tcpRtoMax OBJECT-TYPE SYNTAX Integer32 UNITS "milliseconds" {_RO} ::= {{ tcp 3 }}
tcpMaxConn OBJECT-TYPE SYNTAX Integer32 {_RO} ::= {{ tcp 4 }}
tcpActiveOpens OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ tcp 5 }}
tcpPassiveOpens OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ tcp 6 }}
tcpAttemptFails OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ tcp 7 }}
tcpEstabResets OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ tcp 8 }}
tcpCurrEstab OBJECT-TYPE SYNTAX Gauge32 {_RO} ::= {{ tcp 9 }}
tcpInSegs OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ tcp 10 }}
tcpOutSegs OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ tcp 11 }}
tcpRetransSegs OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ tcp 12 }}
tcpInErrs OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ tcp 14 }}
tcpOutRsts OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ tcp 15 }}
tcpHCInSegs OBJECT-TYPE SYNTAX Counter64 {_RO} ::= {{ tcp 17 }}
tcpHCOutSegs OBJECT-TYPE SYNTAX Counter64 {_RO} ::= {{ tcp 18 }}
END

UDP-MIB DEFINITIONS ::= BEGIN
udp OBJECT IDENTIFIER ::= {{ mib-2 7 }}
udpInDatagrams OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ udp 1 }}
udpNoPorts OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ udp 2 }}
udpInErrors OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ udp 3 }}
udpOutDatagrams OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ udp 4 }}
udpHCInDatagrams OBJECT-TYPE SYNTAX Counter64 {_RO} ::= {{ udp 8 }}
udpHCOutDatagrams OBJECT-TYPE SYNTAX Counter64 {_RO} ::= {{ udp 9 }}
END

HOST-RESOURCES-MIB DEFINITIONS ::= BEGIN
host OBJECT IDENTIFIER ::= {{ mib-2 25 }}
hrSystem OBJECT IDENTIFIER ::= {{ host 1 }}
hrStorage OBJECT IDENTIFIER ::= {{ host 2 }}
hrDevice OBJECT IDENTIFIER ::= {{ host 3 }}
hrSWRun OBJECT IDENTIFIER ::= {{ host 4 }}
hrSWRunPerf OBJECT IDENTIFIER ::= {{ host 5 }}
hrSWInstalled OBJECT IDENTIFIER ::= {{ host 6 }}
KBytes ::= TEXTUAL-CONVENTION STATUS current SYNTAX Integer32 (0..2147483647)
hrSystemUptime OBJECT-TYPE SYNTAX TimeTicks {_RO} ::= {{ hrSystem 1 }}
hrSystemDate OBJECT-TYPE SYNTAX DateAndTime {_RW} ::= {{ hrSystem 2 }}
hrSystemNumUsers OBJECT-TYPE SYNTAX Gauge32 {_RO} ::= {{ hrSystem 5 }}
hrSystemProcesses OBJECT-TYPE SYNTAX Gauge32 {_RO} ::= {{ hrSystem 6 }}
hrSystemMaxProcesses OBJECT-TYPE SYNTAX Integer32 (0..2147483647) {_RO} ::= {{ hrSystem 7 }}
hrStorageTypes OBJECT IDENTIFIER ::= {{ hrStorage 1 }}
hrStorageOther OBJECT-IDENTITY STATUS current ::= {{ hrStorageTypes 1 }}
hrStorageRam OBJECT-IDENTITY STATUS current ::= {{ hrStorageTypes 2 }}
hrStorageVirtualMemory OBJECT-IDENTITY STATUS current ::= {{ hrStorageTypes 3 }}
hrStorageFixedDisk OBJECT-IDENTITY STATUS current ::= {{ hrStorageTypes 4 }}
hrStorageRemovableDisk OBJECT-IDENTITY STATUS current ::= {{ hrStorageTypes 5 }}
hrStorageFloppyDisk OBJECT-IDENTITY STATUS current ::= {{ hrStorageTypes 6 }}
hrStorageCompactDisc OBJECT-IDENTITY STATUS current ::= {{ hrStorageTypes 7 }}
hrStorageRamDisk OBJECT-IDENTITY STATUS current ::= {{ hrStorageTypes 8 }}
hrStorageFlashMemory OBJECT-IDENTITY STATUS current ::= {{ hrStorageTypes 9 }}
hrStorageNetworkDisk OBJECT-IDENTITY STATUS current ::= {{ hrStorageTypes 10 }}
hrMemorySize OBJECT-TYPE SYNTAX KBytes UNITS "KBytes" {_RO} ::= {{ hrStorage 2 }}
hrStorageTable OBJECT-TYPE SYNTAX SEQUENCE OF HrStorageEntry {_NA} ::= {{ hrStorage 3 }}
hrStorageEntry OBJECT-TYPE SYNTAX HrStorageEntry {_NA} INDEX {{ hrStorageIndex }}
    ::= {{ hrStorageTable 1 }}
HrStorageEntry ::= SEQUENCE {{ hrStorageIndex Integer32 }}
hrStorageIndex OBJECT-TYPE SYNTAX Integer32 (1..2147483647) {_RO} ::= {{ hrStorageEntry 1 }}
hrStorageType OBJECT-TYPE SYNTAX AutonomousType {_RO} ::= {{ hrStorageEntry 2 }}
hrStorageDescr OBJECT-TYPE SYNTAX DisplayString {_RO} ::= {{ hrStorageEntry 3 }}
hrStorageAllocationUnits OBJECT-TYPE SYNTAX Integer32 (1..2147483647) UNITS "Bytes" {_RO}
    ::= {{ hrStorageEntry 4 }}
hrStorageSize OBJECT-TYPE SYNTAX Integer32 (0..2147483647) {_RW} ::= {{ hrStorageEntry 5 }}
hrStorageUsed OBJECT-TYPE SYNTAX Integer32 (0..2147483647) {_RO} ::= {{ hrStorageEntry 6 }}
hrStorageAllocationFailures OBJECT-TYPE SYNTAX Counter32 {_RO} ::= {{ hrStorageEntry 7 }}
hrProcessorTable OBJECT-TYPE SYNTAX SEQUENCE OF HrProcessorEntry {_NA} ::= {{ hrDevice 3 }}
hrProcessorEntry OBJECT-TYPE SYNTAX HrProcessorEntry {_NA} INDEX {{ hrDeviceIndex }}
    ::= {{ hrProcessorTable 1 }}
HrProcessorEntry ::= SEQUENCE {{ hrProcessorFrwID ProductID }}
hrDeviceIndex OBJECT-TYPE SYNTAX Integer32 (1..2147483647) {_RO} ::= {{ hrDevice 2 1 1 }}
ProductID ::= TEXTUAL-CONVENTION STATUS current SYNTAX OBJECT IDENTIFIER
hrProcessorFrwID OBJECT-TYPE SYNTAX ProductID {_RO} ::= {{ hrProcessorEntry 1 }}
hrProcessorLoad OBJECT-TYPE SYNTAX Integer32 (0..100) {_RO} ::= {{ hrProcessorEntry 2 }}
hrSWRunTable OBJECT-TYPE SYNTAX SEQUENCE OF HrSWRunEntry {_NA} ::= {{ hrSWRun 2 }}
hrSWRunEntry OBJECT-TYPE SYNTAX HrSWRunEntry {_NA} INDEX {{ hrSWRunIndex }} ::= {{ hrSWRunTable 1 }}
HrSWRunEntry ::= SEQUENCE {{ hrSWRunIndex Integer32 }}
hrSWRunIndex OBJECT-TYPE SYNTAX Integer32 (1..2147483647) {_RO} ::= {{ hrSWRunEntry 1 }}
hrSWRunName OBJECT-TYPE SYNTAX DisplayString (SIZE (0..64)) {_RO} ::= {{ hrSWRunEntry 2 }}
hrSWRunID OBJECT-TYPE SYNTAX ProductID {_RO} ::= {{ hrSWRunEntry 3 }}
hrSWRunPath OBJECT-TYPE SYNTAX DisplayString (SIZE (0..128)) {_RO} ::= {{ hrSWRunEntry 4 }}
hrSWRunParameters OBJECT-TYPE SYNTAX DisplayString (SIZE (0..128)) {_RO} ::= {{ hrSWRunEntry 5 }}
hrSWRunType OBJECT-TYPE SYNTAX INTEGER {{ unknown(1), operatingSystem(2), deviceDriver(3),
    application(4) }} {_RO} ::= {{ hrSWRunEntry 6 }}
hrSWRunStatus OBJECT-TYPE SYNTAX INTEGER {{ running(1), runnable(2), notRunnable(3),
    invalid(4) }} {_RW} ::= {{ hrSWRunEntry 7 }}
hrSWRunPerfTable OBJECT-TYPE SYNTAX SEQUENCE OF HrSWRunPerfEntry {_NA} ::= {{ hrSWRunPerf 1 }}
hrSWRunPerfEntry OBJECT-TYPE SYNTAX HrSWRunPerfEntry {_NA} AUGMENTS {{ hrSWRunEntry }}
    ::= {{ hrSWRunPerfTable 1 }}
HrSWRunPerfEntry ::= SEQUENCE {{ hrSWRunPerfCPU Integer32 }}
hrSWRunPerfCPU OBJECT-TYPE SYNTAX Integer32 (0..2147483647) {_RO} ::= {{ hrSWRunPerfEntry 1 }}
hrSWRunPerfMem OBJECT-TYPE SYNTAX KBytes UNITS "KBytes" {_RO} ::= {{ hrSWRunPerfEntry 2 }}
END
"""
