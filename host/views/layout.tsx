/**
 * The host's chrome around every page, its own and the plugin's: top bar (team, user,
 * logout), sidebar (host entries plus the plugin's when it says so) and the main area, where
 * `body` goes in raw: callers hand over already-escaped HTML (contract `LayoutPage`).
 */
import { raw } from 'hono/html';
import type { HostLogger, LayoutPage, Principal } from '../../src/contract/host.ts';
import { assetUrl } from '../assets.ts';
import { CSRF_FIELD, CSRF_HEADER, csrfTokenOf } from '../auth/csrf.ts';
import { resolvePrincipal } from '../auth/principal.ts';
import type { HostDb } from '../db/open.ts';
import type { HostExtensions } from '../extensions.ts';
import { getTeam } from '../store/accounts.ts';
import { countUnread } from '../store/notifications.ts';

/**
 * History snapshots hold team data: keep them out of localStorage. 422 (a form with field
 * errors) is swapped like a 200 so htmx forms can show their errors in place.
 */
const HTMX_CONFIG = {
  // The Content-Security-Policy allows no eval and no inline <style>: hx-on and trigger filters stay
  // unused, and the indicator styles htmx would inject are not needed (host.css styles .htmx-request).
  allowEval: false,
  includeIndicatorStyles: false,
  historyCacheSize: 0,
  refreshOnHistoryMiss: true,
  selfRequestsOnly: true,
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '422', swap: true },
    { code: '[45]..', swap: false, error: true },
  ],
};

const ICONS: Record<string, string> = {
  dashboard: '◧',
  server: '▤',
  application: '◫',
  bell: '◔',
  cluster: '⬡',
  api: '⇄',
};

export interface NavItem {
  id: string;
  label: string;
  href: string;
  icon: string;
  badge?: number;
}

export interface DocumentProps {
  title: string;
  body: string;
  /** A plugin page's stylesheets and scripts (escaped HTML), after the panel's own. */
  head?: string;
  principal: Principal | null;
  teamName: string;
  nav: NavItem[];
  active?: string;
  csrfToken: string;
}

export function Document(props: DocumentProps) {
  const { principal } = props;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={JSON.stringify(HTMX_CONFIG)} />
        <title>{props.title} · Panel</title>
        <link rel="stylesheet" href={assetUrl('host.css')} />
        <link rel="icon" href={assetUrl('favicon.svg')} type="image/svg+xml" />
        <script src={assetUrl('host.js')} data-alpine-src={assetUrl('alpine.min.js')} defer></script>
        {props.head ? raw(props.head) : null}
      </head>
      <body hx-headers={JSON.stringify({ [CSRF_HEADER]: props.csrfToken })}>
        <header class="topbar">
          <a class="brand" href="/">
            Panel
          </a>
          <span class="team">{props.teamName}</span>
          <span class="spacer"></span>
          {principal && (
            <>
              <span>
                {principal.email} <span class="badge">{principal.role}</span>
              </span>
              <form method="post" action="/logout">
                <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
                <button type="submit" class="link">
                  Log out
                </button>
              </form>
            </>
          )}
        </header>
        <div class="shell">
          <nav class="sidebar" aria-label="Main">
            {props.nav.map((item) => (
              <a href={item.href} aria-current={item.id === props.active ? 'page' : undefined}>
                <span class="icon" aria-hidden="true">
                  {ICONS[item.icon] ?? '•'}
                </span>
                {item.label}
                {item.badge ? <span class="badge">{item.badge}</span> : null}
              </a>
            ))}
          </nav>
          <main id="main">{raw(props.body)}</main>
        </div>
      </body>
    </html>
  );
}

export function createLayout(deps: { db: HostDb; logger: HostLogger; extensions: HostExtensions }) {
  async function navFor(principal: Principal | null): Promise<NavItem[]> {
    if (!principal) return [];
    const nav: NavItem[] = [
      { id: 'dashboard', label: 'Dashboard', href: '/', icon: 'dashboard' },
      { id: 'servers', label: 'Servers', href: '/servers', icon: 'server' },
      { id: 'applications', label: 'Applications', href: '/applications', icon: 'application' },
      {
        id: 'notifications',
        label: 'Notifications',
        href: '/notifications',
        icon: 'bell',
        badge: countUnread(deps.db, principal.teamId),
      },
    ];
    for (const entry of deps.extensions.sidebar) {
      // A failing plugin check hides its entry instead of breaking every page.
      const visible = await entry.visible({ principal }).catch((err: unknown) => {
        deps.logger.warn('sidebar visibility check failed', { entry: entry.id, error: err });
        return false;
      });
      if (visible) nav.push({ id: entry.id, label: entry.label, href: entry.href, icon: entry.icon });
    }
    return nav;
  }

  return {
    async render(page: LayoutPage): Promise<string> {
      const principal = resolvePrincipal(deps.db, page.request);
      const html = await (
        <Document
          title={page.title}
          body={page.body}
          head={page.head}
          principal={principal}
          teamName={principal ? (getTeam(deps.db, principal.teamId)?.name ?? '') : ''}
          nav={await navFor(principal)}
          active={page.active}
          csrfToken={csrfTokenOf(page.request)}
        />
      ).toString();
      return `<!DOCTYPE html>${html}`;
    },
  };
}
