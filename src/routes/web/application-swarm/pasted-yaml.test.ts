import { describe, expect, it } from 'vitest';
import { pastedYamlState } from './pasted-yaml.ts';

describe('pasted YAML', () => {
  it('fills the fields from the deploy and healthcheck mappings and says nothing is saved yet', () => {
    const { state, readable } = pastedYamlState({ 'yaml.deploy': 'mode: replicated\nreplicas: 4\n', 'yaml.healthcheck': 'test: ["CMD-SHELL", "true"]\n' });
    expect(readable).toBe(true);
    expect(state.input).toMatchObject({ mode: 'replicated', replicas: 4, healthCheck: { command: 'true' } });
    expect(state.errors).toEqual({});
    expect(state.tab).toBe('form');
    // Valid: the YAML tab shows what the fields produce, not the pasted text.
    expect(state.yaml).toBeUndefined();
    expect(state.notice).toMatchObject({ tone: 'ok', text: 'Loaded from YAML. Review the fields, then save (nothing is saved yet).' });
  });

  it('names the keys the form has no field for', () => {
    const { state } = pastedYamlState({ 'yaml.deploy': 'replicas: 2\nendpoint_mode: dnsrr\n' });
    expect(state.notice?.tone).toBe('warning');
    expect(state.notice?.details).toEqual([expect.stringContaining('endpoint_mode')]);
  });

  it('keeps what was pasted beside the messages when the values do not validate', () => {
    const { state, readable } = pastedYamlState({ 'yaml.deploy': 'replicas: -3\n' });
    expect(readable).toBe(true);
    expect(state.errors).toHaveProperty('replicas');
    expect(state.yaml).toEqual({ deploy: 'replicas: -3\n', healthcheck: '' });
  });

  it('stays on the YAML tab with the reason when the text is not YAML, keeping the fields as posted', () => {
    const { state, readable } = pastedYamlState({ replicas: '7', 'yaml.deploy': 'replicas: [1,' });
    expect(readable).toBe(false);
    expect(state.tab).toBe('yaml');
    expect(state.yaml).toEqual({ deploy: 'replicas: [1,', healthcheck: '' });
    expect(state.notice?.tone).toBe('error');
    expect(state.input).toMatchObject({ replicas: '7' });
  });
});
