import { describe, expect, it } from 'vitest';
import { DEFAULT_SWARM_SETTINGS } from '../../../domain/swarm-deploy-config.ts';
import { type FormSurroundings, formProps, formUrls } from './form-props.ts';
import { blankState, invalidState } from './form-state.ts';

const around: FormSurroundings = {
  applicationName: 'web',
  urls: formUrls('/clusters', 'a b'),
  cssUrl: '/clusters/assets/swarm-deploy.css',
  readOnlyReason: null,
  cluster: { name: 'prod', href: '/clusters/c1' },
  suggestions: { fields: [], values: [] },
};

describe('swarm form props', () => {
  it('posts each action under the application’s form URL', () => {
    expect(formUrls('/clusters', 'a b')).toEqual({
      form: '/clusters/applications/a%20b/swarm',
      save: '/clusters/applications/a%20b/swarm',
      preflight: '/clusters/applications/a%20b/swarm/preflight',
      deploy: '/clusters/applications/a%20b/swarm/deploy',
      yaml: '/clusters/applications/a%20b/swarm/yaml',
    });
  });

  it('shows valid settings as field text, with the YAML they produce', () => {
    const props = formProps(blankState({ ...DEFAULT_SWARM_SETTINGS, replicas: 3 }), around);
    expect(props.values.replicas).toBe('3');
    expect(props.yaml.deploy).toMatch(/^mode: replicated\nreplicas: 3\n/);
    expect(props.cluster).toEqual({ name: 'prod', href: '/clusters/c1' });
  });

  it('shows invalid input as typed, with its messages and no produced YAML', () => {
    const props = formProps(invalidState({ ...DEFAULT_SWARM_SETTINGS, replicas: 'many' }, { replicas: 'must be a whole number' }), around);
    expect(props.values.replicas).toBe('many');
    expect(props.errors).toEqual({ replicas: 'must be a whole number' });
    expect(props.yaml).toEqual({ deploy: '', healthcheck: '' });
  });

  it('shows pasted YAML as given', () => {
    const pasted = { deploy: 'replicas: -1', healthcheck: '' };
    expect(formProps({ ...blankState(DEFAULT_SWARM_SETTINGS), yaml: pasted }, around).yaml).toBe(pasted);
  });
});
