import { SWARM_FORM_ID } from './ids.ts';

/** The YAML tab: the compose mappings the form produces, and pasted YAML read back into the form. */
export function YamlPanel(props: { yaml: { deploy: string; healthcheck: string }; shown: boolean; loadUrl: string }) {
  return (
    <div role="tabpanel" id="cl-swarm-panel-yaml" aria-labelledby="cl-swarm-tab-yaml" hidden={!props.shown} x-bind:hidden="tab !== 'yaml'">
      <p class="cl-muted">
        What the form produces for the compose file: the mapping under the service's <code>deploy:</code> key (not wrapped in another
        <code>deploy:</code>) and its <code>healthcheck:</code>. Paste YAML here and load it to fill the form.
      </p>
      <div class="cl-field">
        <label for="cl-swarm-yaml-deploy">deploy:</label>
        <textarea id="cl-swarm-yaml-deploy" name="yaml.deploy" rows={14} spellcheck={false}>
          {props.yaml.deploy}
        </textarea>
      </div>
      <div class="cl-field">
        <label for="cl-swarm-yaml-healthcheck">healthcheck:</label>
        <textarea id="cl-swarm-yaml-healthcheck" name="yaml.healthcheck" rows={6} spellcheck={false}>
          {props.yaml.healthcheck}
        </textarea>
      </div>
      <button type="button" class="cl-button" hx-post={props.loadUrl} hx-target={`#${SWARM_FORM_ID}`} hx-swap="outerHTML">
        Load YAML into the form
      </button>
    </div>
  );
}
