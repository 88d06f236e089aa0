"""Every public entry point of the library, for the contract in ``test_robustness.py``.

``FED`` lists the functions and classes the contract feeds junk to; ``NOT_FED`` the
public callables it does not, each with the reason. A test checks the two lists against
every module's ``__all__``: a public name missing from both fails it, so a new entry
point joins the contract when it joins ``__all__``. The command line's ``main`` is
covered by its own properties. ``RAW`` names the entry points that still let a raw
exception out, in modules other sessions own: their cases are strict ``xfail``.
"""

from __future__ import annotations

import datetime as dt

FED: tuple[str, ...] = (
    "receivables.aging.AgingLine",
    "receivables.aging.AgingReport",
    "receivables.aging.age",
    "receivables.aging.age_columns",
    "receivables.aging.merge_reports",
    "receivables.allocation.by_reference",
    "receivables.allocation.oldest_due_first",
    "receivables.allocation.pro_rata",
    "receivables.buckets.AgingBuckets",
    "receivables.buckets.Bucket",
    "receivables.buckets.buckets_from_bounds",
    "receivables.calendars.BusinessCalendar",
    "receivables.calendars.supported_countries",
    "receivables.cashapp.amounts.SubsetSearch",
    "receivables.cashapp.amounts.subsets_summing_to",
    "receivables.cashapp.columns.CustomerTable",
    "receivables.cashapp.columns.ItemTable",
    "receivables.cashapp.columns.PaymentTable",
    "receivables.cashapp.columns.customer_table",
    "receivables.cashapp.columns.day_number",
    "receivables.cashapp.columns.item_table",
    "receivables.cashapp.columns.minor_to_decimal",
    "receivables.cashapp.columns.payment_table",
    "receivables.cashapp.duplicates.duplicates",
    "receivables.cashapp.duplicates.payer_key",
    "receivables.cashapp.duplicates.remittance_key",
    "receivables.cashapp.evidence.resemblance",
    "receivables.cashapp.matching.Candidate",
    "receivables.cashapp.matching.CashApplicationResult",
    "receivables.cashapp.matching.CustomerSuggestion",
    "receivables.cashapp.matching.MatchDecision",
    "receivables.cashapp.matching.MatchLine",
    "receivables.cashapp.matching.match",
    "receivables.cashapp.memory.Confirmation",
    "receivables.cashapp.memory.PayerMemory",
    "receivables.cashapp.memory.learn",
    "receivables.cashapp.memory.remittance_pattern",
    "receivables.cashapp.payers.PayerIndex",
    "receivables.cashapp.payers.legal_key",
    "receivables.cashapp.payers.name_key",
    "receivables.cashapp.payers.name_tokens",
    "receivables.cashapp.payers.written_words",
    "receivables.cashapp.policy.MatchPolicy",
    "receivables.cashapp.references.Reference",
    "receivables.cashapp.references.creditor_reference",
    "receivables.cashapp.references.digits_key",
    "receivables.cashapp.references.exact_key",
    "receivables.cashapp.references.extract_references",
    "receivables.cashapp.references.invalid_creditor_references",
    "receivables.cashapp.references.near_references",
    "receivables.cashapp.references.reference_key",
    "receivables.cashapp.references.strip_accents",
    "receivables.cashcount.CashCount",
    "receivables.cashcount.CashCountPolicy",
    "receivables.cashcount.count_cash",
    "receivables.cheques.Cheque",
    "receivables.cheques.ChequePolicy",
    "receivables.cheques.DepositLine",
    "receivables.cheques.DepositList",
    "receivables.cheques.ReturnedCheque",
    "receivables.cheques.deposit",
    "receivables.cheques.deposit_list",
    "receivables.cheques.return_cheque",
    "receivables.contracts.CardAlert",
    "receivables.contracts.Charge",
    "receivables.contracts.Closure",
    "receivables.contracts.Contract",
    "receivables.contracts.ContractPolicy",
    "receivables.contracts.PriceChange",
    "receivables.contracts.cards_expiring",
    "receivables.contracts.close",
    "receivables.contracts.schedule",
    "receivables.decisions.ReadOnlyMapping",
    "receivables.decisions.Reason",
    "receivables.decisions.check_flag",
    "receivables.decisions.check_policy_identity",
    "receivables.decisions.check_whole_number",
    "receivables.decisions.engine_departures",
    "receivables.deliveries.billing.reconcile_deliveries",
    "receivables.deliveries.notes.DeliveryNote",
    "receivables.deliveries.notes.InvoiceLine",
    "receivables.deliveries.policy.DeliveryPolicy",
    "receivables.deliveries.report.DeliveryFinding",
    "receivables.deliveries.report.DeliveryReconciliation",
    "receivables.deliveries.report.merge",
    "receivables.demo.DaySummary",
    "receivables.demo.render",
    "receivables.demo.run_day",
    "receivables.documents.Adjustment",
    "receivables.documents.Application",
    "receivables.documents.CreditNote",
    "receivables.documents.Customer",
    "receivables.documents.Discount",
    "receivables.documents.Dispute",
    "receivables.documents.Invoice",
    "receivables.documents.Payment",
    "receivables.documents.PromiseToPay",
    "receivables.documents.RemittanceLine",
    "receivables.documents.Reversal",
    "receivables.documents.parse_date",
    "receivables.documents.parse_member",
    "receivables.dunning.BureauReport",
    "receivables.dunning.BureauRules",
    "receivables.dunning.CollectionStrategy",
    "receivables.dunning.ContactAttempt",
    "receivables.dunning.ContactRules",
    "receivables.dunning.DunningAccount",
    "receivables.dunning.DunningDecision",
    "receivables.dunning.DunningRun",
    "receivables.dunning.DunningStep",
    "receivables.dunning.FrequencyCap",
    "receivables.dunning.Level",
    "receivables.dunning.Track",
    "receivables.dunning.WorklistEntry",
    "receivables.dunning.WorklistPolicy",
    "receivables.dunning.pauses.account_status",
    "receivables.dunning.pauses.customer_stopped",
    "receivables.dunning.pauses.hold",
    "receivables.dunning.pauses.promise_facts",
    "receivables.dunning.run",
    "receivables.dunning.worklist",
    "receivables.formatting.Formatter",
    "receivables.formatting.currency_symbol",
    "receivables.formatting.display_digits",
    "receivables.formatting.format_amount",
    "receivables.formatting.format_date",
    "receivables.formatting.format_money",
    "receivables.formatting.format_percent",
    "receivables.formatting.locale_of",
    "receivables.frames.frame_to_open_items",
    "receivables.frames.open_items_frame",
    "receivables.frames.records_frame",
    "receivables.frames.statement_frame",
    "receivables.guarantees.Guarantee",
    "receivables.guarantees.GuaranteeFact",
    "receivables.guarantees.GuaranteePolicy",
    "receivables.guarantees.RenewalItem",
    "receivables.guarantees.assess",
    "receivables.guarantees.renewal_list",
    "receivables.interop.from_json",
    "receivables.interop.structure",
    "receivables.interop.to_json",
    "receivables.interop.unstructure",
    "receivables.journal.AccountMap",
    "receivables.journal.JournalEntry",
    "receivables.journal.JournalLine",
    "receivables.journal.adjustment_entry",
    "receivables.journal.bad_debt_write_off",
    "receivables.journal.cash_application",
    "receivables.journal.credit_offset",
    "receivables.journal.direct_write_off",
    "receivables.journal.entry",
    "receivables.journal.fx_difference",
    "receivables.journal.interest_and_fees",
    "receivables.journal.recovery",
    "receivables.journal.refund",
    "receivables.journal.small_balance_write_off",
    "receivables.latecharges.InterestPeriod",
    "receivables.latecharges.LateCharge",
    "receivables.latecharges.LateChargeAssessment",
    "receivables.latecharges.LateChargePolicy",
    "receivables.latecharges.ReferenceRate",
    "receivables.latecharges.assess",
    "receivables.latecharges.debit_note",
    "receivables.latecharges.journal_entry",
    "receivables.ledger.Balance",
    "receivables.ledger.Ledger",
    "receivables.ledger.OpenItem",
    "receivables.metrics.PaymentTrend",
    "receivables.metrics.RollForward",
    "receivables.metrics.Settlement",
    "receivables.metrics.ar_turnover",
    "receivables.metrics.average_days_delinquent",
    "receivables.metrics.average_days_to_pay",
    "receivables.metrics.best_possible_dso",
    "receivables.metrics.collection_effectiveness_index",
    "receivables.metrics.countback_dso",
    "receivables.metrics.countback_dso_bulk",
    "receivables.metrics.days_to_pay_trend",
    "receivables.metrics.dso",
    "receivables.metrics.month_lengths",
    "receivables.metrics.percent_current",
    "receivables.metrics.percent_over",
    "receivables.metrics.roll_forward",
    "receivables.money.Money",
    "receivables.money.Rate",
    "receivables.money.RateTable",
    "receivables.money.allocate",
    "receivables.money.currency_digits",
    "receivables.money.from_minor",
    "receivables.money.is_zero",
    "receivables.money.money",
    "receivables.money.plain_decimal",
    "receivables.money.split_evenly",
    "receivables.money.to_minor",
    "receivables.money.total",
    "receivables.money.zero",
    "receivables.outputs.aging_workbook.aging_workbook",
    "receivables.outputs.cashapp_workbook.Confirmation",
    "receivables.outputs.cashapp_workbook.cashapp_workbook",
    "receivables.outputs.cashapp_workbook.read_confirmations",
    "receivables.outputs.cells.cell_number",
    "receivables.outputs.cells.column_letter",
    "receivables.outputs.cells.date_format",
    "receivables.outputs.cells.minor_cell",
    "receivables.outputs.cells.new_workbook",
    "receivables.outputs.cells.number_format",
    "receivables.outputs.cells.rounded_sum",
    "receivables.outputs.cells.sheet_name",
    "receivables.outputs.cells.total_formula",
    "receivables.outputs.cells.workbook_bytes",
    "receivables.outputs.creditor_reference.creditor_reference",
    "receivables.outputs.creditor_reference.is_valid",
    "receivables.outputs.creditor_reference.printed",
    "receivables.outputs.creditor_reference.statement_reference",
    "receivables.outputs.dunning_workbook.dunning_workbook",
    "receivables.outputs.labels.bucket_words",
    "receivables.outputs.labels.language",
    "receivables.outputs.labels.words",
    "receivables.outputs.labels.yes_no",
    "receivables.outputs.pdf.Letterhead",
    "receivables.outputs.pdf.dunning_letter_pdf",
    "receivables.outputs.pdf.statement_pdf",
    "receivables.outputs.statement_workbook.statement_workbook",
    "receivables.partitions.partition_of",
    "receivables.partitions.run_partitioned",
    "receivables.partitions.sorted_merge",
    "receivables.partitions.split",
    "receivables.partitions.split_ledger",
    "receivables.partitions.with_dask",
    "receivables.payment_references.DepositLayout",
    "receivables.payment_references.PaymentReference",
    "receivables.payment_references.ReferencePolicy",
    "receivables.payment_references.Verification",
    "receivables.payment_references.check_digit",
    "receivables.payment_references.creditor_reference",
    "receivables.payment_references.is_valid",
    "receivables.payment_references.issue",
    "receivables.payment_references.parse",
    "receivables.payment_references.printed",
    "receivables.payment_references.recognise",
    "receivables.payment_references.statement_reference",
    "receivables.payment_references.verify",
    "receivables.plans.ApprovalTier",
    "receivables.plans.CalendarAdjuster",
    "receivables.plans.Installment",
    "receivables.plans.InstallmentPosition",
    "receivables.plans.PaymentPlan",
    "receivables.plans.PlanDecision",
    "receivables.plans.PlanPolicy",
    "receivables.plans.PlanTerms",
    "receivables.plans.PlanTracking",
    "receivables.plans.RiskLimit",
    "receivables.plans.build_plan",
    "receivables.plans.carried_balance",
    "receivables.plans.due_dates",
    "receivables.plans.evaluate",
    "receivables.plans.renegotiate",
    "receivables.plans.track",
    "receivables.plans.year_fraction",
    "receivables.plots.aging_chart",
    "receivables.plots.dso_chart",
    "receivables.plots.outcomes_chart",
    "receivables.policies.approvals.Approval",
    "receivables.policies.approvals.ApprovalPolicy",
    "receivables.policies.approvals.ApprovalTier",
    "receivables.policies.approvals.authority_rank",
    "receivables.policies.approvals.check_ladder",
    "receivables.policies.approvals.parse_authority",
    "receivables.policies.credit.CreditFacts",
    "receivables.policies.credit.CreditLimitRequest",
    "receivables.policies.credit.CreditPolicy",
    "receivables.policies.credit.Exposure",
    "receivables.policies.credit.LimitDecision",
    "receivables.policies.credit.OrderDecision",
    "receivables.policies.credit.OrderRequest",
    "receivables.policies.credit.RiskClass",
    "receivables.policies.credit.TemporaryIncrease",
    "receivables.policies.credit.evaluate_limit_request",
    "receivables.policies.credit.evaluate_order",
    "receivables.policies.credit.exposure",
    "receivables.policies.credit.returned_payments",
    "receivables.policies.refunds.Offset",
    "receivables.policies.refunds.RefundDecision",
    "receivables.policies.refunds.RefundPolicy",
    "receivables.policies.refunds.evaluate_refund",
    "receivables.policies.writeoffs.BadDebtDecision",
    "receivables.policies.writeoffs.ItemWriteOff",
    "receivables.policies.writeoffs.LimitationPeriod",
    "receivables.policies.writeoffs.RecoveryDecision",
    "receivables.policies.writeoffs.SmallBalanceDecision",
    "receivables.policies.writeoffs.WriteOffPolicy",
    "receivables.policies.writeoffs.bad_debt",
    "receivables.policies.writeoffs.recover",
    "receivables.policies.writeoffs.small_balances",
    "receivables.progress.reporter",
    "receivables.promise_status.status_of",
    "receivables.promises.KeptRate",
    "receivables.promises.PromiseOutcome",
    "receivables.promises.PromisePolicy",
    "receivables.promises.judge",
    "receivables.promises.judge_promises",
    "receivables.promises.kept_rate_by_collector",
    "receivables.promises.kept_rate_by_customer",
    "receivables.promises.merge_rates",
    "receivables.provisions.AllowanceAdjustment",
    "receivables.provisions.BucketAllowance",
    "receivables.provisions.LossRate",
    "receivables.provisions.Provision",
    "receivables.provisions.ProvisionMatrix",
    "receivables.provisions.RollRate",
    "receivables.provisions.RollRateAnalysis",
    "receivables.provisions.adjust_allowance",
    "receivables.provisions.provision",
    "receivables.provisions.roll_rates",
    "receivables.readers.bai2.read_bai2",
    "receivables.readers.camt.read_camt",
    "receivables.readers.edi820.read_edi820",
    "receivables.readers.exports.ExportColumns",
    "receivables.readers.exports.ExportRead",
    "receivables.readers.exports.SkippedRow",
    "receivables.readers.exports.read_export",
    "receivables.readers.fixedwidth.read_asobancaria",
    "receivables.readers.fixedwidth.read_fixed_width",
    "receivables.readers.fixedwidth.read_lockbox",
    "receivables.readers.formats.payment_rows",
    "receivables.readers.formats.read",
    "receivables.readers.formats.summary",
    "receivables.readers.layouts.FieldLayout",
    "receivables.readers.layouts.Layout",
    "receivables.readers.layouts.RecordLayout",
    "receivables.readers.layouts.load_layout",
    "receivables.readers.mt940.read_mt940",
    "receivables.readers.nacha.read_nacha",
    "receivables.readers.numbers.Amounts",
    "receivables.readers.numbers.Days",
    "receivables.readers.numbers.amount_units",
    "receivables.readers.numbers.explain_amount",
    "receivables.readers.numbers.parse_amount",
    "receivables.readers.numbers.parse_amounts",
    "receivables.readers.numbers.parse_day",
    "receivables.readers.numbers.parse_days",
    "receivables.readers.numbers.sniff_decimal",
    "receivables.readers.numbers.text_column",
    "receivables.readers.profiles.ColumnMap",
    "receivables.readers.profiles.ExportProfile",
    "receivables.readers.profiles.export_profile",
    "receivables.readers.profiles.profile_from_json",
    "receivables.readers.results.Problems",
    "receivables.readers.results.ReadResult",
    "receivables.readers.results.read_bytes",
    "receivables.readers.results.read_text",
    "receivables.receipts.CollectorSummary",
    "receivables.receipts.LegalizationCheck",
    "receivables.receipts.ProvisionalReceipt",
    "receivables.receipts.ReceiptPolicy",
    "receivables.receipts.ReceiptReview",
    "receivables.receipts.legalize",
    "receivables.receipts.review",
    "receivables.reconciliation.accounts.our_lines",
    "receivables.reconciliation.accounts.reconcile",
    "receivables.reconciliation.lines.AccountLine",
    "receivables.reconciliation.lines.ColumnMapping",
    "receivables.reconciliation.policy.ReconciliationPolicy",
    "receivables.reconciliation.statement.Difference",
    "receivables.reconciliation.statement.Match",
    "receivables.reconciliation.statement.Reconciliation",
    "receivables.samples.Portfolio",
    "receivables.samples.generate",
    "receivables.statements.AgingBucket",
    "receivables.statements.AgingSummary",
    "receivables.statements.BalanceConfirmation",
    "receivables.statements.Statement",
    "receivables.statements.StatementLine",
    "receivables.statements.aging_summary",
    "receivables.statements.balance_confirmation",
    "receivables.statements.merge",
    "receivables.statements.statement",
    "receivables.statements.statements",
    "receivables.statements.to_csv",
    "receivables.statements.to_html",
    "receivables.statements.to_text",
    "receivables.targets.Agreement",
    "receivables.targets.CommitteeCase",
    "receivables.targets.Exposure",
    "receivables.targets.Recovery",
    "receivables.targets.Target",
    "receivables.targets.TargetPolicy",
    "receivables.targets.TargetReport",
    "receivables.targets.TargetRow",
    "receivables.targets.committee_list",
    "receivables.targets.progress",
    "receivables.terms.EarlyDiscount",
    "receivables.terms.Installment",
    "receivables.terms.PaymentTerms",
    "receivables.terms.TermLine",
    "receivables.terms.invoices_for",
    "receivables.terms.net",
    "receivables.terms.schedule",
    "receivables.validators.check_date",
    "receivables.validators.check_decimal",
    "receivables.validators.check_identifier",
    "receivables.validators.check_items",
    "receivables.validators.check_money",
    "receivables.validators.check_whole",
    "receivables.validators.date",
    "receivables.validators.flag",
    "receivables.validators.identifier",
    "receivables.validators.is_whole",
    "receivables.validators.whole_number",
)

