/**
 * What the Xsolla LiveOps client needs to know besides the operation table: its server and the operations that take
 * `locale`, answer text, send multipart bodies or must not be repeated. Kept apart from the table so that
 * `@gamestore/xsolla/liveops/call` bundles only the operations a program imports.
 */
import type { operations } from './generated/liveops.js';
import { servers } from './generated/liveops.meta.js';
import { exactly, type WithParam, type WithRequestMedia, type WithResponseMedia } from '@gamestore/core';
import type { XsollaFacts } from './client.js';


export const liveopsFacts = {
  servers,
  locale: exactly<WithParam<operations, 'query', 'locale'>>()(['getUpsellForProjectClient']),
  text: exactly<WithResponseMedia<operations, 'text/plain'>>()([]),
  multipart: exactly<WithRequestMedia<operations, 'multipart/form-data'>>()([]),
} satisfies XsollaFacts;
