// @gamestore/hive: create the webshop client, make one call
import { createHiveWebshopClient } from '@gamestore/hive';

export const profile = createHiveWebshopClient({ baseUrl: 'https://game.example.com' }).getWebstoreProfile('100001234');
