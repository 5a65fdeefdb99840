// @gamestore/core + openapi-fetch: create an api client, make one call
import { createApiClient } from '@gamestore/core';

const api = createApiClient({
  baseUrl: 'https://api.example.com',
  operations: { getThing: { method: 'GET', path: '/things/{id}', security: [], int64: { response: ['id'] } } },
});
export const thing = api.GET('/things/{id}', { params: { path: { id: '1' } } });
