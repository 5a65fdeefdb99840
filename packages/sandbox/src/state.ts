/**
 * What the sandbox keeps (plain JSON, so it can live in a file) and the shape of the code that serves it: per
 * provider, stateful answers by operationId and control calls under `/_sandbox/<provider>/…`.
 */
import type { Departure, UnconsumedPurchase, WebstoreServer } from '@gamestore/hive';
import type { InventoryItem } from '@gamestore/stove';
import type { XsollaCatalogInput } from '@gamestore/xsolla';
import type { Delivery } from './events.js';
import type { Provider } from './specs.js';

/** What Xsolla keeps by sku in a project: the admin body (as created or last updated) and the id Xsolla gave it. */
interface XsollaSkuEntry<Body> {
  project_id: string;
  item_id: number;
  /** the admin body as created or last updated (its `groups` name item groups by external id) */
  item: Body;
}

export type XsollaItem = XsollaSkuEntry<XsollaCatalogInput<'adminCreateVirtualItem'>['body']>;
export type XsollaCurrency = XsollaSkuEntry<XsollaCatalogInput<'adminCreateVirtualCurrency'>['body']>;

export interface XsollaGroup {
  project_id: string;
  /** the id Xsolla gave the group */
  id: number;
  /** the admin body as created or last updated */
  group: XsollaCatalogInput<'adminCreateItemGroup'>['body'];
}

export interface XsollaCart {
  cart_id: string;
  /** sku → quantity */
  items: Record<string, number>;
}

export interface XsollaOrder {
  order_id: number;
  project_id: string;
  status: 'new' | 'paid' | 'done' | 'canceled';
  user: { key: string; external_id: string; email?: string | undefined };
  currency: string;
  /** total, as Xsolla writes money: a decimal string */
  amount: string;
  items: { sku: string; quantity: number; amount: string }[];
  token: string;
  /** the payment transaction, once paid */
  transaction_id?: number | undefined;
}

/** A STOVE purchase: the buyer, STOVE's billing order number, and the inventory line STOVE records for it. */
export interface StovePurchase {
  guid: string;
  tid: string;
  world_id: string;
  purchased_at: string;
  item: InventoryItem;
}

/** A Hive PG payment, as the completion history lists it, with what the sandbox adds. */
export type HivePayment = UnconsumedPurchase & {
  /** the id receipt verification answers for it */
  hiveiap_transaction_id: string;
  /** set by a successful item delivery result (`sendItemResult`) */
  consumed: boolean;
  /** the character it was bought for, when the control call named one */
  character_id?: string | undefined;
};

/**
 * A buyer's profile as the game's `webstore-profile` endpoint answered it when the sandbox asked, playing Hive's
 * web shop: the servers, channels and characters Hive's purchase UI offers.
 */
export interface HiveProfile {
  /** the player's identifier sent as `cs_code` (a Player ID is its decimal digits) */
  cs_code: string;
  /** `accepted`: the answer keeps the contract (warnings may be listed); `refused`: it breaks it, so nothing is offered */
  status: 'accepted' | 'refused';
  /** servers → channels → characters, with the documented fields only (empty when refused) */
  servers: WebstoreServer[];
  /** when the sandbox asked (ISO 8601) */
  fetched_at: string;
  /** every departure of the answer from the contract (`checkWebstoreProfileResponse`, plus the HTTP status) */
  departures: Departure[];
}

export interface SandboxState {
  xsolla: {
    /** virtual items, by `<project_id>:<sku>` */
    items: Record<string, XsollaItem>;
    /** virtual currencies, by `<project_id>:<sku>` (a project's items and currencies share its skus) */
    currencies: Record<string, XsollaCurrency>;
    /** item groups, by `<project_id>:<external_id>` */
    groups: Record<string, XsollaGroup>;
    /** by `<project_id>:<user key>` */
    carts: Record<string, XsollaCart>;
    /** by order_id */
    orders: Record<string, XsollaOrder>;
  };
  stove: { purchases: StovePurchase[] };
  hive: {
    payments: HivePayment[];
    /** by `cs_code` */
    profiles: Record<string, HiveProfile>;
  };
  /** every callback delivered, in order (its index is its id for `/_sandbox/deliveries/{id}/resend`) */
  deliveries: Delivery[];
}

export const emptyState = (): SandboxState => ({
  xsolla: { items: {}, currencies: {}, groups: {}, carts: {}, orders: {} },
  stove: { purchases: [] },
  hive: { payments: [], profiles: {} },
  deliveries: [],
});

/** One request, as a stateful answer or a control call sees it. */
export interface Call {
  params: Record<string, string>;
  query: URLSearchParams;
  headers: Headers;
  /** the JSON body (int64 request keys read as exact strings); `undefined` when there is none */
  body: any;
}

/** An answer: a status and a JSON body (`undefined`: none); a `bigint` in it is written as a bare integer. */
export interface Reply {
  status: number;
  body?: unknown;
}

export type Answer = (call: Call) => Reply | Promise<Reply>;

export interface ProviderContext {
  state: SandboxState;
  /** delivers `event` built from the spec's example with `fields` set, to the provider's webhook URL (undefined: none set) */
  deliver(provider: Provider, event: string, fields: Record<string, unknown>): Promise<Delivery | undefined>;
}

export interface ProviderRoutes {
  /** stateful answers, by operationId; every other operation is answered from its spec example */
  answers: Record<string, Answer>;
  /** control calls: `POST /_sandbox/<provider>/…` */
  control: Record<string, Answer>;
}

export const json = (status: number, body?: unknown): Reply => ({ status, body });
