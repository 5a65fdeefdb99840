// @gamestore/stove: create the client, make one call
import { createStoveClient } from '@gamestore/stove';

const stove = createStoveClient({
  environment: 'sandbox',
  serviceId: 'MYGAME',
  headers: { lang: 'ko', nation: 'KR', timezone: 'Asia/Seoul', callerId: 'MYGAME_GAME_SERVER' },
});
export const categories = stove.listCategories({ query: { shop_key: 'indie' } });
