/**
 * Xsolla's purchase flow with state: virtual items, virtual currencies and item groups created by the admin calls
 * show up in the catalog (an item in a group in the group's list), a user's cart fills, an order made from it is
 * `new` until a control call pays it; paying delivers the signed `order_paid` and the order is `done` once the game
 * server accepts it. Cancelling and refunding deliver `order_canceled` and `refund`.
 */
import { randomDigits } from './events.js';
import {
  json,
  type Call,
  type ProviderContext,
  type ProviderRoutes,
  type Reply,
  type XsollaCart,
  type XsollaCurrency,
  type XsollaGroup,
  type XsollaItem,
  type XsollaOrder,
} from './state.js';

/** Xsolla's error body (`extended`: its `errorMessageExtended`). */
const error = (status: number, code: number, message: string, extended?: unknown): Reply =>
  json(status, { statusCode: status, errorCode: code, errorMessage: message, ...(extended !== undefined && { errorMessageExtended: extended }) });
const notFound = (project: string, sku: string) => error(404, 4001, `[0401-4001]: Item with Project Id = ${project} and Sku = ${sku} not found`);
const noUser = () => error(401, 1501, '[0401-1501]: Authorization header not sent');

/** The buyer: a user JWT (its `sub` and `email` claims when it has them) or a guest's `x-unauthorized-id`. */
function userOf(headers: Headers): XsollaOrder['user'] | undefined {
  const token = /^Bearer (.+)$/i.exec(headers.get('authorization') ?? '')?.[1];
  if (token) {
    let claims: { sub?: unknown; email?: unknown } = {};
    try {
      claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as typeof claims;
    } catch {}
    const email = typeof claims.email === 'string' ? claims.email : undefined;
    return { key: `jwt:${token}`, external_id: typeof claims.sub === 'string' ? claims.sub : 'sandbox-user', ...(email && { email }) };
  }
  const guest = headers.get('x-unauthorized-id');
  return guest ? { key: `guest:${guest}`, external_id: guest } : undefined;
}

/** A localized admin field (`{ en: … }`) as the catalog shows it. */
const text = (value: unknown): string | null =>
  typeof value === 'string' ? value : value && typeof value === 'object' ? ((Object.values(value)[0] as string | undefined) ?? null) : null;

const money = (n: number) => String(Math.round(n * 100) / 100);

/** What Xsolla keeps by sku: a virtual item (`virtual_good`) or a virtual currency (`virtual_currency`). */
type SkuEntry = XsollaItem | XsollaCurrency;
type Kind = 'virtual_good' | 'virtual_currency';

/** The external ids of the groups an admin body names (as plain strings or as `{ external_id }`). */
const groupIds = ({ item }: SkuEntry): string[] => (item.groups ?? []).map((g) => (typeof g === 'string' ? g : g.external_id));

function priceOf(item: SkuEntry): { amount: number; currency: string } {
  const prices = item.item.prices ?? [];
  const price = prices.find((p) => p.is_default) ?? prices[0];
  return { amount: price?.amount ?? 0, currency: price?.currency ?? 'USD' };
}

function orderView(order: XsollaOrder) {
  const price = (amount: string) => ({ amount, amount_without_discount: amount, currency: order.currency });
  return {
    order_id: order.order_id,
    status: order.status,
    content: {
      price: price(order.amount),
      is_free: false,
      items: order.items.map((i) => ({ sku: i.sku, quantity: i.quantity, is_free: false, price: price(i.amount) })),
    },
  };
}

/**
 * The admin calls of one kind of entity a project keeps by an id its admin body carries (a sku, a group's
 * external id): create (a taken id is refused with 422), get, update (which may rename it) and delete, each 404
 * for an unknown id.
 */
interface AdminStore<E> {
  store: Record<string, E>;
  /** the id's field in the admin body and in the create call's answer */
  id: 'sku' | 'external_id';
  /** the id's path parameter (`item_sku`, `virtual_currency_sku`, `external_id`) */
  param: string;
  /** whether the id is taken in the call's project */
  taken(call: Call, id: string): boolean;
  missing(call: Call, id: string): Reply;
  exists(id: string): Reply;
  /** the entry the call's body makes (keeping the ids Xsolla gave `old`) */
  make(call: Call, old?: E): E;
  view(entry: E): unknown;
  /** after an update renamed the entry (`to`) or a delete removed it (no `to`) */
  moved?(call: Call, from: string, to?: string): void;
}

