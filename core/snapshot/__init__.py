"""core.snapshot: recorded devices — the snapshot model, its file formats and the recorder.

- ``model``: :class:`Snapshot` / :class:`Record` (no file I/O, no format);
- ``files``: ``load_snapshot`` / ``save_snapshot`` (format and compression detected);
- ``snmprec``: the snmprec format (``OID|TAG|VALUE``, ``.bz2`` too), read and written;
- ``snmpwalk``: net-snmp ``snmpwalk -On`` text, read;
- ``recorder``: walks an agent into a snapshot.

The embedded agent (``core.agent``) serves snapshots from here.
"""
