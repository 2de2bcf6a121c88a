#!/usr/bin/python3
"""seed.py DIR: writes the golden purchase orders (tests/golden/purchase-orders.json)
as CAP's initial data, DIR/db/data/onramp.sap-<Entity>.csv, in S/4HANA's terms: the
same mapping the SAP fixture uses (tests/servers/po_fixture.py: processing status,
deletion code, units, price per N), so the CAP service and the fixture serve the
same three orders."""
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "servers"))
import po_fixture  # noqa: E402


def rows():
    orders, items, sched = [], [], []
    stamp = po_fixture.STATIC_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    for o in po_fixture.GOLDEN:
        st, deletion, held = po_fixture.sap_status(o)
        orders.append({
            "PurchaseOrder": o["number"], "CompanyCode": "1010", "PurchaseOrderType": "NB",
            "PurchasingDocumentDeletionCode": deletion, "PurchasingProcessingStatus": st,
            "CreatedByUser": "ALICE", "CreationDate": o["order_date"], "LastChangeDateTime": stamp,
            "Supplier": "17300001", "AddressName": o["supplier"]["name"], "PaymentTerms": "0001",
            "PurchaseOrderDate": o["order_date"], "DocumentCurrency": o["currency"], "ExchangeRate": "1.00000",
            "ReleaseIsNotCompleted": "false", "PurchasingCompletenessStatus": "true" if held else "false"})
        for pos, line in enumerate(o["lines"], 1):
            src, item = line.get("_source", {}), "%d" % (10 * pos)
            items.append({
                "PurchaseOrder": o["number"], "PurchaseOrderItem": item,
                "PurchaseOrderItemText": line["item"]["name"], "Material": line["item"]["code"], "Plant": "1010",
                "OrderQuantity": line["quantity"], "PurchaseOrderQuantityUnit": po_fixture.UNITS[line["unit"]][0],
                "NetPriceAmount": src.get("price", line["unit_price"]), "NetPriceQuantity": src.get("per", "1"),
                "DocumentCurrency": o["currency"],
                "IsCompletelyDelivered": "true" if line["received_quantity"] == line["quantity"] else "false",
                "IsFinallyInvoiced": "false", "PurchasingDocumentDeletionCode": ""})
            if o["expected_date"]:
                sched.append({"PurchasingDocument": o["number"], "PurchasingDocumentItem": item, "ScheduleLine": "1",
                              "ScheduleLineDeliveryDate": o["expected_date"]})
    return {"A_PurchaseOrder": orders, "A_PurchaseOrderItem": items, "A_PurchaseOrderScheduleLine": sched}


def main():
    out = os.path.join(sys.argv[1], "db", "data")
    os.makedirs(out, exist_ok=True)
    for entity, table in rows().items():
        with open(os.path.join(out, "onramp.sap-%s.csv" % entity), "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(table[0]))
            w.writeheader()
            w.writerows(table)


if __name__ == "__main__":
    main()
