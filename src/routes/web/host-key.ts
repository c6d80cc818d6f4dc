/**
 * A server's SSH host key on the host's server page (`serverWidget`), and `POST /servers/:serverId/host-key/trust`
 * to pin the key a server was refused for: owners and admins (the `cluster.update` action) only.
 */
import { type Context, Hono } from 'hono';
import { HostKeyPanel, type HostKeyPanelProps } from '../../../views/host-key-panel.tsx';
import type { HostInfo, Principal } from '../../contract/host.ts';
import type { ServerWidget } from '../../contract/plugin.ts';
import { ServiceError } from '../../services/errors.ts';
import type { ServerHostKey } from '../../services/host-key-trust.ts';
import type { PluginServices } from '../../services/plugin-services.ts';
import { allows, authorize, type PluginEnv } from '../auth.ts';
import { htmlFragment, isPartial, webAssets, widgetViewer } from './page-support.ts';

type HostKeyServices = Pick<PluginServices, 'host' | 'hostKeys'>;

export function hostKeyPanel(ctx: HostKeyServices, info: HostInfo): { routes: Hono<PluginEnv>; widget: ServerWidget } {
  const trustUrl = (serverId: string) => `${info.mounts.web}/servers/${encodeURIComponent(serverId)}/host-key/trust`;

  async function panel(principal: Principal, found: ServerHostKey, notice?: HostKeyPanelProps['notice']) {
    const mayTrust = await allows(ctx.host, principal, 'cluster.update');
    return HostKeyPanel({
      cssUrl: webAssets(info).url('clusters.css'),
      serverName: found.server.name,
      key: found.key,
      trustUrl: mayTrust ? trustUrl(found.server.id) : null,
      notice,
    });
  }

  const routes = new Hono<PluginEnv>();
  routes.post('/:serverId/host-key/trust', async (c: Context<PluginEnv>) => {
    const principal = c.get('principal');
    const serverId = c.req.param('serverId') ?? '';
    const found = await ctx.hostKeys.view(principal, serverId);
    await authorize(ctx.host, principal, 'cluster.update');
    const form = await c.req.parseBody();
    const fingerprint = typeof form.fingerprint === 'string' ? form.fingerprint : '';
    try {
      const trusted = await ctx.hostKeys.trust(principal, serverId, fingerprint);
      return htmlFragment(c, await panel(principal, trusted, { tone: 'ok', text: `Trusted ${fingerprint}: the panel connects with it from now on.` }));
    } catch (error) {
      if (!(error instanceof ServiceError) || error.code !== 'conflict') throw error;
      // Swapped in place for htmx (a 4xx would not be), a 409 otherwise.
      return htmlFragment(c, await panel(principal, found, { tone: 'error', text: error.message }), isPartial(c) ? 200 : 409);
    }
  });

  const widget: ServerWidget = {
    async render({ request, serverId }) {
      const principal = await widgetViewer(ctx, request);
      if (!principal) return '';
      const found = await ctx.hostKeys.view(principal, serverId).catch((error: unknown) => {
        if (error instanceof ServiceError && error.code === 'not_found') return null;
        throw error;
      });
      // A local server is reached through its socket: it has no SSH host key to show.
      return found && found.server.transport !== 'local' ? (await panel(principal, found)).toString() : '';
    },
  };

  return { routes, widget };
}
