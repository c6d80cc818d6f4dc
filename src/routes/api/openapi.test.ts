/** The OpenAPI document against the router: every route of the API is in it, with its inputs, answers and the bearer scheme. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPluginFixture, type PluginFixture } from '../../../test/support/plugin-fixture.ts';

interface Operation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
  security?: unknown;
}
interface Document {
  openapi: string;
  servers: { url: string }[];
  security: Record<string, string[]>[];
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string; scheme: string }>; schemas: Record<string, unknown> };
}

const MOUNT = '/api/clusters';

describe('GET /openapi.json', () => {
  let fx: PluginFixture;
  let doc: Document;
  /** The API's endpoints as the router has them (`use()` middleware is method ALL), in the document's spelling. */
  let endpoints: { method: string; path: string }[];

  beforeAll(async () => {
    fx = createPluginFixture(null);
    const res = await fx.request('/openapi.json');
    expect(res.status).toBe(200);
    doc = (await res.json()) as Document;
    const seen = new Set<string>();
    endpoints = fx.app.routes
      .filter((r) => r.method !== 'ALL' && r.path.startsWith(MOUNT))
      .map((r) => ({ method: r.method.toLowerCase(), path: r.path.slice(MOUNT.length).replace(/:(\w+)/g, '{$1}') || '/' }))
      .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
  });

  afterAll(() => fx.close());

  it('is OpenAPI 3.1 for the API where it is mounted, behind a bearer token', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: MOUNT }]);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
  });

  it('describes every route the router has, and no other', () => {
    expect(endpoints.length).toBeGreaterThan(40);
    const documented = Object.entries(doc.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method} ${path}`));
    const missing = endpoints.map((r) => `${r.method} ${r.path}`).filter((key) => !documented.includes(key));
    expect(missing).toEqual([]);
    expect(documented.sort()).toEqual(endpoints.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('states each route’s path parameters, its JSON answer and the error shape', () => {
    for (const { method, path } of endpoints) {
      const operation = doc.paths[path]![method]!;
      const params = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      expect(params.sort(), `${method} ${path}`).toEqual([...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort());
      const success = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
      expect(success.length, `${method} ${path}`).toBe(1);
      const [status, answer] = success[0]!;
      if (status !== '204') expect(answer.content?.['application/json']?.schema, `${method} ${path}`).toBeDefined();
      for (const code of ['401', '403', 'default']) {
        expect(operation.responses[code]?.content?.['application/json']?.schema, `${method} ${path} ${code}`).toEqual({ $ref: '#/components/schemas/Error' });
      }
    }
    expect(doc.components.schemas.Error).toMatchObject({ properties: { error: { required: ['code', 'message'] } } });
  });

  it('states request bodies and query parameters from the schemas that validate them', () => {
    const scale = doc.paths['/{uuid}/services/{serviceId}/scale']!.post!;
    expect(scale.requestBody?.content['application/json']).toMatchObject({ schema: { properties: { replicas: { type: 'integer' } }, required: ['replicas'] } });
    const events = doc.paths['/{uuid}/events']!.get!;
    expect(events.parameters?.filter((p) => p.in === 'query').map((p) => p.name)).toEqual([
      'type',
      'action',
      'service',
      'node',
      'since',
      'until',
      'before',
      'limit',
    ]);
    const nodes = doc.paths['/{uuid}/nodes']!.get!.responses['200']!.content!['application/json']!.schema as { properties: Record<string, unknown> };
    expect(nodes.properties.meta).toEqual({ $ref: '#/components/schemas/FetchedMeta' });
    expect(doc.components.schemas.FetchedMeta).toMatchObject({ properties: { stale: { type: 'boolean' } }, required: ['fetchedAt', 'stale'] });
  });

  it('is refused without credentials, in the API’s error shape', async () => {
    const res = await fx.app.request(`${MOUNT}/openapi.json`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
  });
});