NOT_FED: dict[str, str] = {
    "receivables.cashcount.CountOutcome": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.cheques.ChequeStatus": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.contracts.DayCount": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.contracts.Frequency": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.guarantees.GuaranteeKind": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.payment_references.Algorithm": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.payment_references.ReferenceKind": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.payment_references.Scheme": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.payment_references.VerificationOutcome": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.receipts.LegalizationStatus": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.targets.AgreementStatus": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.targets.TargetStatus": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.deliveries.notes.line_order": "a sort key over the module's own records, called by sorted() inside the engine",
    "receivables.deliveries.notes.note_order": "a sort key over the module's own records, called by sorted() inside the engine",
    "receivables.deliveries.report.finding_order": "a sort key over the module's own records, called by sorted() inside the engine",
    "receivables.reconciliation.lines.sort_key": "a sort key over the module's own records, called by sorted() inside the engine",
    "receivables.deliveries.report.FindingKind": (
        "an enum: looking up a member is Python's protocol (ValueError)"
    ),
    "receivables.reconciliation.lines.Book": (
        "an enum: looking up a member is Python's protocol (ValueError)"
    ),
    "receivables.reconciliation.lines.LineKind": (
        "an enum: looking up a member is Python's protocol (ValueError)"
    ),
    "receivables.reconciliation.statement.DifferenceKind": (
        "an enum: looking up a member is Python's protocol (ValueError)"
    ),
    "receivables.reconciliation.statement.MatchKind": (
        "an enum: looking up a member is Python's protocol (ValueError)"
    ),
    "receivables.reconciliation.differences.Context": (
        "an internal stage of reconcile over its own line objects (its input comes from reconcile, which the contract feeds)"
    ),
    "receivables.reconciliation.differences.counted": (
        "an internal stage of reconcile over its own line objects (its input comes from reconcile, which the contract feeds)"
    ),
    "receivables.reconciliation.differences.ours_only": (
        "an internal stage of reconcile over its own line objects (its input comes from reconcile, which the contract feeds)"
    ),
    "receivables.reconciliation.differences.pair_outcome": (
        "an internal stage of reconcile over its own line objects (its input comes from reconcile, which the contract feeds)"
    ),
    "receivables.reconciliation.differences.theirs_only": (
        "an internal stage of reconcile over its own line objects (its input comes from reconcile, which the contract feeds)"
    ),
    "receivables.reconciliation.matching.pairs": (
        "an internal stage of reconcile over its own line objects (its input comes from reconcile, which the contract feeds)"
    ),
    "receivables.cashapp.byamount.by_amount": (
        "a stage of cashapp.match over the engine's own index objects (its input comes from match, which the contract feeds)"
    ),
    "receivables.cashapp.byamount.choose_set": (
        "a stage of cashapp.match over the engine's own index objects (its input comes from match, which the contract feeds)"
    ),
    "receivables.cashapp.byamount.suggested_items": (
        "a stage of cashapp.match over the engine's own index objects (its input comes from match, which the contract feeds)"
    ),
    "receivables.cashapp.byreference.by_reference": (
        "a stage of cashapp.match over the engine's own index objects (its input comes from match, which the contract feeds)"
    ),
    "receivables.cashapp.byreference.near_referenced": (
        "a stage of cashapp.match over the engine's own index objects (its input comes from match, which the contract feeds)"
    ),
    "receivables.cashapp.decision.Clue": (
        "a stage of cashapp.match over the engine's own index objects (its input comes from match, which the contract feeds)"
    ),
    "receivables.cashapp.decision.Draft": (
        "a stage of cashapp.match over the engine's own index objects (its input comes from match, which the contract feeds)"
    ),
    "receivables.cashapp.decision.DraftLine": (
        "a stage of cashapp.match over the engine's own index objects (its input comes from match, which the contract feeds)"
    ),
    "receivables.cashapp.decision.clue": (
        "a stage of cashapp.match over the engine's own index objects (its input comes from match, which the contract feeds)"
    ),
    "receivables.cashapp.evidence.Clue": (
        "a stage of cashapp.match over the engine's own index objects (its input comes from match, which the contract feeds)"
    ),
    "receivables.cashapp.evidence.Evidence": (
        "a stage of cashapp.match over the engine's own index objects (its input comes from match, which the contract feeds)"
    ),
    "receivables.cashapp.evidence.choose": (
        "a stage of cashapp.match over the engine's own index objects (its input comes from match, which the contract feeds)"
    ),
    "receivables.cashapp.evidence.pairs": (
        "a stage of cashapp.match over the engine's own index objects (its input comes from match, which the contract feeds)"
    ),
    "receivables.cashapp.evidence.summary": (
        "a stage of cashapp.match over the engine's own index objects (its input comes from match, which the contract feeds)"
    ),
    "receivables.cashapp.identification.Who": (
        "a stage of cashapp.match over the engine's own index objects (its input comes from match, which the contract feeds)"
    ),
    "receivables.cashapp.identification.identified": (
        "a stage of cashapp.match over the engine's own index objects (its input comes from match, which the contract feeds)"
    ),
    "receivables.cashapp.identification.identify": (
        "a stage of cashapp.match over the engine's own index objects (its input comes from match, which the contract feeds)"
    ),
    "receivables.cashapp.identification.weigh": (
        "a stage of cashapp.match over the engine's own index objects (its input comes from match, which the contract feeds)"
    ),
    "receivables.cashapp.memory.Recall": (
        "a stage of cashapp.match over the engine's own index objects (its input comes from match, which the contract feeds)"
    ),
    "receivables.cashapp.memory.Remembered": (
        "a stage of cashapp.match over the engine's own index objects (its input comes from match, which the contract feeds)"
    ),
    "receivables.cashapp.openitems.OpenItems": (
        "a stage of cashapp.match over the engine's own index objects (its input comes from match, which the contract feeds)"
    ),
    "receivables.cashapp.settling.Context": (
        "a stage of cashapp.match over the engine's own index objects (its input comes from match, which the contract feeds)"
    ),
    "receivables.cashapp.settling.finish": (
        "a stage of cashapp.match over the engine's own index objects (its input comes from match, which the contract feeds)"
    ),
    "receivables.cashapp.settling.make_lines": (
        "a stage of cashapp.match over the engine's own index objects (its input comes from match, which the contract feeds)"
    ),
    "receivables.cashapp.settling.partial": (
        "a stage of cashapp.match over the engine's own index objects (its input comes from match, which the contract feeds)"
    ),
    "receivables.cashapp.settling.score": (
        "a stage of cashapp.match over the engine's own index objects (its input comes from match, which the contract feeds)"
    ),
    "receivables.cashapp.settling.settle": (
        "a stage of cashapp.match over the engine's own index objects (its input comes from match, which the contract feeds)"
    ),
    "receivables.cashapp.settling.settle_because": (
        "a stage of cashapp.match over the engine's own index objects (its input comes from match, which the contract feeds)"
    ),
    "receivables.decisions.Engine": "a typing Protocol: an interface, never called",
    "receivables.readers.layouts.FieldFormat": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.readers.layouts.RecordRole": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.readers.layouts.Scope": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.readers.results.Source": "a type alias, never called",
    "receivables.ledger.Strategy": "a type alias (a Callable), never called",
    "receivables.frames.MoneyAs": "a type alias (a Literal of two strings), never called",
    "receivables.__main__.main": "the command line: its own properties in test_robustness.py",
    "receivables.calendars.Roll": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.cashapp.matching.DifferenceAction": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.cashapp.matching.MatchOutcome": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.decisions.Decision": "a typing Protocol: an interface, never called",
    "receivables.decisions.Policy": "a typing Protocol: an interface, never called",
    "receivables.documents.AdjustmentKind": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.documents.CustomerStatus": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.documents.Direction": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.documents.InvoiceKind": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.documents.PaymentMethod": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.documents.PlanStatus": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.documents.ReversalKind": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.documents.SourceKind": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.dunning.Action": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.dunning.Outcome": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.dunning.PromiseStatus": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.errors.CurrencyMismatchError": "an error class: building one takes any values by design",
    "receivables.errors.DuplicateDocumentError": "an error class: building one takes any values by design",
    "receivables.errors.MissingRateError": "an error class: building one takes any values by design",
    "receivables.errors.OverApplicationError": "an error class: building one takes any values by design",
    "receivables.errors.PolicyError": "an error class: building one takes any values by design",
    "receivables.errors.ReceivablesError": "an error class: building one takes any values by design",
    "receivables.errors.UnknownDocumentError": "an error class: building one takes any values by design",
    "receivables.errors.ValidationError": "an error class: building one takes any values by design",
    "receivables.frames.OptionalDependencyError": "an error class: building one takes any values by design",
    "receivables.latecharges.DayCount": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.latecharges.RateBasis": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.ledger.ItemKind": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.partitions.Merge": "a typing Protocol: an interface, never called",
    "receivables.plans.BusinessDayAdjuster": "a typing Protocol: an interface, never called",
    "receivables.plans.DayCount": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.plans.FeeTreatment": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.plans.Frequency": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.plans.InstallmentStatus": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.plans.InterestMethod": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.plans.PlanOutcome": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.policies.approvals.ApprovalOutcome": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.policies.approvals.Authority": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.policies.credit.LimitOutcome": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.policies.credit.LimitRequestKind": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.policies.credit.OrderOutcome": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.policies.credit.PlanStanding": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.policies.refunds.RefundOutcome": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.policies.writeoffs.RecoveryOutcome": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.policies.writeoffs.WriteOffMethod": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.policies.writeoffs.WriteOffOutcome": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.progress.Updatable": "a typing Protocol: an interface, never called",
    "receivables.promises.PromiseStatus": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.statements.LineKind": "an enum: looking up a member is Python's protocol (ValueError)",
    "receivables.terms.LineValue": "an enum: looking up a member is Python's protocol (ValueError)",
}

