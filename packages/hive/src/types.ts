import type { components } from './generated/webshop.js';

type Schemas = components['schemas'];

/** What Hive sends to `POST {URL}/webstore-profile`. */
export type WebstoreProfileRequest = Schemas['WebstoreProfileRequest'];
/** What the app server answers. */
export type WebstoreProfileResponse = Schemas['WebstoreProfileResponse'];
export type WebstoreServer = Schemas['Server'];
export type WebstoreChannel = Schemas['Channel'];
export type WebstoreCharacter = Schemas['Character'];
/** Error body of the gamestore handler (400/403/405/413/415/500). */
export type WebstoreHandlerError = Schemas['HandlerError'];
export type WebstoreHandlerErrorCode = WebstoreHandlerError['error_code'];
