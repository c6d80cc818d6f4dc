const TABS = [
  { id: 'form', label: 'Form' },
  { id: 'yaml', label: 'YAML' },
] as const;

/** The Form and YAML tabs (alpine switches them; the server renders the one it was asked for). */
export function FormTabs(props: { tab: 'form' | 'yaml' }) {
  return (
    <div class="cl-tabs" role="tablist">
      {TABS.map(({ id, label }) => (
        <button
          type="button"
          role="tab"
          id={`cl-swarm-tab-${id}`}
          x-on:click={`tab = '${id}'`}
          aria-selected={String(props.tab === id)}
          x-bind:aria-selected={`tab === '${id}'`}
          aria-controls={`cl-swarm-panel-${id}`}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
