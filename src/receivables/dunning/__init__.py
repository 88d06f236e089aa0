"""Who do we chase today, how, and why not the others?

A :class:`~receivables.dunning.CollectionStrategy` is data: per segment or risk class a *track* of
dunning :class:`~receivables.dunning.Level` s, each reached at a number of days overdue and a
minimum amount, with an :class:`~receivables.dunning.Action` (email, SMS, call, letter, pre-legal,
legal, agency, credit-bureau report, block), a template key, the minimum
interval before the next step, whether it needs approval and whether it may be
skipped. :func:`~receivables.dunning.run` reads one :class:`~receivables.dunning.DunningAccount` per customer and returns
a :class:`~receivables.dunning.DunningRun`: for every customer the next step, or why there is none,
as a :class:`~receivables.dunning.DunningDecision` whose ``reasons`` carry stable codes.

The rules, in the order they are applied:

1. **Pauses.** A customer who is not ``active`` or ``blocked`` (bankrupt,
   deceased, ...) is not dunned (``customer_status``). A payment plan that is
   ``current`` pauses the account (``payment_plan_current``). A promise to pay
   not yet due pauses the items it names, or the account when it names none
   (``promise_pending``); "not yet due" is the one rule of
   :mod:`receivables.promise_status`, and promises judged against payments by
   :mod:`receivables.promises` (``DunningAccount.promise_outcomes``, grace days
   included) are taken as facts. An open :class:`~receivables.documents.Dispute`
   takes its item out of the run (``items_disputed``); when every overdue
   item is disputed or promised, the account is paused (``all_overdue_paused``).
2. **Levels.** Of the overdue items left, the oldest gives the days overdue and
   their open amounts, less the customer's unapplied credits, the amount. The
   next level after the last step sent is due when the account meets its days
   and amount (``level_reached``). A level is never skipped unless the
   strategy marks it ``skippable`` (``levels_skipped``); the minimum interval
   since the last step must have passed (``min_interval_not_elapsed``).
3. **Contact rules** (for the actions in ``ContactRules.timed_actions``): the
   customer's local weekdays and hours, in the customer's time zone
   (``zoneinfo``), and the country's public holidays
   (:mod:`receivables.calendars`). The default window, 08:00 to 21:00 local time, is the one the
   US FDCPA §805(a)(1) and Regulation F 12 CFR §1006.6(b)(1)(i) presume
   convenient. Frequency caps count contact attempts in a rolling window: by
   default no more than seven calls within seven consecutive days, and none
   for seven days after a telephone conversation (the day of the
   conversation counting as the first), the "7-in-7" presumption of
   Regulation F 12 CFR §1006.14(b)(2). The run treats one account as one debt;
   a host that needs the cap per debt passes one account per debt.
4. **Credit-bureau reporting** is eligible only when the amount is at least
   ``BureauRules.min_amount`` and a prior notice was sent at least
   ``notice_days`` before (``bureau_notice_period``); without a notice the
   step is the notice itself (``bureau_notice_required``). Colombia's Ley 1266
   de 2008, art. 12, allows the negative report only 20 calendar days after
   the notice was sent to the debtor; the period runs from the latest notice
   on file (in ``bureau_notices``, or a step whose action is ``bureau_notice``,
   which never counts as the level itself). Items reported before and now paid
   produce a correction (``bureau_correction_due``), whatever the outcome,
   until a correction dated on or after the item's latest report is on file.

A run is deterministic (decisions sorted by customer id) and partitionable:
split the accounts by customer, run the parts anywhere, and
:meth:`~receivables.dunning.DunningRun.merge` them; merging is associative and
``run(A + B) == run(A).merge(run(B))``. :func:`~receivables.dunning.worklist` ranks the accounts
still in collections for collectors by amount at risk, age, promise status and
customer value, with every score component in the entry's reasons.

The package, one concept per module: :mod:`~receivables.dunning.levels`
(actions, levels and tracks, and the level rules),
:mod:`~receivables.dunning.strategy` (the strategy),
:mod:`~receivables.dunning.accounts` (accounts and their history),
:mod:`~receivables.dunning.pauses`, :mod:`~receivables.dunning.contact`
(contact windows and frequency caps), :mod:`~receivables.dunning.bureau`
(bureau notices, reports and corrections), :mod:`~receivables.dunning.steps`
(one account's decision), :mod:`~receivables.dunning.runs` (the run and its merge) and :mod:`~receivables.dunning.worklists`. Every
public name is importable from ``receivables.dunning`` itself.

>>> import datetime as dt
>>> from receivables.documents import Customer
>>> from receivables.ledger import ItemKind, OpenItem
>>> from receivables.money import money
>>> strategy = CollectionStrategy(id="collections", version="1", tracks=[
...     Track(name="default", levels=[
...         Level(action="email", days_overdue=1, template="reminder", min_interval_days=7),
...         Level(action="call", days_overdue=15, template="call_script"),
...     ])])
>>> customer = Customer(id="C1", name="Acme", country="US", timezone="America/New_York")
>>> item = OpenItem(number="INV-1", customer_id="C1", kind=ItemKind.INVOICE,
...     document_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 1, 31),
...     original=money("500.00", "USD"), open=money("500.00", "USD"))
>>> result = run([DunningAccount(customer=customer, items=[item])],
...              as_of=dt.date(2026, 2, 3), strategy=strategy)
>>> decision = result.decisions[0]
>>> decision.outcome, decision.action, decision.level, decision.template
(<Outcome.ACT: 'act'>, <Action.EMAIL: 'email'>, 1, 'reminder')
>>> [reason.code for reason in decision.reasons]
['level_reached']
"""

from receivables.documents import PlanStatus
from receivables.dunning.accounts import ContactAttempt, DunningAccount, DunningStep
from receivables.dunning.bureau import BureauReport, BureauRules
from receivables.dunning.contact import ContactRules, FrequencyCap
from receivables.dunning.levels import Action, Level, Track
from receivables.dunning.runs import DunningRun, run
from receivables.dunning.steps import DunningDecision, Outcome
from receivables.dunning.strategy import CollectionStrategy
from receivables.dunning.worklists import WorklistEntry, WorklistPolicy, worklist
from receivables.promise_status import PromiseStatus

__all__ = [
    "Action",
    "BureauReport",
    "BureauRules",
    "CollectionStrategy",
    "ContactAttempt",
    "ContactRules",
    "DunningAccount",
    "DunningDecision",
    "DunningRun",
    "DunningStep",
    "FrequencyCap",
    "Level",
    "Outcome",
    "PlanStatus",
    "PromiseStatus",
    "Track",
    "WorklistEntry",
    "WorklistPolicy",
    "run",
    "worklist",
]
