"""Which payments and open items are in the files the bank and the ERP sent us?

Readers turn files a team did not write (bank statements, remittance advices,
ERP open-item exports) into the library's documents, or into columns for the
bulk paths. They are pure: they take text, bytes or an open file from the host
and never open a file or the network themselves; the command line does the
opening. A file with bad rows raises one
:class:`~receivables.errors.ValidationError` whose ``problems`` name every bad
row at once: its source, its line (or XPath), the field and what is accepted.
The modules, one file family each, live in this package.
"""

__all__: list[str] = []
