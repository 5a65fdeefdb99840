/**
 * `@gamestore/xsolla/node`: mounts a handler of this package on node:http, so that a project with only
 * `@gamestore/xsolla` installed can serve it (core's adapter: see `@gamestore/core/node`).
 *
 *   import { createServer } from 'node:http';
 *   import { toNodeListener } from '@gamestore/xsolla/node';
 *   createServer(toNodeListener(handler)).listen(8080);
 */
export { toNodeListener, type WebHandler, type HandlerInfo } from '@gamestore/core/node';
