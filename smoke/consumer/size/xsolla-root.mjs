// @gamestore/xsolla (the root entry): one client only; the other API's table must be tree-shaken away
import { createXsollaCatalogClient } from '@gamestore/xsolla';

export const items = createXsollaCatalogClient({ projectId: 44056 }).getVirtualItems();