# Entry points in modules other sessions own that let a raw exception out: the reason
# (the module and the exception) and a call that shows it. The contract does not feed
# these junk; a strict xfail test makes that call, so a fix turns it into an XPASS and
# the entry point must then leave this list, and joins the contract.
RAW: dict[str, tuple[str, tuple[tuple[object, ...], dict[str, object]]]] = {
    "receivables.cashapp.amounts.subsets_summing_to": (
        "receivables.cashapp.amounts: TypeError: int() argument must be a string, a bytes-like object or a real number, not 'NoneType'",
        ((), {"amounts": None, "target": None}),
    ),
    "receivables.cashapp.columns.day_number": (
        "receivables.cashapp.columns: AttributeError: 'NoneType' object has no attribute 'toordinal'",
        ((None,), {}),
    ),
    "receivables.cashapp.columns.minor_to_decimal": (
        "receivables.cashapp.columns: TypeError: conversion from NoneType to Decimal is not supported",
        ((None, None), {}),
    ),
    "receivables.cashapp.duplicates.duplicates": (
        "receivables.cashapp.duplicates: TypeError: 'NoneType' object is not iterable",
        ((), dict.fromkeys(["payers", "amounts", "currencies", "days", "references"])),
    ),
    "receivables.cashapp.duplicates.payer_key": (
        "receivables.cashapp.duplicates: AttributeError: 'NoneType' object has no attribute 'isascii'",
        ((), dict.fromkeys(["customer_id", "payer_account", "payer_name"])),
    ),
    "receivables.cashapp.duplicates.remittance_key": (
        "receivables.cashapp.duplicates: AttributeError: 'NoneType' object has no attribute 'strip'",
        ((None,), {}),
    ),
    "receivables.cashapp.matching.MatchDecision": (
        "receivables.cashapp.matching: ValueError: None is not a valid MatchOutcome",
        (
            (),
            {
                **dict.fromkeys(
                    [
                        "payment_id",
                        "customer_id",
                        "amount",
                        "unapplied",
                        "confidence",
                        "policy_id",
                        "policy_version",
                    ]
                ),
                "outcome": None,
            },
        ),
    ),
    "receivables.cashapp.payers.PayerIndex": (
        "receivables.cashapp.payers: TypeError: 'NoneType' object is not iterable",
        ((), {"ids": None, "names": None}),
    ),
    "receivables.cashapp.payers.name_key": (
        "receivables.cashapp.payers: AttributeError: 'NoneType' object has no attribute 'isascii'",
        ((None,), {}),
    ),
    "receivables.cashapp.payers.name_tokens": (
        "receivables.cashapp.payers: AttributeError: 'NoneType' object has no attribute 'isascii'",
        ((None,), {}),
    ),
    "receivables.cashapp.references.creditor_reference": (
        "receivables.cashapp.references: AttributeError: 'NoneType' object has no attribute 'isascii'",
        ((None,), {}),
    ),
    "receivables.cashapp.references.digits_key": (
        "receivables.cashapp.references: TypeError: 'NoneType' object is not iterable",
        ((None,), {}),
    ),
    "receivables.cashapp.references.extract_references": (
        "receivables.cashapp.references: AttributeError: 'NoneType' object has no attribute 'isascii'",
        ((None,), {}),
    ),
    "receivables.cashapp.references.invalid_creditor_references": (
        "receivables.cashapp.references: AttributeError: 'NoneType' object has no attribute 'isascii'",
        ((None,), {}),
    ),
    "receivables.cashapp.references.near_references": (
        "receivables.cashapp.references: TypeError: object of type 'NoneType' has no len()",
        ((), {"key": None, "keys": None}),
    ),
    "receivables.cashapp.references.reference_key": (
        "receivables.cashapp.references: AttributeError: 'NoneType' object has no attribute 'isascii'",
        ((None,), {}),
    ),
    "receivables.cashapp.references.strip_accents": (
        "receivables.cashapp.references: AttributeError: 'NoneType' object has no attribute 'isascii'",
        ((None,), {}),
    ),
    "receivables.outputs.cashapp_workbook.Confirmation": (
        "receivables.outputs.cashapp_workbook: ValueError: None is not a valid MatchOutcome",
        ((), {"payment_id": None, "outcome": None, "invoice_numbers": None, "customer_id": None}),
    ),
}

