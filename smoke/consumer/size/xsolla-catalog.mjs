// @gamestore/xsolla/catalog: create the Catalog client, make one call
import { createXsollaCatalogClient } from '@gamestore/xsolla/catalog';

export const items = createXsollaCatalogClient({ projectId: 44056 }).getVirtualItems();
