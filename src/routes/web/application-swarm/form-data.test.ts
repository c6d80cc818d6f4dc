import { describe, expect, it } from 'vitest';
import { DEFAULT_SWARM_SETTINGS } from '../../../domain/swarm-deploy-config.ts';
import { settingsInputFromForm, toFormValues } from './form-data.ts';

describe('swarm form data', () => {
  it('nests dotted field names, keeps rows in index order and drops blank ones', () => {
    const input = settingsInputFromForm({
      replicas: '3',
      'updateConfig.delay': '10s',
      'labels.10.key': 'b',
      'labels.10.value': '2',
      'labels.2.key': 'a',
      'labels.2.value': '1',
      'labels.5.key': ' ',
      'labels.5.value': '',
      _csrf: 'token',
      'yaml.deploy': 'replicas: 9',
    });
    expect(input).toEqual({
      workerOnly: false,
      replicas: '3',
      updateConfig: { delay: '10s' },
      constraints: [],
      preferences: [],
      labels: [
        { key: 'a', value: '1' },
        { key: 'b', value: '2' },
      ],
    });
  });

  it('ignores names that would reach object prototypes', () => {
    const input = settingsInputFromForm({ 'resources.__proto__.polluted': 'yes', 'constraints.constructor.x': 'y', 'labels.0.key': 'k' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(input).toEqual({ workerOnly: false, constraints: [], preferences: [], labels: [{ key: 'k' }] });
  });

  it('shows any settings-shaped value as form text, as typed', () => {
    const values = toFormValues({ ...DEFAULT_SWARM_SETTINGS, replicas: -2, workerOnly: true, resources: { limits: { cpus: 0.5, memory: { big: true } } } });
    expect(values.replicas).toBe('-2');
    expect(values.workerOnly).toBe(true);
    expect(values.resources.limits).toEqual({ cpus: '0.5', memory: '{"big":true}' });
    expect(values.resources.reservations).toEqual({ cpus: '', memory: '' });
    expect(toFormValues(null).constraints).toEqual([]);
  });
});
