/**
 * The clusters API for people: the OpenAPI document the plugin's API serves, rendered by Scalar from the panel's own
 * copy of its script (no CDN). The document is read in-process with the visitor's session and goes into the page, so
 * the browser loads nothing but the script; "Try it" sends the visitor's API token without the session cookie (the
 * panel refuses a write that carries both).
 */
import { Scalar } from '@scalar/hono-api-reference';
import { Hono } from 'hono';
import { assetUrl } from '../../assets.ts';
import type { HostEnv } from '../../auth/middleware.ts';

export const API_REFERENCE_PATH = '/api-reference';

/** Scalar's services that would call out (its AI agent, its MCP generator): off, the panel works offline. */
const NOTHING_ELSEWHERE = { agent: { disabled: true }, mcp: { disabled: true }, telemetry: false, withDefaultFonts: false };

/** Omits cookies from the page's requests, so the API sees the token the visitor gave and nothing ambient. */
const withoutCookies = (input: RequestInfo | URL, init?: RequestInit) => fetch(input, { ...init, credentials: 'omit' });

export function apiReferenceRoutes(api: { request(path: string, init: RequestInit): Response | Promise<Response> }): Hono<HostEnv> {
  const app = new Hono<HostEnv>();

  app.get(
    API_REFERENCE_PATH,
    Scalar<HostEnv>(async (c) => {
      const res = await api.request('/openapi.json', { headers: { cookie: c.req.header('cookie') ?? '' } });
      if (!res.ok) throw new Error(`the API's document answered ${res.status}`);
      return {
        // As JSON text with `<` escaped: the page's start-up script carries it, and no `</script>` can end that early.
        content: JSON.stringify(await res.json()).replace(/</g, '\\u003c'),
        pageTitle: 'Clusters API · Panel',
        // The bundle's URL (a classic script, not the ESM build's chunks) and the nonce of the page's inline script.
        cdn: assetUrl('scalar-api-reference.js'),
        nonce: c.get('secureHeadersNonce'),
        ...NOTHING_ELSEWHERE,
        // A reference of the panel's API: no developer toolbar, every tag open.
        showDeveloperTools: 'never',
        defaultOpenAllTags: true,
        hideClientButton: true,
        authentication: { preferredSecurityScheme: 'bearerAuth' },
        customFetch: withoutCookies,
      };
    }),
  );

  return app;
}