# Public methods, fed junk on a valid instance (``test_robustness.INSTANCES`` builds
# one per class); a test checks that every public method of those classes is here.
METHODS: tuple[str, ...] = (
    "receivables.aging.AgingLine.amount",
    "receivables.aging.AgingLine.by_bucket",
    "receivables.aging.AgingReport.customer",
    "receivables.aging.AgingReport.line",
    "receivables.aging.AgingReport.lines",
    "receivables.aging.AgingReport.merge",
    "receivables.aging.AgingReport.to_frame",
    "receivables.aging.AgingReport.total",
    "receivables.aging.AgingReport.totals",
    "receivables.ledger.Ledger.active_applications",
    "receivables.ledger.Ledger.add",
    "receivables.ledger.Ledger.allocate",
    "receivables.ledger.Ledger.apply",
    "receivables.ledger.Ledger.balance",
    "receivables.ledger.Ledger.balances",
    "receivables.ledger.Ledger.documents",
    "receivables.ledger.Ledger.of",
    "receivables.ledger.Ledger.open_items",
    "receivables.ledger.Ledger.return_payment",
    "receivables.ledger.Ledger.undo",
    "receivables.metrics.Settlement.days",
    "receivables.money.Money.quantized",
    "receivables.money.Money.round",
    "receivables.money.RateTable.convert",
    "receivables.money.RateTable.rate",
)


