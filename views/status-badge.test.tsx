import { describe, expect, it } from 'vitest';
import { expectInert, HOSTILE, render } from '../test/support/rendered-view.ts';
import { Availability, NodeState, StatusBadge, TaskState } from './status-badge.tsx';

describe('status marks', () => {
  it('colours cluster status by its name, always with the text', async () => {
    expect(await render(<StatusBadge status="degraded" />)).toBe(
      '<span class="cl-status cl-status-degraded"><i class="cl-dot" aria-hidden="true"></i>degraded</span>',
    );
  });

  it('colours node states: ready healthy, down or disconnected unreachable, others unknown', async () => {
    expect(await render(<NodeState status="ready" />)).toContain('cl-status-healthy');
    expect(await render(<NodeState status="disconnected" message="heartbeat failure" />)).toContain(
      'class="cl-status cl-status-unreachable" title="heartbeat failure"',
    );
    expect(await render(<NodeState status="unknown" />)).toContain('cl-status-unknown');
  });

  it('colours a task state by its kind', async () => {
    expect(await render(<TaskState state="preparing" kind="pending" />)).toContain('cl-task-pending');
    expect(await render(<TaskState state="rejected" kind="failed" title="no suitable node" />)).toBe(
      '<span class="cl-pill cl-task-failed" title="no suitable node">rejected</span>',
    );
  });

  it('renders Docker’s states and messages as text', async () => {
    expectInert(await render(<NodeState status={HOSTILE} message={HOSTILE} />), 2);
    expectInert(await render(<TaskState state={HOSTILE} kind="stopped" title={HOSTILE} />), 2);
    expect(await render(<Availability availability="drain" />)).toBe('<span class="cl-pill cl-avail-drain">drain</span>');
  });
});
