/**
 * Every route of the reference host with the plugin mounted, read from the router (`app.routes`), and what the
 * abuse suite sends to each. A route without a case here fails the suite, so a new route cannot be forgotten;
 * a case without a route fails it too, so the table cannot rot.
 */
/** Who a route answers: anyone, a bearer token (`/api/*`), or a browser session. */
export type RouteAccess = 'public' | 'token' | 'session';

/** A request body: JSON for the API, form fields for pages; a string is sent as it is (malformed on purpose). */
export type AbuseBody = Record<string, unknown> | string;

export interface BadInput {
  what: string;
  body: AbuseBody;
  /** What the answer must say: the API's error message, or the page's text. */
  says: RegExp;
  /** 400 unless said otherwise (a form re-rendered for htmx is 200, the host's forms answer 422). */
  status?: number;
}

export interface BadQuery {
  what: string;
  query: string;
  says: RegExp;
}

export interface RouteCase {
  /** A body the owner could send, so that a refusal is about who asks, not what is sent. Absent: the route reads none. */
  body?: Record<string, unknown>;
  /** A read that needs the write permission (join commands, operation confirmations). */
  needsWrite?: true;
  /** A write a viewer may make, and why (not checked for 403). */
  viewerMay?: string;
  /**
   * A write naming no resource in its path whose body names one of team A's objects: the status another team's
   * owner gets for it. (Paths naming a resource are a 404; reads of lists show the caller's own team; other
   * writes act in the caller's own team and are not sent.)
   */
  otherTeam?: number;
  /** Bad inputs beyond the ones every body-reading write gets (malformed JSON, a JSON array, an oversized body). */
  bad?: BadInput[];
  /** Query strings the route refuses (400 naming the parameter) before it asks the swarm. */
  badQuery?: BadQuery[];
  /** Bad inputs read only after the swarm is asked (the label editor re-reads the node): run on the lab only. */
  badOnLab?: BadInput[];
  /** Headers the route needs besides credentials (MCP's Accept). */
  headers?: Record<string, string>;
  /**
   * A transport that answers refusals inside a 200 (MCP: a tool's error result): what another team's owner, a
   * read-only token and a viewer must read in the answer instead of a 404 or 403.
   */
  refusedInBand?: RegExp;
}

export interface ListedRoute {
  method: string;
  path: string;
  access: RouteAccess;
  key: string;
}

const PUBLIC = new Set(['/healthz', '/assets/:name', '/login', '/logout', '/clusters/assets/:name']);

/** The endpoints of an app: `use()` middleware is registered as method ALL and is not an endpoint. */
export function listRoutes(app: { routes: readonly { method: string; path: string }[] }): ListedRoute[] {
  const seen = new Map<string, ListedRoute>();
  for (const { method, path } of app.routes) {
    if (method === 'ALL') continue;
    const key = `${method} ${path}`;
    const access: RouteAccess = PUBLIC.has(path) ? 'public' : path.startsWith('/api/') ? 'token' : 'session';
    seen.set(key, { method, path, access, key });
  }
  return [...seen.values()];
}

export const isWrite = (route: Pick<ListedRoute, 'method'>) => route.method !== 'GET';

/** The ids a target fills into paths. */
export interface RouteIds {
  cluster: string;
  application: string;
  server: string;
  /** A token of team A whose owner is not the caller (revoking it is a write of someone else's). */
  token: string;
  node: string;
  service: string;
  task: string;
  secret: string;
  config: string;
  rotation: string;
  stack: string;
  hostAsset: string;
  pluginAsset: string;
}

