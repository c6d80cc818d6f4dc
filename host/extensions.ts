/** What mounted plugins add to the host's own pages, filled in by host/mount-plugin.ts. */
import type { ApplicationWidget, SidebarEntry } from '../src/contract/plugin.ts';

export interface HostExtensions {
  sidebar: SidebarEntry[];
  applicationWidgets: ApplicationWidget[];
  /** Per-application swarm deploy forms (contract 1.1), shown in the application page's deploy section. */
  applicationDeployForms: ApplicationWidget[];
}

export function createExtensions(): HostExtensions {
  return { sidebar: [], applicationWidgets: [], applicationDeployForms: [] };
}
