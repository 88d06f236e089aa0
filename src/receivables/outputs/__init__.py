"""What does an analyst open, and what does a customer receive? Excel workbooks and PDFs.

The outputs on the edge floor, each a function from the library's reports and
decisions to the bytes of a file, which the host saves or sends (the library
never opens a file):

- :mod:`~receivables.outputs.aging_workbook`: the aged trial balance, one sheet per currency;
- :mod:`~receivables.outputs.cashapp_workbook`: cash application to review and confirm,
  and the confirmations read back;
- :mod:`~receivables.outputs.statement_workbook`: statements of account, one sheet per customer;
- :mod:`~receivables.outputs.dunning_workbook`: the collector worklist and the dunning run;
- :mod:`~receivables.outputs.pdf`: printable statements and dunning letters;
- :mod:`~receivables.outputs.cells` (exact numbers in cells), :mod:`~receivables.outputs.labels`
  (the words, in Spanish and English) and :mod:`~receivables.outputs.creditor_reference`
  (the ISO 11649 payment reference) underneath.

Workbooks need the ``excel`` extra (xlsxwriter, openpyxl), PDFs the ``pdf`` extra (fpdf2).
"""

__all__: list[str] = []
