/**
 * Xsolla's purchase flow with state: virtual items created by the admin calls show up in the catalog, a user's
 * cart fills, an order made from it is `new` until a control call pays it; paying delivers the signed `order_paid`
 * and the order is `done` once the game server accepts it. Cancelling and refunding deliver `order_canceled` and
 * `refund`.
 */
import { randomDigits } from './events.js';
import { json, type Call, type ProviderContext, type ProviderRoutes, type Reply, type XsollaCart, type XsollaItem, type XsollaOrder } from './state.js';

/** Xsolla's error body. */
const error = (status: number, code: number, message: string): Reply => json(status, { statusCode: status, errorCode: code, errorMessage: message });
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

function priceOf(item: XsollaItem): { amount: number; currency: string } {
  const prices = item.item.prices ?? [];
  const price = prices.find((p) => p.is_default) ?? prices[0];
  return { amount: price?.amount ?? 0, currency: price?.currency ?? 'USD' };
}

/** The item as the admin calls answer it. */
function adminView({ item_id, item }: XsollaItem) {
  return { ...item, item_id, type: 'virtual_good', groups: (item.groups ?? []).map((g) => ({ external_id: g, name: { en: g } })) };
}

/** The item as the catalog (storefront) calls answer it. */
function catalogView(entry: XsollaItem) {
  const { item } = entry;
  const { amount, currency } = priceOf(entry);
  return {
    item_id: entry.item_id,
    sku: item.sku,
    type: 'virtual_good',
    name: text(item.name),
    description: text(item.description),
    image_url: item.image_url ?? null,
    groups: (item.groups ?? []).map((g) => ({ external_id: g, name: g })),
    attributes: [],
    is_free: item.is_free === true,
    price: { amount: money(amount), amount_without_discount: money(amount), currency },
    virtual_prices: [],
    can_be_bought: true,
    promotions: [],
    limits: null,
    periods: [],
    virtual_item_type: item.inventory_options?.consumable === null ? 'non_consumable' : 'consumable',
    inventory_options: item.inventory_options ?? { consumable: null, expiration_period: null },
  };
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

export function xsolla({ state, deliver }: ProviderContext): ProviderRoutes {
  const { items, carts, orders } = state.xsolla;
  const project = (call: Call) => call.params.project_id!;
  const find = (call: Call, sku = call.params.item_sku!) => items[`${project(call)}:${sku}`];
  const listed = (call: Call) => Object.values(items).filter((i) => i.project_id === project(call) && i.item.is_enabled !== false);

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
      return entry ? [{ ...catalogView(entry), quantity, is_bonus: false }] : [];
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
      adminCreateVirtualItem: (call) => {
        const key = `${project(call)}:${call.body.sku}`;
        if (items[key]) return error(422, 1102, `[0401-1102]: Unprocessable Entity. An item with sku ${call.body.sku} already exists`);
        items[key] = { project_id: project(call), item_id: Number(randomDigits(6)), item: call.body };
        return json(201, { sku: call.body.sku });
      },
      adminGetVirtualItemsList: (call) =>
        json(200, { items: Object.values(items).filter((i) => i.project_id === project(call)).map(adminView) }),
      adminGetVirtualItem: (call) => {
        const entry = find(call);
        return entry ? json(200, adminView(entry)) : notFound(project(call), call.params.item_sku!);
      },
      adminUpdateVirtualItem: (call) => {
        const entry = find(call);
        if (!entry) return notFound(project(call), call.params.item_sku!);
        delete items[`${project(call)}:${entry.item.sku}`];
        items[`${project(call)}:${call.body.sku}`] = { ...entry, item: call.body };
        return json(204);
      },
      adminDeleteVirtualItem: (call) => {
        if (!find(call)) return notFound(project(call), call.params.item_sku!);
        delete items[`${project(call)}:${call.params.item_sku}`];
        return json(204);
      },
      getVirtualItems: (call) => {
        const all = listed(call);
        const offset = Number(call.query.get('offset') ?? 0);
        const page = all.slice(offset, offset + Number(call.query.get('limit') ?? 50));
        return json(200, { has_more: offset + page.length < all.length, total_items_count: all.length, items: page.map(catalogView) });
      },
      getAllVirtualItems: (call) => json(200, { items: listed(call).map(catalogView) }),
      getVirtualItemsSku: (call) => {
        const entry = find(call);
        return entry && entry.item.is_enabled !== false ? json(200, catalogView(entry)) : notFound(project(call), call.params.item_sku!);
      },
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
