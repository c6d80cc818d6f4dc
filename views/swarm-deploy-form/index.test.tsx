import { describe, expect, it } from 'vitest';
import { SWARM_FORM_CHOICES } from '../../src/routes/web/application-swarm/form-props.ts';
import { expectInert, HOSTILE, render, tagWith } from '../../test/support/rendered-view.ts';
import { defaultForm, defaultFormValues, messageBeside } from '../../test/support/swarm-form.ts';
import { SwarmDeployForm, type SwarmDeployFormProps } from './index.tsx';

const props = (patch: Partial<SwarmDeployFormProps> = {}): SwarmDeployFormProps => ({
  applicationName: 'web',
  urls: { form: '/f', save: '/f', preflight: '/f/preflight', deploy: '/f/deploy', yaml: '/f/yaml' },
  cssUrl: '/swarm-deploy.css',
  values: defaultFormValues(),
  errors: {},
  warnings: {},
  yaml: { deploy: 'mode: replicated\n', healthcheck: '' },
  tab: 'form',
  notice: null,
  readOnlyReason: null,
  cluster: { name: 'prod', href: '/clusters/c1' },
  suggestions: { fields: [], values: [] },
  choices: SWARM_FORM_CHOICES,
  preflight: null,
  result: null,
  ...patch,
});

describe('SwarmDeployForm', () => {
  it('has a field for every setting the browser posts, showing its value', async () => {
    const html = await render(<SwarmDeployForm {...props()} />);
    for (const [name, value] of Object.entries(defaultForm())) {
      const tag = tagWith(html, `name="${name}"`);
      expect(tag, name).not.toBeNull();
      if (tag!.startsWith('<input')) expect(tag, name).toContain(`value="${value}"`);
      if (tag!.startsWith('<select')) expect(html.slice(html.indexOf(tag!)).match(/<option value="([^"]*)" selected=""/)?.[1], name).toBe(value);
    }
    expect(tagWith(html, 'name="workerOnly"')).not.toContain('checked');
  });

  it('posts save to the form, and check and deploy into their regions', async () => {
    const html = await render(<SwarmDeployForm {...props()} />);
    expect(html).toMatch(/^<section class="clusters cl-deploy" id="cl-swarm-deploy"><link rel="stylesheet" href="\/swarm-deploy.css"\/>/);
    expect(tagWith(html, '<form')).toContain('hx-post="/f" hx-target="#cl-swarm-deploy" hx-swap="outerHTML"');
    expect(html).toContain('hx-post="/f/preflight" hx-target="#cl-swarm-preflight"');
    expect(html).toContain('hx-post="/f/deploy" hx-target="#cl-swarm-result"');
    expect(html).toContain('deploys to cluster <a href="/clusters/c1">prod</a> as stack of web');
  });

  it('puts each message beside its field and counts them above', async () => {
    const html = await render(<SwarmDeployForm {...props({ errors: { replicas: 'must be a whole number', 'healthCheck.retries': 'too many' } })} />);
    expect(messageBeside(html, 'replicas')).toBe('must be a whole number');
    expect(messageBeside(html, 'healthCheck.retries')).toBe('too many');
    expect(html).toContain('2 fields need attention: see the messages beside them. Nothing was changed.');
  });

  it('lets a read-only viewer see and check the settings, not save or deploy them', async () => {
    const html = await render(<SwarmDeployForm {...props({ readOnlyReason: 'This session is read-only' })} />);
    expect(html).toContain('<p class="cl-notice cl-notice-warning">This session is read-only</p>');
    expect(html).toContain('<fieldset class="cl-plain" disabled="">');
    expect(html).not.toContain('type="submit"');
    expect(html).not.toContain('/f/deploy');
    expect(html).toContain('Check placement');
    const writable = await render(<SwarmDeployForm {...props()} />);
    expect(writable).toContain('<fieldset class="cl-plain">');
    expect(writable).toContain('type="submit"');
  });

  it('opens on the tab it is given', async () => {
    const html = await render(<SwarmDeployForm {...props({ tab: 'yaml' })} />);
    expect(html).toContain(`x-data="{ tab: &#39;yaml&#39; }"`);
    expect(tagWith(html, 'id="cl-swarm-panel-form"')).toContain(' hidden=""');
    expect(tagWith(html, 'id="cl-swarm-panel-yaml"')).not.toContain(' hidden=""');
  });

  it('says why there is no cluster to deploy to', async () => {
    expect(await render(<SwarmDeployForm {...props({ cluster: { problem: 'the server is not part of any cluster' } })} />)).toContain(
      '<span class="cl-muted cl-small">the server is not part of any cluster</span>',
    );
  });

  it('renders Docker’s and the user’s strings as text everywhere', async () => {
    const values = {
      ...defaultFormValues(),
      replicas: HOSTILE,
      labels: [{ key: HOSTILE, value: HOSTILE }],
      constraints: [{ field: HOSTILE, operator: '==', value: HOSTILE }],
    };
    const html = await render(
      <SwarmDeployForm
        {...props({
          applicationName: HOSTILE,
          values,
          errors: { replicas: HOSTILE },
          cluster: { name: HOSTILE, href: '/c' },
          suggestions: { fields: [HOSTILE], values: [HOSTILE] },
          yaml: { deploy: HOSTILE, healthcheck: HOSTILE },
          notice: { tone: 'warning', text: HOSTILE, details: [HOSTILE] },
        })}
      />,
    );
    // Application and cluster names, notice text and detail, replicas value and its message, label key and value,
    // constraint field and value, the suggested field and value, both YAML texts.
    expectInert(html, 14);
  });
});