function adminCalls<E>(project: (call: Call) => string, a: AdminStore<E>) {
  const key = (call: Call, id: string) => `${project(call)}:${id}`;
  const idOf = (call: Call) => call.params[a.param]!;
  const find = (call: Call, id = idOf(call)) => a.store[key(call, id)];
  /** calls `then` with the entry the path names; an unknown one is 404 */
  const found = (then: (entry: E, call: Call) => Reply) => (call: Call) => {
    const entry = find(call);
    return entry === undefined ? a.missing(call, idOf(call)) : then(entry, call);
  };
  return {
    find,
    create: (call: Call): Reply => {
      const id = String(call.body[a.id]);
      if (a.taken(call, id)) return a.exists(id);
      a.store[key(call, id)] = a.make(call);
      return json(201, { [a.id]: id });
    },
    get: found((entry) => json(200, a.view(entry))),
    update: found((entry, call) => {
      const from = idOf(call);
      const to = String(call.body[a.id]);
      if (to !== from && a.taken(call, to)) return a.exists(to);
      delete a.store[key(call, from)];
      a.store[key(call, to)] = a.make(call, entry);
      if (to !== from) a.moved?.(call, from, to);
      return json(204);
    }),
    remove: found((_, call) => {
      delete a.store[key(call, idOf(call))];
      a.moved?.(call, idOf(call));
      return json(204);
    }),
  };
}

