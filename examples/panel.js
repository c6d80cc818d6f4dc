/**
 * A panel reduced to what the clusters plugin touches, in plain JavaScript for plain `node`: teams with roles,
 * sessions and API tokens, servers with encrypted SSH keys, notifications, a layout. It stands for your panel;
 * examples/clusters.js is the glue you would write. test/package-install.lab.test.ts installs the packed plugin
 * into a fresh project with these two files and runs `node panel.js` against a lab swarm.
 *
 *   PORT (3000), HOST (127.0.0.1), DATA_DIR (./data)
 *   PANEL_SEED  JSON, applied once: { email, token, session, servers: [{ name, ip, port, user, privateKeyFile,
 *               swarmManager, swarmWorker, transport? }] } (an owner with that API token and browser session, and servers)
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { MOUNTS, mountClusters } from './clusters.js';

const dataDir = process.env.DATA_DIR ?? './data';
mkdirSync(dataDir, { recursive: true });
const db = new Database(join(dataDir, 'panel.sqlite'));
db.exec(`
  create table if not exists teams (id text primary key, name text not null);
  create table if not exists users (id text primary key, email text not null unique);
  create table if not exists members (team_id text not null, user_id text not null, role text not null, primary key (team_id, user_id));
  create table if not exists sessions (token_hash text primary key, user_id text not null, team_id text not null, csrf text not null);
  create table if not exists api_tokens (token_hash text primary key, user_id text not null, team_id text not null, abilities text not null);
  create table if not exists servers (id text primary key, team_id text not null, name text not null, ip text not null, port integer not null,
    user text not null, private_key text not null, swarm_manager integer not null, swarm_worker integer not null, docker_socket text,
    transport text not null default 'ssh');
  create table if not exists notifications (id integer primary key, team_id text not null, level text not null, title text not null,
    message text not null, link text, created_at text not null default current_timestamp);
`);

const keyFile = join(dataDir, 'panel.key');
if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(32).toString('hex'), { mode: 0o600 });
const key = Buffer.from(readFileSync(keyFile, 'utf8'), 'hex');
const hash = (token) => createHash('sha256').update(token).digest('hex');
const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function encrypt(plaintext) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

function decrypt(ciphertext) {
  const raw = Buffer.from(ciphertext, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

const bearerOf = (request) => /^Bearer (\S+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
const sessionOf = (request) => /(?:^|;\s*)panel_session=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
const memberQuery = db.prepare(
  'select users.email, members.role from users join members on members.user_id = users.id where users.id = ? and members.team_id = ?',
);

async function principalOf(request) {
  const bearer = bearerOf(request);
  if (bearer) {
    const token = db.prepare('select * from api_tokens where token_hash = ?').get(hash(bearer));
    const member = token && memberQuery.get(token.user_id, token.team_id);
    return member ? { userId: token.user_id, teamId: token.team_id, ...member, abilities: token.abilities.split(','), via: 'token' } : null;
  }
  const session = sessionOf(request);
  const row = session && db.prepare('select * from sessions where token_hash = ?').get(hash(session));
  const member = row && memberQuery.get(row.user_id, row.team_id);
  return member ? { userId: row.user_id, teamId: row.team_id, ...member, abilities: ['read', 'write'], via: 'session' } : null;
}

const csrfOf = (request) => {
  const session = sessionOf(request);
  return (session && db.prepare('select csrf from sessions where token_hash = ?').get(hash(session))?.csrf) ?? '';
};

// 422 (a form with field errors) swaps like a 200; no eval, so the pages run under a strict CSP.
const HTMX_CONFIG = {
  allowEval: false,
  includeIndicatorStyles: false,
  historyCacheSize: 0,
  selfRequestsOnly: true,
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '422', swap: true },
    { code: '[45]..', swap: false, error: true },
  ],
};

// `head`: a plugin page's stylesheets and scripts (already escaped), after the panel's own.
async function page({ title, body, head, request, active, nav }) {
  const links = nav
    .map((item) => `<a href="${escapeHtml(item.href)}"${item.id === active ? ' aria-current="page"' : ''}>${escapeHtml(item.label)}</a>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Example panel</title>
<meta name="htmx-config" content="${escapeHtml(JSON.stringify(HTMX_CONFIG))}">
<script src="${MOUNTS.web}/assets/htmx.min.js" defer></script>
<script src="${MOUNTS.web}/assets/alpine.min.js" defer></script>${head ?? ''}</head>
<body hx-headers="${escapeHtml(JSON.stringify({ 'X-CSRF-Token': csrfOf(request) }))}">
<nav class="panel-nav"><a href="/">Example panel</a>${links}</nav>
<main>${body}</main></body></html>`;
}

const levels = ['debug', 'info', 'warn', 'error'];
const threshold = levels.indexOf(process.env.LOG_LEVEL ?? 'info');
const logger = Object.fromEntries(
  levels.map((level, rank) => [level, (msg, data) => rank >= threshold && process.stderr.write(`${JSON.stringify({ level, msg, ...data })}\n`)]),
);

function notify(teamId, { level, title, message, link }) {
  db.prepare('insert into notifications (team_id, level, title, message, link) values (?, ?, ?, ?, ?)').run(teamId, level, title, message, link ?? null);
}

function seed(json) {
  const { email, token, session, servers = [] } = JSON.parse(json);
  if (db.prepare('select 1 from users where email = ?').get(email)) return;
  const teamId = randomUUID();
  const userId = randomUUID();
  db.prepare('insert into teams values (?, ?)').run(teamId, 'Example team');
  db.prepare('insert into users values (?, ?)').run(userId, email);
  db.prepare('insert into members values (?, ?, ?)').run(teamId, userId, 'owner');
  db.prepare('insert into api_tokens values (?, ?, ?, ?)').run(hash(token), userId, teamId, 'read,write');
  db.prepare('insert into sessions values (?, ?, ?, ?)').run(hash(session), userId, teamId, randomBytes(24).toString('hex'));
  for (const s of servers) {
    db.prepare('insert into servers values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      randomUUID(),
      teamId,
      s.name,
      s.ip,
      s.port ?? 22,
      s.user ?? 'root',
      encrypt(readFileSync(s.privateKeyFile, 'utf8')),
      s.swarmManager ? 1 : 0,
      s.swarmWorker ? 1 : 0,
      null,
      s.transport ?? 'ssh',
    );
  }
}
if (process.env.PANEL_SEED) seed(process.env.PANEL_SEED);

const app = new Hono();
// Browser writes: same origin, and the session's CSRF token in X-CSRF-Token (htmx sends it from <body hx-headers>).
// A bearer token is no ambient credential; a request carrying both is refused.
app.use('*', async (c, next) => {
  if (/^(GET|HEAD|OPTIONS)$/.test(c.req.method)) return next();
  const session = sessionOf(c.req.raw);
  if (bearerOf(c.req.raw) && !session) return next();
  if (bearerOf(c.req.raw)) return c.text('a session cookie or a bearer token, not both', 403);
  await csrf()(c, async () => {});
  if (!session || c.req.header('X-CSRF-Token') !== csrfOf(c.req.raw)) return c.text('missing or invalid CSRF token', 403);
  return next();
});
app.get('/', async (c) => c.html(await page({ title: 'Home', body: `<p><a href="${MOUNTS.web}">Clusters</a></p>`, request: c.req.raw, nav: [] })));

const clusters = await mountClusters({ app, panel: { db, dataDir, principalOf, encrypt, decrypt, notify, page, logger } });

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000), hostname: process.env.HOST ?? '127.0.0.1' }, (info) => {
  console.log(`Panel listening on http://${info.address}:${info.port}`);
});

async function shutdown() {
  server.close();
  await clusters.stop();
  db.close();
}
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () =>
    shutdown().catch((error) => {
      logger.error('shutdown failed', { error: String(error) });
      process.exitCode = 1;
    }),
  );
}
