// Served as OData V4 by CAP and, through the OData V2 adapter, as V2 under
// /sap/opu/odata/sap/API_PURCHASEORDER_PROCESS_SRV, where S/4HANA serves it.
// Reading needs a signed-in user (basic auth), as on SAP Gateway.
using onramp.sap as db from '../db/schema';

@path: '/API_PURCHASEORDER_PROCESS_SRV'
@requires: 'authenticated-user'
@readonly
service API_PURCHASEORDER_PROCESS_SRV {
  // server-side paging, as SAP Gateway does it: at most 2 orders a page,
  // then a next link (V4's @odata.nextLink, "__next" in V2)
  @cds.query.limit: { default: 2, max: 2 }
  entity A_PurchaseOrder             as projection on db.A_PurchaseOrder;
  entity A_PurchaseOrderItem         as projection on db.A_PurchaseOrderItem;
  entity A_PurchaseOrderScheduleLine as projection on db.A_PurchaseOrderScheduleLine;
}
