/**
 * How the MCP tools reach the plugin: through its REST API, with the caller's bearer token, so team scope,
 * abilities, validation and the audit are the API's and nothing else. Inside the host the API's Hono app is
 * called in-process (`request()`, no network); the stdio server calls the panel over HTTP.
 */
export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRequest {
  method: ApiMethod;
  /** Under the API's mount, e.g. `/<uuid>/nodes`; '' for the mount itself (a trailing slash is another route). */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}

export interface ApiAnswer {
  status: number;
  /** The JSON body; the text when it is not JSON; null when empty. */
  body: unknown;
}

export type PanelApi = (request: ApiRequest) => Promise<ApiAnswer>;

type Fetcher = (url: string, init: RequestInit) => Response | Promise<Response>;

function apiThrough(fetcher: Fetcher, base: string, authorization: string): PanelApi {
  return async ({ method, path, query, body }) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) search.set(key, String(value));
    const headers: Record<string, string> = { authorization, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const url = `${base}${path}${search.size ? `?${search}` : ''}`;
    const res = await fetcher(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? parseJson(text) : null };
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The API's own app, asked in-process as the caller (`authorization` is the caller's header, passed on as it came). */
export function inProcessApi(app: { request: Fetcher }, authorization: string): PanelApi {
  return apiThrough((url, init) => app.request(url, init), '', authorization);
}

/** The API of a panel over HTTP: `apiUrl` is where the panel mounts it, e.g. `https://panel.example/api/v1/clusters`. */
export function httpApi(apiUrl: string, token: string, fetcher: Fetcher = fetch): PanelApi {
  return apiThrough(fetcher, apiUrl.replace(/\/+$/, ''), `Bearer ${token}`);
}
