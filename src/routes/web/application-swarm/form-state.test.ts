import { describe, expect, it } from 'vitest';
import type { PreflightResult } from '../../../domain/placement-preflight.ts';
import { DEFAULT_SWARM_SETTINGS, type SwarmSettings } from '../../../domain/swarm-deploy-config.ts';
import { placementRefusedState, preflightView, refusedState, savedState, savedWithCheck, warningsByField } from './form-state.ts';

const settings: SwarmSettings = {
  ...DEFAULT_SWARM_SETTINGS,
  constraints: [
    { field: 'node.role', operator: '==', value: 'worker' },
    { field: 'node.hostname', operator: '==', value: 'nosuch' },
  ],
};
const refused: PreflightResult = {
  nodes: [],
  matching: [],
  warnings: [{ index: 1, message: 'no node has hostname "nosuch"' }],
  problem: 'no node matches the constraints',
};

describe('swarm form state', () => {
  it('opens on the saved settings, or on Docker’s defaults with a warning when they no longer validate', () => {
    expect(savedState(settings)).toMatchObject({ input: settings, notice: null, errors: {}, tab: 'form' });
    const broken = savedState(null);
    expect(broken.input).toEqual(DEFAULT_SWARM_SETTINGS);
    expect(broken.notice).toMatchObject({ tone: 'warning', text: expect.stringContaining('no longer validate') });
  });

  it('shows a read-only viewer’s refusal over the saved settings', () => {
    const state = refusedState(savedState(settings), 'This session is read-only');
    expect(state).toMatchObject({ input: settings, notice: { tone: 'error', text: 'This session is read-only' } });
  });

  it('puts each preflight warning beside the constraint value it is about, and names the constraint in the panel', () => {
    expect(warningsByField(refused)).toEqual({ 'constraints.1.value': 'no node has hostname "nosuch"' });
    expect(preflightView('prod', settings, refused)).toEqual({
      clusterName: 'prod',
      nodes: [],
      problem: 'no node matches the constraints',
      warnings: [{ constraint: 'node.hostname == nosuch', message: 'no node has hostname "nosuch"' }],
    });
  });

  it('after a save shows the check that came with it; a check that could not run adds no warnings', () => {
    const checked = savedWithCheck(settings, { view: preflightView('prod', settings, refused), result: refused });
    expect(checked.notice).toEqual({ tone: 'ok', text: 'Saved. Deploy to apply the settings to the swarm.' });
    expect(checked.warnings).toEqual({ 'constraints.1.value': 'no node has hostname "nosuch"' });
    const unchecked = savedWithCheck(settings, { view: { clusterName: '', nodes: [], warnings: [], problem: null, error: 'unreachable' }, result: null });
    expect(unchecked.warnings).toEqual({});
    expect(unchecked.preflight?.error).toBe('unreachable');
  });

  it('says a deploy refused by placement was saved but changed nothing', () => {
    const state = placementRefusedState('prod', settings, refused);
    expect(state.notice).toEqual({ tone: 'error', text: 'Saved, but not deployed: no node matches the constraints. Nothing changed on the swarm.' });
    expect(state.warnings).toEqual({ 'constraints.1.value': 'no node has hostname "nosuch"' });
    expect(state.preflight?.clusterName).toBe('prod');
  });
});
