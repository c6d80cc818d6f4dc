/** The Form and YAML tabs (alpine switches them; the server renders the one it was asked for). */
export function FormTabs(props: { tab: 'form' | 'yaml' }) {
  return (
    <div class="cl-tabs" role="tablist">
      <button
        type="button"
        role="tab"
        id="cl-swarm-tab-form"
        x-on:click="tab = 'form'"
        aria-selected={String(props.tab === 'form')}
        x-bind:aria-selected="tab === 'form'"
        aria-controls="cl-swarm-panel-form"
      >
        Form
      </button>
      <button
        type="button"
        role="tab"
        id="cl-swarm-tab-yaml"
        x-on:click="tab = 'yaml'"
        aria-selected={String(props.tab === 'yaml')}
        x-bind:aria-selected="tab === 'yaml'"
        aria-controls="cl-swarm-panel-yaml"
      >
        YAML
      </button>
    </div>
  );
}