export function xsolla({ state, deliver }: ProviderContext): ProviderRoutes {
  const { items, currencies, groups, carts, orders } = state.xsolla;
  const project = (call: Call) => call.params.project_id!;
  const ofProject = <E extends { project_id: string }>(store: Record<string, E>, projectId: string) => Object.values(store).filter((e) => e.project_id === projectId);
  const groupAt = (projectId: string, id: string): XsollaGroup | undefined => groups[`${projectId}:${id}`];
  const inGroup = (id: string) => (entry: SkuEntry) => groupIds(entry).includes(id);

  /** The entry as the admin calls answer it. */
  const adminView = (entry: SkuEntry, type: Kind) => ({
    ...entry.item,
    item_id: entry.item_id,
    type,
    groups: groupIds(entry).map((id) => ({ external_id: id, name: groupAt(entry.project_id, id)?.group.name ?? { en: id } })),
  });

  /** The entry as the catalog (storefront) calls answer it. */
  function catalogView(entry: SkuEntry, type: Kind) {
    const { item } = entry;
    const { amount, currency } = priceOf(entry);
    return {
      item_id: entry.item_id,
      sku: item.sku,
      type,
      name: text(item.name),
      description: text(item.description),
      image_url: item.image_url ?? null,
      groups: groupIds(entry).map((id) => ({ external_id: id, name: text(groupAt(entry.project_id, id)?.group.name) ?? id })),
      attributes: [],
      is_free: item.is_free === true,
      price: { amount: money(amount), amount_without_discount: money(amount), currency },
      virtual_prices: [],
      can_be_bought: true,
      promotions: [],
      limits: null,
      periods: [],
      ...(type === 'virtual_good' && { virtual_item_type: item.inventory_options?.consumable === null ? 'non_consumable' : 'consumable' }),
      inventory_options: item.inventory_options ?? { consumable: null, expiration_period: null },
    };
  }

  /**
   * The admin and catalog calls of what a project keeps by sku (virtual items, virtual currencies: one sku names
   * one of them); `param` is the sku's path parameter. The catalog lists and reads only enabled entries.
   */
  function skuCalls(store: Record<string, SkuEntry>, type: Kind, param: string) {
    const missing = (call: Call, sku: string) => notFound(project(call), sku);
    const admin = adminCalls<SkuEntry>(project, {
      store,
      id: 'sku',
      param,
      taken: (call, sku) => `${project(call)}:${sku}` in items || `${project(call)}:${sku}` in currencies,
      missing,
      exists: (sku) => error(422, 1102, `[0401-1102]: Unprocessable Entity. An item with sku ${sku} already exists`),
      make: (call, old) => ({ project_id: project(call), item_id: old?.item_id ?? Number(randomDigits(6)), item: call.body }),
      view: (entry) => adminView(entry, type),
    });
    const listed = (call: Call) => ofProject(store, project(call)).filter((e) => e.item.is_enabled !== false);
    return {
      ...admin,
      listed,
      list: (call: Call) => json(200, { items: ofProject(store, project(call)).map((e) => adminView(e, type)) }),
      /** one page (`offset`, `limit`) of `all`, as the catalog's list calls answer */
      page: (call: Call, all = listed(call)) => {
        const offset = Number(call.query.get('offset') ?? 0);
        const page = all.slice(offset, offset + Number(call.query.get('limit') ?? 50));
        return json(200, { has_more: offset + page.length < all.length, total_items_count: all.length, items: page.map((e) => catalogView(e, type)) });
      },
      bySku: (call: Call) => {
        const entry = admin.find(call);
        return entry && entry.item.is_enabled !== false ? json(200, catalogView(entry, type)) : missing(call, call.params[param]!);
      },
    };
  }
  const virtualItems = skuCalls(items, 'virtual_good', 'item_sku');
  const virtualCurrencies = skuCalls(currencies, 'virtual_currency', 'virtual_currency_sku');
  const find = virtualItems.find;

  const groupMissing = (call: Call, id: string) =>
    error(404, 4001, '[0401-4001]: Group with these criteria not found', {
      external_id_list: [id],
      group_id_list: [],
      ...(/^\d+$/.test(project(call)) && { project_id: Number(project(call)) }),
    });
  const itemGroups = adminCalls<XsollaGroup>(project, {
    store: groups,
    id: 'external_id',
    param: 'external_id',
    taken: (call, id) => groupAt(project(call), id) !== undefined,
    missing: groupMissing,
    exists: (id) => error(422, 1102, `[0401-1102]: Unprocessable Entity. A group with external_id ${id} already exists`),
    make: (call, old) => ({ project_id: project(call), id: old?.id ?? Number(randomDigits(6)), group: call.body }),
    view: ({ project_id, id, group }) => ({
      id,
      external_id: group.external_id,
      name: group.name,
      description: group.description ?? null,
      image_url: group.iconUrl ?? null,
      is_enabled: group.isEnabled !== false,
      items_count: [...ofProject(items, project_id), ...ofProject(currencies, project_id)].filter(inGroup(group.external_id)).length,
      order: group.order,
    }),
    // the project's items and currencies follow a renamed group, and leave a deleted one (they stay in the catalog)
    moved: (call, from, to) => {
      for (const entry of [...ofProject(items, project(call)), ...ofProject(currencies, project(call))]) {
        if (inGroup(from)(entry)) entry.item.groups = groupIds(entry).flatMap((id) => (id !== from ? [id] : to ? [to] : []));
      }
    },
  });
  /** the project's enabled groups as the catalog's group tree shows them (no nesting: the admin body names no parent) */
  const groupTree = (call: Call) =>
    ofProject(groups, project(call))
      .filter((g) => g.group.isEnabled !== false)
      .reverse() // ties in `order`: newest first
      .sort((a, b) => (a.group.order ?? 0) - (b.group.order ?? 0))
      .map(({ group }) => ({
        external_id: group.external_id,
        name: text(group.name),
        description: text(group.description),
        image_url: group.iconUrl ?? null,
        order: group.order,
        level: 0,
        parent_external_id: null,
        children: [],
      }));

  /** The cart of the call: by `cart_id`, else the user's own (created on first use). */
  function cartOf(call: Call): XsollaCart | undefined {
    if (call.params.cart_id) return Object.values(carts).find((c) => c.cart_id === call.params.cart_id);
    const user = userOf(call.headers);
    if (!user) return undefined;
    return (carts[`${project(call)}:${user.key}`] ??= { cart_id: randomDigits(9), items: {} });
  }

  function cartView(call: Call, cart: XsollaCart) {
    const lines = Object.entries(cart.items).flatMap(([sku, quantity]) => {
      const entry = find(call, sku);
      return entry ? [{ ...catalogView(entry, 'virtual_good'), quantity, is_bonus: false }] : [];
    });
    const total = lines.reduce((sum, l) => sum + Number(l.price.amount) * l.quantity, 0);
    const currency = lines[0]?.price.currency ?? 'USD';
    return { cart_id: cart.cart_id, is_free: false, items: lines, price: { amount: money(total), amount_without_discount: money(total), currency }, promotions: [], warnings: [] };
  }

  function createOrder(call: Call, lines: Record<string, number>): Reply {
    const user = userOf(call.headers);
    if (!user) return noUser();
    const priced = Object.entries(lines).map(([sku, quantity]) => ({ sku, quantity, entry: find(call, sku) }));
    const missing = priced.find((l) => !l.entry);
    if (missing) return notFound(project(call), missing.sku);
    if (!priced.length) return error(422, 1102, '[0401-1102]: Unprocessable Entity. The cart is empty');
    const total = priced.reduce((sum, l) => sum + priceOf(l.entry!).amount * l.quantity, 0);
    const order: XsollaOrder = {
      order_id: Number(randomDigits(9)),
      project_id: project(call),
      status: 'new',
      user,
      currency: priceOf(priced[0]!.entry!).currency,
      amount: money(total),
      items: priced.map((l) => ({ sku: l.sku, quantity: l.quantity, amount: money(priceOf(l.entry!).amount * l.quantity) })),
      token: `sandbox-${randomDigits(12)}`,
    };
    orders[order.order_id] = order;
    return json(200, { order_id: order.order_id, token: order.token });
  }

  const cartCall = (then: (cart: XsollaCart, call: Call) => Reply) => (call: Call) => {
    const cart = cartOf(call);
    if (!cart) return call.params.cart_id ? error(404, 4001, `[0401-4001]: Cart ${call.params.cart_id} not found`) : noUser();
    return then(cart, call);
  };
  const putItem = cartCall((cart, call) => {
    if (!find(call)) return notFound(project(call), call.params.item_sku!);
    const quantity = Number(call.body?.quantity ?? 1);
    if (quantity > 0) cart.items[call.params.item_sku!] = quantity;
    else delete cart.items[call.params.item_sku!];
    return json(204);
  });
  const deleteItem = cartCall((cart, call) => {
    if (!(call.params.item_sku! in cart.items)) return notFound(project(call), call.params.item_sku!);
    delete cart.items[call.params.item_sku!];
    return json(204);
  });
  const clear = cartCall((cart) => {
    cart.items = {};
    return json(204);
  });
  const getCart = cartCall((cart, call) => json(200, cartView(call, cart)));
  const orderFromCart = cartCall((cart, call) => {
    const reply = createOrder(call, cart.items);
    if (reply.status === 200) cart.items = {};
    return reply;
  });

  /** The fields of an order notification (`order_paid`, `order_canceled`) for this order. */
  const orderFields = (order: XsollaOrder, status: string) => ({
    items: order.items.map((i) => ({ sku: i.sku, type: 'virtual_good', is_pre_order: false, quantity: i.quantity, amount: i.amount, promotions: [] })),
    'order.id': order.order_id,
    'order.mode': 'sandbox',
    'order.currency': order.currency,
    'order.amount': order.amount,
    'order.status': status,
    'order.promotions': [],
    'order.coupons': [],
    'order.promocodes': [],
    user: { external_id: order.user.external_id, ...(order.user.email && { email: order.user.email }) },
    custom_parameters: {},
  });
  const orderCall = (then: (order: XsollaOrder) => Promise<Reply>) => (call: Call) => {
    const order = orders[call.params.order_id!];
    return order ? then(order) : json(404, { error: `no sandbox order ${call.params.order_id}` });
  };
  const conflict = (order: XsollaOrder, action: string) => json(409, { error: `order ${order.order_id} is ${order.status}: it cannot be ${action}` });

  return {
    answers: {
      adminCreateVirtualItem: virtualItems.create,
      adminGetVirtualItemsList: virtualItems.list,
      adminGetVirtualItem: virtualItems.get,
      adminUpdateVirtualItem: virtualItems.update,
      adminDeleteVirtualItem: virtualItems.remove,
      getVirtualItems: (call) => virtualItems.page(call),
      getAllVirtualItems: (call) => json(200, { items: virtualItems.listed(call).map((e) => catalogView(e, 'virtual_good')) }),
      getVirtualItemsSku: virtualItems.bySku,
      getVirtualItemsGroup: (call) => {
        const group = groupAt(project(call), call.params.external_id!);
        if (!group || group.group.isEnabled === false) return groupMissing(call, call.params.external_id!);
        return virtualItems.page(call, virtualItems.listed(call).filter(inGroup(group.group.external_id)));
      },
      adminCreateVirtualCurrency: virtualCurrencies.create,
      adminGetVirtualCurrenciesList: virtualCurrencies.list,
      adminGetVirtualCurrency: virtualCurrencies.get,
      adminUpdateVirtualCurrency: virtualCurrencies.update,
      adminDeleteVirtualCurrency: virtualCurrencies.remove,
      getVirtualCurrency: (call) => virtualCurrencies.page(call),
      getVirtualCurrencySku: virtualCurrencies.bySku,
      adminCreateItemGroup: itemGroups.create,
      adminGetItemGroup: itemGroups.get,
      adminUpdateItemGroup: itemGroups.update,
      adminDeleteItemGroup: itemGroups.remove,
      getItemGroups: (call) => json(200, { groups: groupTree(call) }),
      getUserCart: getCart,
      getCartById: getCart,
      putItem,
      putItemByCartId: putItem,
      deleteItem,
      deleteItemByCartId: deleteItem,
      cartClear: clear,
      cartClearById: clear,
      createOrder: orderFromCart,
      createOrderByCartId: orderFromCart,
      createOrderWithItem: (call) => createOrder(call, { [call.params.item_sku!]: Number(call.body?.quantity ?? 1) }),
      getOrder: (call) => {
        const order = orders[call.params.order_id!];
        return order && order.project_id === project(call) ? json(200, orderView(order)) : error(404, 4001, `[0401-4001]: Order ${call.params.order_id} not found`);
      },
    },
    control: {
      // pays a new order (or delivers order_paid again for a paid one): done once the game server accepts it
      'POST /_sandbox/xsolla/orders/{order_id}/pay': orderCall(async (order) => {
        if (order.status !== 'new' && order.status !== 'paid') return conflict(order, 'paid');
        order.status = 'paid';
        order.transaction_id ??= Number(randomDigits(9));
        const delivery = await deliver('xsolla', 'order_paid', { ...orderFields(order, 'paid'), 'order.invoice_id': String(order.transaction_id) });
        if (!delivery || delivery.accepted) order.status = 'done';
        return json(200, { order: orderView(order), delivery: delivery ?? null });
      }),
      // cancels an order; a paid one is taken back with order_canceled
      'POST /_sandbox/xsolla/orders/{order_id}/cancel': orderCall(async (order) => {
        if (order.status === 'canceled') return conflict(order, 'cancelled');
        const paid = order.status !== 'new';
        order.status = 'canceled';
        const delivery = paid ? await deliver('xsolla', 'order_canceled', { ...orderFields(order, 'canceled'), 'order.invoice_id': String(order.transaction_id) }) : undefined;
        return json(200, { order: orderView(order), delivery: delivery ?? null });
      }),
      // refunds the payment of a paid order: refund, keyed by the payment's transaction
      'POST /_sandbox/xsolla/orders/{order_id}/refund': orderCall(async (order) => {
        if (order.status !== 'paid' && order.status !== 'done') return conflict(order, 'refunded');
        order.status = 'canceled';
        const amount = { currency: order.currency, amount: Number(order.amount) };
        const delivery = await deliver('xsolla', 'refund', {
          'transaction.id': order.transaction_id,
          'transaction.external_id': String(order.order_id),
          user: { id: order.user.external_id, ...(order.user.email && { email: order.user.email }) },
          'payment_details.payment': amount,
          'purchase.checkout': amount,
        });
        return json(200, { order: orderView(order), delivery: delivery ?? null });
      }),
    },
  };
}
