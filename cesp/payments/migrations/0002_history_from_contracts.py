"""The payments made so far (``contracts.Payment``) become the ledger's history.

Each row is copied as a ``PaymentLine`` of origin ``history``, paid on its date, with the
breakdown of its month when its net is the rule's (otherwise the CSG/CRDS split is not
known and stays empty). The payer is frozen here as the rule said when written
(décret 2025-270 art. 3, ``cesp.rules.authority``): the ASP for contracts concluded from
26 March 2025, the CNG for a payment made until 31 December 2025, the ASP after.
"""

from datetime import date

from django.db import migrations

from cesp.rules.months import Month
from cesp.rules.payslip import month_breakdown

ASP_DIRECT_FROM = date(2025, 3, 26)
CNG_UNTIL = date(2025, 12, 31)


def copy_history(apps, schema_editor):
    Payment = apps.get_model("contracts", "Payment")
    PaymentLine = apps.get_model("payments", "PaymentLine")
    lines = []
    for payment in Payment.objects.select_related("contract").order_by("pk").iterator():
        signed = payment.contract.signature_date
        if signed >= ASP_DIRECT_FROM or payment.paid_on > CNG_UNTIL:
            payer = "asp"
        else:
            payer = "cng"
        breakdown = month_breakdown(Month.of(payment.month))
        sign = -1 if payment.net < 0 else 1
        known = breakdown.net * sign == payment.net and breakdown.gross * sign == payment.gross
        lines.append(
            PaymentLine(
                contract_id=payment.contract_id,
                month=payment.month,
                kind=payment.kind,
                sequence=payment.sequence,
                gross=payment.gross,
                net=payment.net,
                csg=breakdown.csg * sign if known else None,
                csg_deductible=breakdown.csg_deductible * sign if known else None,
                crds=breakdown.crds * sign if known else None,
                taxable=breakdown.taxable * sign if known else None,
                payer=payer,
                origin="history",
                paid_on=payment.paid_on,
            )
        )
        if len(lines) >= 2000:
            PaymentLine.objects.bulk_create(lines)
            lines = []
    PaymentLine.objects.bulk_create(lines)


def uncopy_history(apps, schema_editor):
    apps.get_model("payments", "PaymentLine").objects.filter(origin="history").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0001_ledger"),
        ("contracts", "0007_api_order_index"),
    ]

    operations = [migrations.RunPython(copy_history, uncopy_history)]