/** Which id each path parameter takes, by the path it is in. An unknown parameter throws: give it a rule. */
const PARAMS: [RegExp, string, keyof RouteIds][] = [
  [/^\/(api\/v1\/)?applications\//, ':uuid', 'application'],
  [/^\/(api\/v1\/)?clusters\//, ':uuid', 'cluster'],
  [/./, ':appUuid', 'application'],
  [/^\/(api\/v1\/)?servers\//, ':id', 'server'],
  [/./, ':serverId', 'server'],
  [/^\/api\/v1\/tokens\//, ':id', 'token'],
  [/./, ':nodeId', 'node'],
  [/./, ':serviceId', 'service'],
  [/./, ':taskId', 'task'],
  [/\/secrets\//, ':id', 'secret'],
  [/\/configs\//, ':id', 'config'],
  [/./, ':rotationId', 'rotation'],
  [/\/stacks\//, ':name', 'stack'],
  [/^\/assets\//, ':name', 'hostAsset'],
  [/^\/clusters\/assets\//, ':name', 'pluginAsset'],
];

function idOf(path: string, param: string): keyof RouteIds {
  const rule = PARAMS.find(([where, name]) => name === param && where.test(path));
  if (!rule) throw new Error(`no id for ${param} in ${path}: add a rule to PARAMS`);
  return rule[2];
}

export function resolvePath(path: string, ids: RouteIds): string {
  return path.replace(/:[A-Za-z]+/g, (param) => encodeURIComponent(ids[idOf(path, param)]));
}

/** Ids of what a team owns (another team's is a 404); nodes, services and tasks are found in the cluster. */
const TEAM_RESOURCES: ReadonlySet<keyof RouteIds> = new Set(['cluster', 'application', 'server', 'token']);

/** Whether the path names a resource of a team. */
export const namesTeamResource = (path: string) => (path.match(/:[A-Za-z]+/g) ?? []).some((param) => TEAM_RESOURCES.has(idOf(path, param)));

const HIDDEN = '\u202e';
const NUL = '\u0000';
const hidden = (field: string): BadInput[] => [
  { what: `${field} with a right-to-left override`, body: { [field]: `gpj${HIDDEN}exe` }, says: new RegExp(`${field}.*control characters`) },
  { what: `${field} with a NUL`, body: { [field]: `x${NUL}y` }, says: new RegExp(`${field}.*control characters`) },
];
const withDefaults = (base: Record<string, unknown>, bad: BadInput[]): BadInput[] =>
  bad.map((b) => (typeof b.body === 'string' ? b : { ...b, body: { ...base, ...b.body } }));

const CLUSTER_BODY = { name: 'abuse', managerServerId: '{server}' };
const SERVER_BODY = { name: 'abuse', ip: '192.0.2.20', privateKey: '{privateKey}' };
const APPLICATION_BODY = { name: 'abuse', serverId: '{server}' };
const STACK_BODY = { name: 'abuse-stack', compose: 'services:\n  web:\n    image: lab/busybox:latest\n', dryRun: true };
const STACK_FORM = { name: 'abuse-stack', compose: 'services:\n  web:\n    image: lab/busybox:latest\n' };
const STACK_FORM_BAD: BadInput[] = withDefaults(STACK_FORM, [
  { what: 'name with a right-to-left override', body: { name: `gpj${HIDDEN}exe` }, says: /name: must start with a letter or digit/ },
  { what: 'a variable line without =', body: { env: 'NOPE' }, says: /env: line 1 must be KEY=value/ },
  { what: 'a compose key at fault', body: { compose: 'services:\n  web:\n    image: x\n    ports: ["eighty"]\n' }, says: /services\.web\.ports\[0\]/ },
]);
const SWARM_FORM = { mode: 'replicated', replicas: '2' };
/** Nine aliases of nine aliases, five levels deep: 9^5 expansions from a few hundred bytes. */
const ALIAS_BOMB = ['a: &a [x,x,x,x,x,x,x,x,x]', ...['b', 'c', 'd', 'e'].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcd'[i]}`).join(',')}]`)].join('\n');
const SWARM_BAD: BadInput[] = [
  { what: 'replicas not a number', body: { mode: 'replicated', replicas: 'many' }, says: /replicas|whole number|number/i },
  { what: 'mode unknown', body: { mode: 'everywhere' }, says: /mode|replicated or global/i },
];

const SECRET_BODY = { name: 'abuse-secret', value: 'abuse-value' };
const CONFIG_BODY = { name: 'abuse-config', data: 'abuse-data' };
/** Bad inputs of creating a secret (content field `value`) or a config (`data`). */
const objectBad = (content: 'value' | 'data'): BadInput[] => [
  { what: 'name with a right-to-left override', body: { name: `gpj${HIDDEN}exe` }, says: /^name: name uses letters/ },
  { what: 'name starting with a dash', body: { name: '-rm' }, says: /^name: name uses letters/ },
  { what: `${content} a number`, body: { [content]: 5 }, says: new RegExp(`^${content}: `) },
  { what: 'a label key with a space', body: { labels: { 'a b': 'c' } }, says: /^labels\.a b: / },
  { what: 'an unknown field', body: { shell: 'rm -rf /' }, says: /unknown field\(s\): shell/ },
];

/** Bad inputs of the create forms: each is answered with the form, the message beside the field. */
const objectFormBad = (content: 'value' | 'data'): BadInput[] => [
  { what: 'name with a right-to-left override', body: { name: `gpj${HIDDEN}exe` }, says: /name uses letters/ },
  { what: `${content} empty`, body: { [content]: '' }, says: /may not be empty/ },
  { what: 'a label line without =', body: { labels: 'tier' }, says: /write a label as key=value/ },
  { what: 'a label key with a NUL', body: { labels: `a${NUL}b=c` }, says: /label key/ },
];

/** One MCP tool call scaling team A's service (`{cluster}` and `{service}` are its ids): a write for every caller to try. */
const MCP_CALL = {
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: { name: 'scale-service', arguments: { cluster: '{cluster}', service: '{service}', replicas: 2, confirm: true } },
};

/**
 * The cases, one per route. `{server}` and `{privateKey}` in bodies are filled by the target (its manager server
 * and a syntactically valid key).
 */
export const ROUTE_CASES: Record<string, RouteCase> = {
  // Public: no credentials needed; abused with oversized and cross-site bodies.
  'GET /healthz': {},
  'GET /assets/:name': {},
  'GET /clusters/assets/:name': {},
  'GET /login': {},
  'POST /login': {
    body: { email: 'nobody@example.com', password: 'wrong-password' },
    bad: [
      { what: 'email with a right-to-left override', body: { email: `a${HIDDEN}@example.com`, password: 'x' }, says: /Invalid email or password/, status: 401 },
    ],
  },
  'POST /logout': { viewerMay: 'anyone may end their own session' },

  // The host's admin API.
  'GET /api/v1/me': {},
  'POST /api/v1/teams': { body: { name: 'abuse' }, bad: [...hidden('name'), { what: 'name a number', body: { name: 7 }, says: /name: must be a string/ }] },
  'POST /api/v1/users': {
    body: { email: 'abuse@example.com', password: 'abuse-password-1', role: 'member' },
    bad: [
      { what: 'role unknown', body: { email: 'abuse@example.com', password: 'abuse-password-1', role: 'root' }, says: /role: must be one of/ },
      { what: 'password a number', body: { email: 'abuse@example.com', password: 12345678, role: 'member' }, says: /password: must be a string/ },
    ],
  },
  'POST /api/v1/tokens': {
    body: { userId: '{viewerUser}', abilities: ['read'] },
    // Minting a token for a user of team A.
    otherTeam: 404,
    bad: [{ what: 'abilities a string', body: { userId: 'x', abilities: 'write' }, says: /abilities: must be/ }],
  },
  'GET /api/v1/tokens': {},
  'DELETE /api/v1/tokens/:id': {},
  'POST /api/v1/servers': {
    body: SERVER_BODY,
    bad: withDefaults(SERVER_BODY, [...hidden('name'), { what: 'port a string', body: { port: '22' }, says: /port: must be a number/ }]),
  },
  'GET /api/v1/servers': {},
  'GET /api/v1/servers/:id': {},
  'POST /api/v1/applications': {
    body: APPLICATION_BODY,
    // Team A's server named as the application's.
    otherTeam: 404,
    bad: withDefaults(APPLICATION_BODY, [...hidden('name'), { what: 'serverId an object', body: { serverId: {} }, says: /serverId: must be a string/ }]),
  },
  'GET /api/v1/applications': {},
  'GET /api/v1/applications/:uuid': {},
  'GET /api/v1/notifications': { badQuery: [{ what: 'limit 0', query: 'limit=0', says: /^limit: / }] },
  'POST /api/v1/notification-channels': {
    body: { url: 'https://hooks.example.com/abuse' },
    bad: [{ what: 'url not a URL', body: { url: 'not a url' }, says: /url/ }],
  },

  // The plugin's API.
  'GET /api/v1/clusters': {},
  // The same document for every caller: no team's data in it.
  'GET /api/v1/clusters/openapi.json': {},
  'POST /api/v1/clusters': {
    body: CLUSTER_BODY,
    // Team A's server named as the manager.
    otherTeam: 400,
    bad: withDefaults(CLUSTER_BODY, [
      ...hidden('name'),
      { what: 'name a number', body: { name: 42 }, says: /^name: / },
      { what: 'an unknown field', body: { shell: 'rm -rf /' }, says: /unknown field\(s\): shell/ },
    ]),
  },
  'POST /api/v1/clusters/detect': {},
  'GET /api/v1/clusters/:uuid': {},
  'PATCH /api/v1/clusters/:uuid': {
    body: { name: 'renamed' },
    bad: [
      ...hidden('name'),
      { what: 'description a number', body: { description: 5 }, says: /^description: / },
      { what: 'a sync interval too short', body: { settings: { syncIntervalSeconds: 1 } }, says: /^settings\.syncIntervalSeconds: / },
      { what: 'an unknown setting', body: { settings: { shell: 'x' } }, says: /unknown field\(s\): shell/ },
    ],
  },
  'GET /api/v1/clusters/notification-preferences': {},
  'PUT /api/v1/clusters/notification-preferences': {
    body: { 'node.ready': 'immediate' },
    bad: [
      { what: 'a mode unknown', body: { 'node.down': 'loud' }, says: /^node\.down: must be one of/ },
      { what: 'a kind unknown', body: { 'node.exploded': 'off' }, says: /unknown field\(s\): node\.exploded/ },
    ],
  },
  'GET /api/v1/clusters/:uuid/notification-preferences': {},
  'PUT /api/v1/clusters/:uuid/notification-preferences': {
    body: { 'service.recovered': 'off' },
    bad: [{ what: 'a mode a number', body: { 'node.down': 1 }, says: /^node\.down: must be one of/ }],
  },
  'DELETE /api/v1/clusters/:uuid': {},
  'POST /api/v1/clusters/:uuid/sync': {},
  'GET /api/v1/clusters/:uuid/nodes': {},
  'GET /api/v1/clusters/:uuid/nodes/:nodeId': {},
  'GET /api/v1/clusters/:uuid/nodes/:nodeId/resources': {},
  'GET /api/v1/clusters/:uuid/tasks/:taskId/logs': {},
  'GET /api/v1/clusters/:uuid/nodes/:nodeId/drain-preview': {},
  'POST /api/v1/clusters/:uuid/nodes/:nodeId/availability': {
    body: { availability: 'pause' },
    bad: [
      { what: 'availability unknown', body: { availability: 'gone' }, says: /availability must be active, pause or drain/ },
      { what: 'availability a number', body: { availability: 1 }, says: /availability must be/ },
    ],
  },
  'POST /api/v1/clusters/:uuid/nodes/:nodeId/promote': {},
  'POST /api/v1/clusters/:uuid/nodes/:nodeId/demote': {},
  'DELETE /api/v1/clusters/:uuid/nodes/:nodeId': { badQuery: [{ what: 'force not a flag', query: 'force=maybe', says: /force must be true or false/ }] },
  'PATCH /api/v1/clusters/:uuid/nodes/:nodeId/labels': {
    body: { add: { zone: 'abuse' } },
    bad: [
      { what: 'a label key with a right-to-left override', body: { add: { [`zo${HIDDEN}ne`]: 'a' } }, says: /^add\./ },
      { what: 'add a list', body: { add: ['zone'] }, says: /^add: / },
    ],
  },
  'GET /api/v1/clusters/:uuid/join-command': {
    needsWrite: true,
    badQuery: [{ what: 'role unknown', query: 'role=root', says: /role must be worker or manager/ }],
  },
  'GET /api/v1/clusters/:uuid/services': {
    badQuery: [
      { what: 'limit 0', query: 'limit=0', says: /limit is at least 1/ },
      { what: 'offset negative', query: 'offset=-1', says: /offset is at least 0/ },
      { what: 'health unknown', query: 'health=great', says: /health must be short or ok/ },
      { what: 'q too long', query: `q=${'q'.repeat(201)}`, says: /q is at most 200 characters/ },
      { what: 'an unknown parameter', query: 'shell=1', says: /unknown field\(s\): shell/ },
    ],
  },
  'GET /api/v1/clusters/:uuid/services/:serviceId': {},
  'GET /api/v1/clusters/:uuid/services/:serviceId/tasks': {},
  'POST /api/v1/clusters/:uuid/services/:serviceId/scale': {
    body: { replicas: 2 },
    bad: [
      { what: 'replicas a string', body: { replicas: 'two' }, says: /^replicas: / },
      { what: 'replicas negative', body: { replicas: -1 }, says: /^replicas: / },
    ],
  },
  'POST /api/v1/clusters/:uuid/services/:serviceId/rollback': {},
  'POST /api/v1/clusters/:uuid/services/:serviceId/force-update': {},
  'DELETE /api/v1/clusters/:uuid/services/:serviceId': {},
  'GET /api/v1/clusters/:uuid/services/:serviceId/progress': {},
  'GET /api/v1/clusters/:uuid/services/:serviceId/logs': {
    badQuery: [
      { what: 'tail negative', query: 'tail=-1', says: /tail must be 0 or more/ },
      { what: 'follow not a flag', query: 'follow=maybe', says: /follow must be true or false/ },
    ],
  },
  'GET /api/v1/clusters/:uuid/tasks': {
    badQuery: [
      { what: 'node too long', query: `node=${'n'.repeat(101)}`, says: /^node: / },
      { what: 'an unknown parameter', query: 'shell=1', says: /unknown field\(s\): shell/ },
    ],
  },
  'GET /api/v1/clusters/:uuid/visualizer': {},
  'GET /api/v1/clusters/:uuid/events': {
    badQuery: [
      { what: 'limit not a number', query: 'limit=abc', says: /^limit: / },
      { what: 'limit 0', query: 'limit=0', says: /limit is at least 1/ },
      { what: 'since not a time', query: 'since=yesterday', says: /^since: / },
      { what: 'type unknown', query: 'type=bogus', says: /^type: / },
      { what: 'an unknown parameter', query: 'shell=1', says: /unknown field\(s\): shell/ },
    ],
  },
  'GET /api/v1/clusters/:uuid/secrets': {},
  'GET /api/v1/clusters/:uuid/secrets/:id': {},
  'POST /api/v1/clusters/:uuid/secrets': { body: SECRET_BODY, bad: withDefaults(SECRET_BODY, objectBad('value')) },
  'DELETE /api/v1/clusters/:uuid/secrets/:id': {},
  'POST /api/v1/clusters/:uuid/secrets/:id/rotate': {
    body: { value: 'rotated' },
    bad: [
      { what: 'value a number', body: { value: 5 }, says: /^value: / },
      { what: 'value empty', body: { value: '' }, says: /^value: a secret may not be empty/ },
    ],
  },
  'GET /api/v1/clusters/:uuid/configs': {},
  'GET /api/v1/clusters/:uuid/configs/:id': {},
  'POST /api/v1/clusters/:uuid/configs': { body: CONFIG_BODY, bad: withDefaults(CONFIG_BODY, objectBad('data')) },
  'DELETE /api/v1/clusters/:uuid/configs/:id': {},
  'POST /api/v1/clusters/:uuid/configs/:id/rotate': {
    body: { data: 'rotated' },
    bad: [{ what: 'data missing', body: { value: 'x' }, says: /unknown field\(s\): value|^data: / }],
  },
  'GET /api/v1/clusters/:uuid/rotations/:rotationId': {},
  'POST /api/v1/clusters/:uuid/rotations/:rotationId/resume': {},
  'GET /api/v1/clusters/:uuid/stacks': {},
  'GET /api/v1/clusters/:uuid/stacks/:name': {},
  'GET /api/v1/clusters/:uuid/stacks/:name/progress': {},
  'POST /api/v1/clusters/:uuid/stacks': {
    body: STACK_BODY,
    bad: withDefaults(STACK_BODY, [
      { what: 'name with a right-to-left override', body: { name: `gpj${HIDDEN}exe` }, says: /^name: must start with a letter or digit/ },
      { what: 'compose a number', body: { compose: 7 }, says: /^compose: / },
      {
        what: 'a compose key at fault',
        body: { compose: 'services:\n  web:\n    image: x\n    deploy:\n      replicas: many\n' },
        says: /services\.web\.deploy\.replicas: must be a whole number/,
      },
      { what: 'a compose alias bomb', body: { compose: `${ALIAS_BOMB}\nservices:\n  web:\n    image: x\n` }, says: /YAML error/ },
      { what: 'a variable name with a NUL', body: { env: { [`A${NUL}`]: 'x' } }, says: /^env\./ },
      { what: 'an unknown field', body: { shell: 'rm -rf /' }, says: /unknown field\(s\): shell/ },
    ]),
  },
  'DELETE /api/v1/clusters/:uuid/stacks/:name': {},

  // The plugin's MCP endpoint.
  'POST /api/v1/mcp': {
    body: MCP_CALL,
    headers: { accept: 'application/json, text/event-stream' },
    otherTeam: 200,
    refusedInBand: /(not found|read-only|may not)[\s\S]*"isError":true/,
    bad: [
      { what: 'jsonrpc missing', body: { id: 1, method: 'tools/list' }, says: /^jsonrpc: / },
      { what: 'a batch', body: '[{"jsonrpc":"2.0","id":1,"method":"tools/list"}]', says: /one JSON-RPC message/ },
    ],
  },

  // The host's pages and forms.
  'GET /': {},
  'GET /servers': {},
  'GET /servers/:id': {},
  'POST /servers': {
    body: SERVER_BODY,
    bad: withDefaults(SERVER_BODY, [
      { what: 'name with a right-to-left override', body: { name: `gpj${HIDDEN}exe` }, says: /control characters/, status: 422 },
      { what: 'port not a number', body: { port: 'twenty-two' }, says: /must be a number/, status: 422 },
    ]),
  },
  'GET /applications': {},
  'POST /applications': {
    body: APPLICATION_BODY,
    otherTeam: 422,
    bad: withDefaults(APPLICATION_BODY, [{ what: 'name with a NUL', body: { name: `x${NUL}y` }, says: /control characters/, status: 422 }]),
  },
  'GET /applications/:uuid': {},
  'GET /notifications': {},
  'GET /api-reference': {},
  'POST /notifications/read': {},

  // The plugin's pages and forms.
  'GET /clusters': {},
  'POST /clusters/servers/:serverId/host-key/trust': {
    body: { fingerprint: 'SHA256:abuse' },
    // Any fingerprint but the one the server was refused for is a conflict, and nothing is trusted.
    bad: [{ what: 'a fingerprint the server never presented', body: { fingerprint: `SHA256:${HIDDEN}x` }, says: /is not the key/, status: 409 }],
  },
  'POST /clusters': {
    body: CLUSTER_BODY,
    otherTeam: 200,
    bad: withDefaults(CLUSTER_BODY, [
      // The form comes back with the message beside the field, nothing created.
      { what: 'name with a right-to-left override', body: { name: `gpj${HIDDEN}exe` }, says: /control characters/, status: 200 },
      { what: 'name too long', body: { name: 'x'.repeat(101) }, says: /at most 100/, status: 200 },
    ]),
  },
  'POST /clusters/detect': {},
  'GET /clusters/notifications': {},
  'POST /clusters/notifications': {
    body: { 'node.down': 'digest' },
    // The form comes back with the message beside the kind, nothing saved.
    bad: [{ what: 'a mode unknown', body: { 'node.down': 'digest', 'node.ready': 'loud' }, says: /node\.ready must be one of/, status: 200 }],
  },
  'GET /clusters/:uuid': {},
  'GET /clusters/:uuid/resources': {},
  'GET /clusters/:uuid/services': {},
  'GET /clusters/:uuid/services/:serviceId': {},
  'GET /clusters/:uuid/services/:serviceId/actions': {},
  'GET /clusters/:uuid/visualizer': {},
  'GET /clusters/:uuid/visualizer/group': {},
  'GET /clusters/:uuid/visualizer/topology': {},
  'GET /clusters/:uuid/tasks/:taskId': {},
  'GET /clusters/:uuid/tasks/:taskId/logs': {},
  'GET /clusters/:uuid/events': {},
  'GET /clusters/:uuid/events/rows': {},
  'GET /clusters/:uuid/live': {},
  'GET /clusters/:uuid/settings': {},
  'POST /clusters/:uuid/settings/details': {
    body: { name: 'renamed', description: '' },
    // The form comes back with the message beside the field, nothing changed.
    bad: [
      { what: 'name with a right-to-left override', body: { name: `gpj${HIDDEN}exe` }, says: /control characters/, status: 200 },
      { what: 'name empty', body: { name: '' }, says: /name is required/, status: 200 },
    ],
  },
  'POST /clusters/:uuid/settings/cluster': {
    body: { syncIntervalSeconds: '30' },
    bad: [
      { what: 'a sync interval too short', body: { syncIntervalSeconds: '1' }, says: /syncIntervalSeconds is at least 5 s/, status: 200 },
      { what: 'a retention not a number', body: { eventRetentionDays: 'a week' }, says: /eventRetentionDays must be a number of days/, status: 200 },
    ],
  },
  'POST /clusters/:uuid/settings/notifications': {
    body: { 'node.down': 'digest' },
    // The form comes back with the message beside the kind, nothing saved.
    bad: [{ what: 'a mode unknown', body: { 'node.down': 'digest', 'node.ready': 'loud' }, says: /node\.ready must be one of/, status: 200 }],
  },
  'POST /clusters/:uuid/sync': {},
  'GET /clusters/:uuid/delete': { needsWrite: true },
  'POST /clusters/:uuid/delete': {},
  'GET /clusters/:uuid/secrets': {},
  'POST /clusters/:uuid/secrets': { body: SECRET_BODY, bad: withDefaults(SECRET_BODY, objectFormBad('value')) },
  'POST /clusters/:uuid/secrets/:id/remove': {},
  'GET /clusters/:uuid/secrets/:id/rotate': { needsWrite: true },
  'POST /clusters/:uuid/secrets/:id/rotate': {
    body: { value: 'rotated' },
    bad: [{ what: 'value empty', body: { value: '' }, says: /a secret may not be empty/ }],
  },
  'GET /clusters/:uuid/configs': {},
  'GET /clusters/:uuid/configs/:id': {},
  'POST /clusters/:uuid/configs': { body: CONFIG_BODY, bad: withDefaults(CONFIG_BODY, objectFormBad('data')) },
  'POST /clusters/:uuid/configs/:id/remove': {},
  'GET /clusters/:uuid/configs/:id/rotate': { needsWrite: true },
  'POST /clusters/:uuid/configs/:id/rotate': {
    body: { data: 'rotated' },
    bad: [{ what: 'data empty', body: { data: '' }, says: /a config may not be empty/ }],
  },
  'GET /clusters/:uuid/rotations/:rotationId': {},
  'POST /clusters/:uuid/rotations/:rotationId/resume': {},
  'GET /clusters/:uuid/nodes/:nodeId/drain': { needsWrite: true },
  'POST /clusters/:uuid/nodes/:nodeId/availability': {
    body: { availability: 'pause' },
    bad: [{ what: 'availability unknown', body: { availability: 'gone' }, says: /availability must be active, pause or drain/ }],
  },
  'GET /clusters/:uuid/nodes/:nodeId/drain-progress': {},
  'POST /clusters/:uuid/nodes/:nodeId/promote': {},
  'POST /clusters/:uuid/nodes/:nodeId/demote': {},
  'GET /clusters/:uuid/nodes/:nodeId/labels': { needsWrite: true },
  'POST /clusters/:uuid/nodes/:nodeId/labels': {
    body: { add_key: 'zone', add_value: 'abuse' },
    badOnLab: [
      { what: 'a label key with a right-to-left override', body: { add_key: `zo${HIDDEN}ne`, add_value: 'a' }, says: /control|character|key/i, status: 200 },
    ],
  },
  'GET /clusters/:uuid/nodes/:nodeId/remove': { needsWrite: true },
  'POST /clusters/:uuid/nodes/:nodeId/remove': { body: { force: 'true' } },
  'POST /clusters/:uuid/services/:serviceId/scale': {
    body: { replicas: '2' },
    bad: [
      { what: 'replicas not a number', body: { replicas: 'two' }, says: /replicas/ },
      { what: 'replicas negative', body: { replicas: '-3' }, says: /replicas/ },
    ],
  },
  'POST /clusters/:uuid/services/:serviceId/rollback': {},
  'POST /clusters/:uuid/services/:serviceId/force-update': {},
  'POST /clusters/:uuid/services/:serviceId/remove': {},
  'GET /clusters/:uuid/services/:serviceId/progress': {},
  'GET /clusters/:uuid/services/:serviceId/logs': {},
  'GET /clusters/:uuid/services/:serviceId/logs/stream': {},
  'GET /clusters/:uuid/stacks': {},
  'GET /clusters/:uuid/stacks/:name': {},
  'GET /clusters/:uuid/stacks/:name/progress': {},
  'POST /clusters/:uuid/stacks/preview': { body: STACK_FORM, bad: STACK_FORM_BAD },
  'POST /clusters/:uuid/stacks/deploy': { body: STACK_FORM, bad: STACK_FORM_BAD },
  'POST /clusters/:uuid/stacks/:name/remove': {},
  'GET /clusters/:uuid/add-node': {},
  'GET /clusters/:uuid/add-node/command': { needsWrite: true },
  'GET /clusters/:uuid/add-node/wait': { needsWrite: true },
  'GET /clusters/applications/:appUuid/tasks': {},
  'GET /clusters/applications/:appUuid/swarm': {},
  'POST /clusters/applications/:appUuid/swarm': { body: SWARM_FORM, bad: SWARM_BAD },
  'POST /clusters/applications/:appUuid/swarm/preflight': { body: SWARM_FORM, viewerMay: 'a viewer checks the saved settings (nothing is saved)' },
  'POST /clusters/applications/:appUuid/swarm/deploy': { body: SWARM_FORM, bad: SWARM_BAD },
  'POST /clusters/applications/:appUuid/swarm/yaml': {
    body: { 'yaml.deploy': 'replicas: 2' },
    viewerMay: 'a viewer reads pasted YAML into the form (nothing is saved)',
    bad: [
      { what: 'an alias bomb', body: { 'yaml.deploy': ALIAS_BOMB }, says: /deploy: YAML error: Excessive alias count/ },
      { what: 'an unresolved alias', body: { 'yaml.deploy': 'replicas: *nowhere' }, says: /deploy: YAML error: Unresolved alias/ },
    ],
  },
};
