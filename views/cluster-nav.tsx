/** The section tabs of a cluster: each section has its own URL. */

export type ClusterSection = 'overview' | 'services' | 'stacks' | 'visualizer' | 'events' | 'secrets' | 'configs' | 'settings';

const SECTIONS: { id: ClusterSection; label: string; path: string }[] = [
  { id: 'overview', label: 'Overview', path: '' },
  { id: 'services', label: 'Services', path: '/services' },
  { id: 'stacks', label: 'Stacks', path: '/stacks' },
  { id: 'visualizer', label: 'Visualizer', path: '/visualizer' },
  { id: 'events', label: 'Events', path: '/events' },
  { id: 'secrets', label: 'Secrets', path: '/secrets' },
  { id: 'configs', label: 'Configs', path: '/configs' },
  { id: 'settings', label: 'Settings', path: '/settings' },
];

/** `base` is the cluster's URL, e.g. `/clusters/<uuid>`. */
export function ClusterNav(props: { base: string; active: ClusterSection }) {
  return (
    <nav class="cl-nav" aria-label="Cluster sections">
      {SECTIONS.map((s) => (
        <a href={`${props.base}${s.path}`} aria-current={s.id === props.active ? 'page' : undefined}>
          {s.label}
        </a>
      ))}
    </nav>
  );
}
