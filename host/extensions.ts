/** What mounted plugins add to the host's own pages, filled in by host/mount-plugin.ts. */
import type { ApplicationWidget, ServerWidget, SidebarEntry } from '../src/contract/plugin.ts';

export interface HostExtensions {
  sidebar: SidebarEntry[];
  applicationWidgets: ApplicationWidget[];
  /** Per-application swarm deploy forms (contract 1.1), shown in the application page's deploy section. */
  applicationDeployForms: ApplicationWidget[];
  /** What plugins show on a server's page (contract 1.2): the pinned SSH host key. */
  serverWidgets: ServerWidget[];
}

export function createExtensions(): HostExtensions {
  return { sidebar: [], applicationWidgets: [], applicationDeployForms: [], serverWidgets: [] };
}