FIXED: dict[str, tuple[str, tuple[tuple[object, ...], dict[str, object]]]] = {
    "receivables.decisions.ReadOnlyMapping": (
        "data",
        ((5,), {}),
    ),
    "receivables.decisions.engine_departures": (
        "function",
        ((), {"function": None}),
    ),
    "receivables.documents.PromiseToPay": (
        "promise.items",
        (
            (),
            {
                "id": "PR1",
                "customer_id": "C1",
                "amount": None,
                "promised_date": None,
                "taken_on": None,
                "taken_by": "ana",
                "items": None,
            },
        ),
    ),
    "receivables.documents.parse_member": (
        "kind",
        ((), {"kind": None, "value": None, "field": None}),
    ),
    "receivables.dunning.DunningRun": (
        "dunning_run.decisions",
        ((), dict.fromkeys(["as_of", "strategy_id", "strategy_version", "decisions"])),
    ),
    "receivables.dunning.pauses.account_status": (
        "facts",
        ((), {"facts": None}),
    ),
    "receivables.dunning.pauses.customer_stopped": (
        "customer",
        ((), {"customer": None}),
    ),
    "receivables.dunning.pauses.hold": (
        "pending",
        (
            (),
            {
                "customer": None,
                "plan": None,
                "pending": None,
                "disputed": None,
                "overdue": None,
                "reasons": None,
            },
        ),
    ),
    "receivables.dunning.pauses.promise_facts": (
        "promises",
        (
            (),
            {
                "promises": None,
                "outcomes": None,
                "as_of": None,
                "open_numbers": None,
                "overdue": None,
            },
        ),
    ),
    "receivables.formatting.Formatter": (
        "locale",
        (([None],), {}),
    ),
    "receivables.formatting.locale_of": (
        "locale",
        (([None],), {}),
    ),
    "receivables.journal.AccountMap": (
        "account_map.accounts",
        ((), {"accounts": None}),
    ),
    "receivables.journal.JournalEntry": (
        "journal_entry.lines",
        ((), {"date": None, "memo": None, "lines": None}),
    ),
    "receivables.journal.JournalLine": (
        "journal_line.account",
        ((), {"account": None, "debit": None, "credit": None}),
    ),
    "receivables.journal.entry": (
        "accounts",
        ((), dict.fromkeys(["date", "memo", "accounts", "debits", "credits"])),
    ),
    "receivables.latecharges.debit_note": (
        "assessment",
        ((), {"assessment": None, "number": None}),
    ),
    "receivables.latecharges.journal_entry": (
        "assessment",
        ((), {"assessment": None, "accounts": None}),
    ),
    "receivables.ledger.Ledger.allocate": (
        "source_id",
        ((), {"source_id": {}, "on": dt.date(2026, 6, 30), "strategy": {}}),
    ),
    "receivables.ledger.Ledger.balance": (
        "customer_id",
        ((), {"customer_id": {}, "currency": "USD", "as_of": dt.date(2026, 6, 30)}),
    ),
    "receivables.ledger.Ledger.return_payment": (
        "payment_id",
        ((), {"payment_id": {}, "on": None}),
    ),
    "receivables.ledger.Ledger.undo": (
        "application_id",
        ((), {"application_id": [1], "on": None}),
    ),
    "receivables.outputs.cells.date_format": (
        "locale",
        ((), {"locale": [None]}),
    ),
    "receivables.outputs.cells.number_format": (
        "currency",
        ((), {"currency": [None]}),
    ),
    "receivables.outputs.cells.total_formula": (
        "first_row",
        ((), {"column": None, "first_row": None, "last_row": None, "currency": None}),
    ),
    "receivables.outputs.cells.workbook_bytes": (
        "workbook",
        ((), {"workbook": None}),
    ),
    "receivables.outputs.labels.bucket_words": (
        "locale",
        ((), {"label": [None], "lower": [None], "upper": [None], "locale": [None]}),
    ),
    "receivables.outputs.labels.language": (
        "locale",
        ((), {"locale": [None]}),
    ),
    "receivables.outputs.labels.words": (
        "locale",
        ((), {"locale": [None]}),
    ),
    "receivables.outputs.labels.yes_no": (
        "locale",
        ((), {"value": [None], "locale": [None]}),
    ),
    "receivables.outputs.pdf.Letterhead": (
        "letterhead.name",
        ((), {"name": None}),
    ),
    "receivables.outputs.statement_workbook.statement_workbook": (
        "locale",
        ((), {"statements": [], "locale": [None]}),
    ),
    "receivables.plans.PaymentPlan": (
        "plan.installments",
        (
            (),
            dict.fromkeys(
                [
                    "id",
                    "customer_id",
                    "plan_date",
                    "balance",
                    "down_payment",
                    "interest",
                    "fee",
                    "terms",
                    "installments",
                ]
            ),
        ),
    ),
    "receivables.plans.PlanPolicy": (
        "plan_policy.limits",
        ((), {"limits": None}),
    ),
    "receivables.plans.carried_balance": (
        "tracking",
        ((None,), {}),
    ),
    "receivables.plots.aging_chart": (
        "locale",
        ((), {"buckets": [None], "locale": [None]}),
    ),
    "receivables.plots.dso_chart": (
        "locale",
        ((), {"points": [None], "locale": [None]}),
    ),
    "receivables.plots.outcomes_chart": (
        "locale",
        ((), {"outcomes": [None], "locale": [None]}),
    ),
    "receivables.policies.approvals.ApprovalPolicy": (
        "approval_policy.tiers",
        ((), {"tiers": None}),
    ),
    "receivables.policies.approvals.parse_authority": (
        "error",
        ((), {"value": None, "error": None}),
    ),
    "receivables.policies.credit.CreditPolicy": (
        "credit_policy.hold_statuses",
        ((), {"hold_statuses": None}),
    ),
    "receivables.policies.credit.returned_payments": (
        "as_of",
        ((), {"reversals": None, "as_of": None, "months": None}),
    ),
    "receivables.policies.writeoffs.WriteOffPolicy": (
        "write_off_policy.write_off_statuses",
        ((), {"write_off_statuses": None}),
    ),
    "receivables.policies.writeoffs.small_balances": (
        "items",
        ((dt.date(2026, 6, 30), dt.date(2026, 6, 30)), {}),
    ),
    "receivables.promise_status.status_of": (
        "paid",
        ((), {"paid": None, "wanted": None, "tolerance": None, "as_of": None, "deadline": None}),
    ),
    "receivables.promises.PromisePolicy": (
        "promise_policy.tolerances",
        ((), {"tolerances": None}),
    ),
    "receivables.promises.kept_rate_by_collector": (
        "outcomes",
        ((None,), {}),
    ),
    "receivables.promises.kept_rate_by_customer": (
        "outcomes",
        ((None,), {}),
    ),
    "receivables.promises.merge_rates": (
        "partitions[0]",
        ((None,), {}),
    ),
    "receivables.provisions.ProvisionMatrix": (
        "rates",
        ((), {"rates": None}),
    ),
    "receivables.provisions.roll_rates": (
        "labels[0]",
        (([{}], [], [[]]), {}),
    ),
    "receivables.readers.fixedwidth.read_fixed_width": (
        "layout",
        ((), {"data": None, "layout": None}),
    ),
    "receivables.readers.formats.payment_rows": (
        "payments",
        ((), {"payments": None}),
    ),
    "receivables.readers.formats.read": (
        "format",
        ((), {"kind": [None], "data": [None], "source": [None]}),
    ),
    "receivables.readers.formats.summary": (
        "result",
        ((), {"result": None}),
    ),
    "receivables.readers.layouts.FieldLayout": (
        "field_layout.format",
        ((), {"name": None, "start": None, "length": None, "format": None}),
    ),
    "receivables.readers.layouts.Layout": (
        "layout.records",
        (
            (),
            {
                "id": None,
                "version": None,
                "currency": None,
                "type_length": None,
                "records": None,
                "method": None,
            },
        ),
    ),
    "receivables.readers.layouts.RecordLayout": (
        "record_layout.role",
        ((), {"code": None, "role": None}),
    ),
    "receivables.readers.layouts.load_layout": (
        "layout",
        ((), {"name_or_json": None}),
    ),
    "receivables.readers.numbers.amount_units": (
        "amounts",
        ((), {"amounts": None, "digits": None}),
    ),
    "receivables.readers.numbers.explain_amount": (
        "text",
        ((), {"text": None, "decimal": None}),
    ),
    "receivables.readers.numbers.parse_amounts": (
        "values",
        ((), {"cells": None}),
    ),
    "receivables.readers.numbers.sniff_decimal": (
        "values",
        ((), {"cells": None}),
    ),
    "receivables.readers.numbers.text_column": (
        "values",
        ((), {"values": None}),
    ),
    "receivables.validators.check_decimal": (
        "error",
        ((), {"field": None, "value": None, "error": None}),
    ),
    "receivables.validators.check_identifier": (
        "error",
        ((), {"field": None, "value": None, "error": None}),
    ),
    "receivables.validators.check_money": (
        "error",
        ((), {"field": None, "value": None, "positive": None, "error": None}),
    ),
    "receivables.validators.check_whole": (
        "error",
        ((), {"field": None, "value": None, "error": None}),
    ),
}
"""Calls that let a raw exception out before issue 15's second pass, with the field each now names."""
