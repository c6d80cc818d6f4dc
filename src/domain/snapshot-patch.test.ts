import { describe, expect, it } from 'vitest';
import { changedIds, patchById, patchTasks, servicesOnNodes } from './snapshot-patch.ts';

const item = (ID: string, v = 1) => ({ ID, v });

describe('snapshot patches', () => {
  it('replaces the named objects in place, adds new ones at the end, drops the ones gone, and keeps only what was named', () => {
    const list = [item('a'), item('b'), item('c')];
    const patched = patchById(list, new Set(['b', 'c', 'd']), [item('b', 2), item('d'), item('bb')]);
    expect(patched).toEqual([item('a'), item('b', 2), item('d')]);
    expect(patched[0]).toBe(list[0]);
  });

  it('tells which named objects changed, appeared or went', () => {
    const before = [item('a'), item('b'), item('c')];
    const after = [item('a'), item('b', 2), item('d')];
    expect(changedIds(before, after, (i) => String(i.v))).toEqual(new Set(['b', 'd', 'c']));
    expect(changedIds(before, after, (i) => String(i.v), new Set(['a', 'b']))).toEqual(new Set(['b']));
    expect(changedIds(before, before, (i) => String(i.v))).toEqual(new Set());
  });

  it("replaces a service's tasks as a set and finds the services with tasks on given nodes", () => {
    const tasks = [
      { ID: 't1', ServiceID: 's1', NodeID: 'n1' },
      { ID: 't2', ServiceID: 's2', NodeID: 'n2' },
      { ID: 't3', ServiceID: 's1', NodeID: 'n2' },
      { ID: 't4', ServiceID: 's3' },
    ];
    const fresh = [
      { ID: 't5', ServiceID: 's1', NodeID: 'n3' },
      { ID: 't6', ServiceID: 's9', NodeID: 'n3' },
    ];
    expect(patchTasks(tasks, new Set(['s1', 's3']), fresh).map((t) => t.ID)).toEqual(['t2', 't5']);
    expect(servicesOnNodes(tasks, new Set(['n2']))).toEqual(new Set(['s2', 's1']));
  });
});
