// @gamestore/xsolla/catalog/call: create the Catalog caller, make one call
import { createXsollaCatalogCaller } from '@gamestore/xsolla/catalog/call';
import { getVirtualItems } from '@gamestore/xsolla/catalog/operations';

export const items = createXsollaCatalogCaller({ projectId: 44056 }).call(getVirtualItems);
