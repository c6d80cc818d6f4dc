import { describe, expect, it } from 'vitest';
import { render, tagWith } from '../../test/support/rendered-view.ts';
import { YamlPanel } from './yaml-panel.tsx';

describe('YamlPanel', () => {
  it('shows the mappings to copy or edit, and loads pasted YAML into the whole form', async () => {
    const html = await render(<YamlPanel yaml={{ deploy: 'replicas: 2\n', healthcheck: 'test: ["CMD", "true"]\n' }} shown={true} loadUrl="/f/yaml" />);
    expect(html).toMatch(/<textarea id="cl-swarm-yaml-deploy" name="yaml.deploy"[^>]*>replicas: 2\n<\/textarea>/);
    expect(html).toContain('>test: [&quot;CMD&quot;, &quot;true&quot;]\n</textarea>');
    expect(tagWith(html, 'hx-post="/f/yaml"')).toContain('hx-target="#cl-swarm-deploy" hx-swap="outerHTML"');
    expect(tagWith(html, 'role="tabpanel"')).not.toContain(' hidden=""');
    expect(tagWith(await render(<YamlPanel yaml={{ deploy: '', healthcheck: '' }} shown={false} loadUrl="/f/yaml" />), 'role="tabpanel"')).toContain(
      ' hidden=""',
    );
  });
});
