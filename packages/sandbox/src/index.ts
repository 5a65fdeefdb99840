export { startSandbox, DEFAULT_PORT, type Sandbox, type SandboxOptions } from './sandbox.js';
export { deliver, eventBody, findEvent, jsonText, webhookEvents, type DeliverOptions, type Delivery, type WebhookEvent } from './events.js';
export { PROVIDERS, type Provider } from './specs.js';
export type { HivePayment, HiveProfile, SandboxState, StovePurchase, XsollaCart, XsollaCurrency, XsollaGroup, XsollaItem, XsollaOrder } from './state.js';
