"""What does each heading, outcome and action say to a reader in Spanish or in English?

The words of the workbooks and PDFs, written here because CLDR (babel) has
numbers, dates and currency names but no words for "unapplied cash" or
"promise broken". A locale whose language is Spanish (es_CO, es_MX, es_PA,
es_PR, ...) reads Spanish, any other English. Amounts and dates are not
here: :mod:`receivables.formatting` writes them from CLDR.

Every outcome, action and promise status of the engines has its words in
both languages (a test checks it), so a sheet never shows a bare code.

>>> words("es_CO")["unapplied"], words("en_US")["unapplied"], words("fr_FR")["unapplied"]
('Sin aplicar', 'Unapplied', 'Unapplied')
>>> bucket_words("over 120", 121, None, "es_MX"), bucket_words("1-30", 1, 30, "en_US")
('Más de 120 días', '1-30 days')
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from receivables.decisions import ReadOnlyMapping
from receivables.formatting import locale_of

__all__ = ["LANGUAGES", "bucket_words", "language", "words", "yes_no"]

LANGUAGES: Final = ("en", "es")
"""The languages the outputs are written in; other locales read English."""

_EN: Final = {
    # sheets
    "aging": "Aging",
    "applied_sheet": "Applied",
    "proposed_sheet": "Proposed",
    "unidentified_sheet": "Unidentified",
    "duplicates_sheet": "Duplicates",
    "worklist": "Worklist",
    "dunning_run": "Dunning run",
    "statement": "Statement of account",
    # columns
    "customer": "Customer",
    "name": "Name",
    "currency": "Currency",
    "unapplied": "Unapplied",
    "outstanding": "Outstanding",
    "total": "Total",
    "payment": "Payment",
    "date": "Date",
    "amount": "Amount",
    "applied": "Applied",
    "invoices": "Invoices",
    "confidence": "Confidence",
    "result": "Result",
    "difference": "Difference",
    "difference_action": "Difference treated as",
    "alternatives": "Alternatives",
    "suggestions": "Possible customers",
    "likely_customer": "Most likely customer",
    "duplicate_of": "Duplicate of",
    "reasons": "Why",
    "confirm": "Confirm: OK, or the right invoice numbers",
    "confirm_customer": "Right customer (if another)",
    "rank": "Rank",
    "points_amount": "Points: amount",
    "points_age": "Points: age",
    "points_promise": "Points: promise",
    "points_value": "Points: customer value",
    "score": "Score",
    "overdue": "Overdue",
    "days_overdue": "Days overdue",
    "outcome": "Outcome",
    "action": "Next action",
    "promise": "Promise",
    "level": "Level",
    "template": "Template",
    "track": "Track",
    "items": "Items",
    "not_before": "Not before",
    "needs_approval": "Needs approval",
    "corrections": "Bureau corrections",
    "as_of": "As of",
    "period": "Period",
    "kind": "Type",
    "document": "Document",
    "reference": "Reference",
    "debit": "Debit",
    "credit": "Credit",
    "balance": "Balance",
    "opening": "Opening balance",
    "closing": "Closing balance",
    "unapplied_cash": "Unapplied cash",
    "unapplied_credit": "Unapplied credit",
    "due": "Due",
    "open": "Open",
    "current": "Current",
    "days": "days",
    "over": "Over",
    "yes": "Yes",
    "no": "No",
    # letters
    "page": "Page",
    "pay_with_reference": "Please quote this payment reference with your payment",
    "amount_due": "Amount due",
    "dear": "Dear",
    "letter_reminder": "Payment reminder",
    "letter_final": "Final notice before collection action",
    "letter_body": (
        "Our records show the following items on your account past their due date. "
        "If you have already paid, please accept our thanks and disregard this letter; "
        "otherwise please pay the amount due or contact us."
    ),
    "letter_final_body": (
        "Despite our earlier reminders, the following items remain unpaid. "
        "Unless we receive payment or hear from you, we will take the next step "
        "of collection without further notice."
    ),
    "sincerely": "Sincerely,",
    # outcomes of cash application
    "outcome_applied": "Applied",
    "outcome_proposed": "Proposed, to confirm",
    "outcome_unidentified": "Customer not identified",
    "outcome_duplicate": "Duplicate payment",
    "outcome_on_account": "On account (nothing to apply)",
    "difference_none": "None",
    "difference_write_off": "Written off",
    "difference_bank_fee": "Bank fee",
    "difference_deduction": "Deduction (left open)",
    "difference_partial": "Partial payment (left open)",
    "difference_fx_difference": "Exchange difference",
    # dunning
    "dunning_act": "Act now",
    "dunning_wait": "Due, not yet allowed",
    "dunning_paused": "Paused",
    "dunning_none": "Nothing due",
    "action_email": "Email",
    "action_sms": "Text message",
    "action_call": "Phone call",
    "action_letter": "Letter",
    "action_pre_legal": "Pre-legal notice",
    "action_legal": "Legal action",
    "action_agency": "Collection agency",
    "action_bureau_notice": "Notice before credit bureau report",
    "action_bureau_report": "Credit bureau report",
    "action_block": "Block the account",
    "promise_none": "No promise",
    "promise_pending": "Promise pending",
    "promise_kept": "Promise kept",
    "promise_partly_kept": "Promise partly kept",
    "promise_broken": "Promise broken",
    # statement lines
    "line_invoice": "Invoice",
    "line_debit_note": "Debit note",
    "line_credit_note": "Credit note",
    "line_payment": "Payment",
    "line_returned_payment": "Returned payment",
    "line_discount": "Discount",
    "line_discount_reversed": "Discount reversed",
    "line_write_off": "Write-off",
    "line_fee": "Fee",
    "line_interest": "Interest",
    "line_adjustment": "Adjustment",
    "line_application": "Application",
    "line_application_undone": "Application undone",
}

_ES: Final = {
    "aging": "Cartera por edades",
    "applied_sheet": "Aplicados",
    "proposed_sheet": "Propuestos",
    "unidentified_sheet": "Sin identificar",
    "duplicates_sheet": "Duplicados",
    "worklist": "Lista de gestión",
    "dunning_run": "Corrida de cobranza",
    "statement": "Estado de cuenta",
    "customer": "Cliente",
    "name": "Nombre",
    "currency": "Moneda",
    "unapplied": "Sin aplicar",
    "outstanding": "Saldo",
    "total": "Total",
    "payment": "Pago",
    "date": "Fecha",
    "amount": "Valor",
    "applied": "Aplicado",
    "invoices": "Facturas",
    "confidence": "Confianza",
    "result": "Resultado",
    "difference": "Diferencia",
    "difference_action": "Diferencia tratada como",
    "alternatives": "Alternativas",
    "suggestions": "Posibles clientes",
    "likely_customer": "Cliente más probable",
    "duplicate_of": "Duplicado de",
    "reasons": "Por qué",
    "confirm": "Confirmar: OK, o los números de factura correctos",
    "confirm_customer": "Cliente correcto (si es otro)",
    "rank": "Orden",
    "points_amount": "Puntos: valor",
    "points_age": "Puntos: antigüedad",
    "points_promise": "Puntos: promesa",
    "points_value": "Puntos: valor del cliente",
    "score": "Puntaje",
    "overdue": "Vencido",
    "days_overdue": "Días de mora",
    "outcome": "Resultado",
    "action": "Siguiente acción",
    "promise": "Promesa",
    "level": "Nivel",
    "template": "Plantilla",
    "track": "Ruta",
    "items": "Documentos",
    "not_before": "No antes del",
    "needs_approval": "Requiere aprobación",
    "corrections": "Correcciones a centrales",
    "as_of": "Corte al",
    "period": "Periodo",
    "kind": "Tipo",
    "document": "Documento",
    "reference": "Referencia",
    "debit": "Débito",
    "credit": "Crédito",
    "balance": "Saldo",
    "opening": "Saldo inicial",
    "closing": "Saldo final",
    "unapplied_cash": "Pagos sin aplicar",
    "unapplied_credit": "Créditos sin aplicar",
    "due": "Vence",
    "open": "Pendiente",
    "current": "Corriente",
    "days": "días",
    "over": "Más de",
    "yes": "Sí",
    "no": "No",
    "page": "Página",
    "pay_with_reference": "Por favor indique esta referencia de pago al pagar",
    "amount_due": "Valor a pagar",
    "dear": "Señores",
    "letter_reminder": "Recordatorio de pago",
    "letter_final": "Último aviso antes de iniciar el cobro",
    "letter_body": (
        "Según nuestros registros, los siguientes documentos de su cuenta están vencidos. "
        "Si ya realizó el pago, le agradecemos y le pedimos omitir esta carta; "
        "de lo contrario, por favor pague el valor indicado o comuníquese con nosotros."
    ),
    "letter_final_body": (
        "A pesar de nuestros recordatorios anteriores, los siguientes documentos siguen "
        "sin pagar. Si no recibimos el pago o noticias suyas, iniciaremos la siguiente "
        "etapa de cobro sin más aviso."
    ),
    "sincerely": "Atentamente,",
    "outcome_applied": "Aplicado",
    "outcome_proposed": "Propuesto, por confirmar",
    "outcome_unidentified": "Cliente no identificado",
    "outcome_duplicate": "Pago duplicado",
    "outcome_on_account": "A cuenta (nada por aplicar)",
    "difference_none": "Ninguna",
    "difference_write_off": "Castigada",
    "difference_bank_fee": "Comisión bancaria",
    "difference_deduction": "Deducción (queda pendiente)",
    "difference_partial": "Pago parcial (queda pendiente)",
    "difference_fx_difference": "Diferencia en cambio",
    "dunning_act": "Actuar hoy",
    "dunning_wait": "Pendiente, aún no permitido",
    "dunning_paused": "En pausa",
    "dunning_none": "Nada pendiente",
    "action_email": "Correo electrónico",
    "action_sms": "Mensaje de texto",
    "action_call": "Llamada",
    "action_letter": "Carta",
    "action_pre_legal": "Aviso prejurídico",
    "action_legal": "Cobro jurídico",
    "action_agency": "Agencia de cobranza",
    "action_bureau_notice": "Aviso previo al reporte a centrales de riesgo",
    "action_bureau_report": "Reporte a centrales de riesgo",
    "action_block": "Bloquear la cuenta",
    "promise_none": "Sin promesa",
    "promise_pending": "Promesa vigente",
    "promise_kept": "Promesa cumplida",
    "promise_partly_kept": "Promesa cumplida en parte",
    "promise_broken": "Promesa incumplida",
    "line_invoice": "Factura",
    "line_debit_note": "Nota débito",
    "line_credit_note": "Nota crédito",
    "line_payment": "Pago",
    "line_returned_payment": "Pago devuelto",
    "line_discount": "Descuento",
    "line_discount_reversed": "Descuento reversado",
    "line_write_off": "Castigo",
    "line_fee": "Cargo",
    "line_interest": "Intereses",
    "line_adjustment": "Ajuste",
    "line_application": "Aplicación",
    "line_application_undone": "Aplicación reversada",
}

_WORDS: Final = {"en": ReadOnlyMapping(_EN), "es": ReadOnlyMapping(_ES)}


def language(locale: str) -> str:
    """The language the outputs use for ``locale``: ``es`` or ``en``.

    >>> language("es_PR"), language("en_US"), language("pt_BR")
    ('es', 'en', 'en')
    """
    code = str(locale_of(locale).language)
    return code if code in _WORDS else "en"


def words(locale: str) -> Mapping[str, str]:
    """Every word of the outputs, in ``locale``'s language (read-only).

    >>> words("es_PA")["reasons"]
    'Por qué'
    """
    return _WORDS[language(locale)]


def yes_no(value: bool, locale: str) -> str:
    """Yes or no in ``locale``'s language.

    >>> yes_no(True, "es_CO"), yes_no(False, "en_US")
    ('Sí', 'No')
    """
    return words(locale)["yes" if value else "no"]


def bucket_words(label: str, lower: int | None, upper: int | None, locale: str) -> str:
    """An aging bucket's heading: *current*, ``1-30 days``, ``Over 120 days``, localized.

    A bucket closed at both ends reads ``lower-upper days``; the first (open
    below) reads *current* when it ends at day 0, else the policy's own label.

    >>> [bucket_words(*b, "es_CO") for b in [("current", None, 0), ("31-60", 31, 60)]]
    ['Corriente', '31-60 días']
    >>> bucket_words("not yet due", None, 5, "en_US")
    'not yet due'
    """
    table = words(locale)
    if lower is None:
        return table["current"] if upper == 0 else label
    if upper is None:
        return f"{table['over']} {lower - 1} {table['days']}"
    return f"{lower}-{upper} {table['days']}"
