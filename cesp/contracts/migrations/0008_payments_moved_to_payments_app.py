"""The payments made now live in the payments app's ledger (``payments.PaymentLine``):
its migration 0002 copies every row first, then this one drops the contracts' table."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("contracts", "0007_api_order_index"),
        ("payments", "0002_history_from_contracts"),
    ]

    operations = [
        migrations.DeleteModel(
            name="Payment",
        ),
    ]
