// The purchase-order part of S/4HANA's OData V2 service
// API_PURCHASEORDER_PROCESS_SRV, with the entity, key and field names of its
// EDMX (A_PurchaseOrderType, A_PurchaseOrderItemType,
// A_PurchaseOrderScheduleLineType) and the types behind them: Edm.DateTime
// dates (CDS Date), Edm.DateTimeOffset change stamps (Timestamp), Edm.Decimal
// amounts and quantities. Only the fields onramp's SAP reader asks for
// ($select in core/data/read_sap.c) and a few it leaves alone; a real item
// has over a hundred. Written for `make check-sap` (tools/check_sap.sh).
namespace onramp.sap;

entity A_PurchaseOrder {
  key PurchaseOrder              : String(10);
      CompanyCode                : String(4);
      PurchaseOrderType          : String(4);
      PurchasingDocumentDeletionCode : String(1);
      PurchasingProcessingStatus : String(2);
      CreatedByUser              : String(12);
      CreationDate               : Date;
      LastChangeDateTime         : Timestamp;
      Supplier                   : String(10);
      AddressName                : String(40);
      PaymentTerms               : String(4);
      PurchaseOrderDate          : Date;
      DocumentCurrency           : String(5);
      ExchangeRate               : Decimal(9, 5);
      ReleaseIsNotCompleted      : Boolean;
      PurchasingCompletenessStatus : Boolean;
      to_PurchaseOrderItem       : Association to many A_PurchaseOrderItem
                                     on to_PurchaseOrderItem.PurchaseOrder = PurchaseOrder;
}

entity A_PurchaseOrderItem {
  key PurchaseOrder              : String(10);
  key PurchaseOrderItem          : String(5);
      PurchaseOrderItemText      : String(40);
      Material                   : String(40);
      Plant                      : String(4);
      OrderQuantity              : Decimal(13, 3);
      PurchaseOrderQuantityUnit  : String(3);
      NetPriceAmount             : Decimal(16, 3);
      NetPriceQuantity           : Decimal(5, 0);
      DocumentCurrency           : String(5);
      IsCompletelyDelivered      : Boolean;
      IsFinallyInvoiced          : Boolean;
      PurchasingDocumentDeletionCode : String(1);
      to_ScheduleLine            : Association to many A_PurchaseOrderScheduleLine
                                     on  to_ScheduleLine.PurchasingDocument     = PurchaseOrder
                                     and to_ScheduleLine.PurchasingDocumentItem = PurchaseOrderItem;
}

entity A_PurchaseOrderScheduleLine {
  key PurchasingDocument         : String(10);
  key PurchasingDocumentItem     : String(5);
  key ScheduleLine               : String(4);
      ScheduleLineDeliveryDate   : Date;
}
