import { describe, expect, it } from 'vitest';
import type { RotationSummary } from '../src/domain/rotation-plan.ts';
import { expectInert, HOSTILE, render } from '../test/support/rendered-view.ts';
import { RotationPanel } from './rotation-progress.tsx';

const rotation = (patch: Partial<RotationSummary> = {}): RotationSummary => ({
  id: 'r1',
  kind: 'secret',
  family: 'pw',
  from: { id: 'x0', name: 'pw' },
  to: { id: 'x1', name: 'pw-v2' },
  status: 'running',
  steps: [
    { kind: 'create', status: 'done', message: null },
    { kind: 'update', status: 'done', message: null, service: { id: 's1', name: 'api' }, updated: 2, desired: 2 },
    { kind: 'update', status: 'running', message: null, service: { id: 's2', name: 'web' }, updated: 1, desired: 3 },
    { kind: 'remove', status: 'pending', message: null },
  ],
  summary: null,
  startedBy: 'owner@example.com',
  createdAt: '2026-11-30T06:00:00Z',
  updatedAt: '2026-11-30T06:00:00Z',
  ...patch,
});
const urls = { url: '/clusters/c1/rotations/r1', resumeUrl: '/clusters/c1/rotations/r1/resume' };

describe('RotationPanel', () => {
  it('shows each step and how many tasks are on the new spec, and asks again while running', async () => {
    const html = await render(<RotationPanel rotation={rotation()} {...urls} canOperate={true} />);
    expect(html).toContain('hx-get="/clusters/c1/rotations/r1"');
    expect(html).toContain('Create pw-v2');
    expect(html).toContain('Move api to pw-v2 — 2/2 tasks on the new spec');
    expect(html).toContain('Move web to pw-v2 — 1/3 tasks on the new spec');
    expect(html).toContain('Remove pw');
    expect(html).not.toContain('Resume');
  });

  it('says where a stopped rotation stopped and offers to resume it to an operator only', async () => {
    const stopped = rotation({ status: 'stopped', summary: 'Stopped while updating web: paused.' });
    const html = await render(<RotationPanel rotation={stopped} {...urls} canOperate={true} />);
    expect(html).not.toContain('hx-trigger');
    expect(html).toContain('Stopped while updating web: paused.');
    expect(html).toContain('hx-post="/clusters/c1/rotations/r1/resume"');
    expect(await render(<RotationPanel rotation={stopped} {...urls} canOperate={false} />)).not.toContain('hx-post');
  });

  it('renders service names and messages from Docker as text', async () => {
    const hostile = rotation({ steps: [{ kind: 'update', status: 'failed', message: HOSTILE, service: { id: 's', name: HOSTILE }, updated: 0, desired: 1 }] });
    expectInert(await render(<RotationPanel rotation={hostile} {...urls} canOperate={true} />), 2);
  });
});
