import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { taskRecordSharing } from './record-sharing.ts';
import { type EngineTaskRecord, TaskRecordSchema } from './schemas.ts';

const recordedTasks = (JSON.parse(readFileSync(new URL('./fixtures/tasks.json', import.meta.url), 'utf8')) as unknown[]).map((task) =>
  TaskRecordSchema.parse(task),
);

describe('taskRecordSharing', () => {
  it('changes no field of any record, whatever it holds, and makes the records of one image share one spec', () => {
    const other: EngineTaskRecord = { ...structuredClone(recordedTasks[0]!), ID: 'other', Spec: { ContainerSpec: { Image: 'nginx:1.27' } } };
    const bare: EngineTaskRecord = { ...structuredClone(recordedTasks[1]!), ID: 'bare', NodeID: undefined, Spec: undefined };
    const noImage: EngineTaskRecord = { ...structuredClone(recordedTasks[2]!), ID: 'no-image', Spec: { ContainerSpec: {} } };
    const tasks = [...recordedTasks, other, bare, noImage];
    const share = taskRecordSharing();
    const shared = structuredClone(tasks).map((task) => share(task));
    expect(shared).toEqual(tasks);
    expect(tasks.some((t) => t.Status.Err) && tasks.some((t) => t.Status.Message)).toBe(true);
    const busybox = shared.filter((t) => t.Spec?.ContainerSpec?.Image === 'lab/busybox:latest');
    expect(busybox.length).toBe(recordedTasks.length);
    expect(new Set(busybox.map((t) => t.Spec)).size).toBe(1);
    expect(shared.find((t) => t.ID === 'other')!.Spec).not.toBe(busybox[0]!.Spec);
    expect(shared.find((t) => t.ID === 'no-image')!.Spec).toEqual({ ContainerSpec: {} });
  });

  it('shares within one read only: another read starts with nothing known', () => {
    const first = taskRecordSharing();
    const second = taskRecordSharing();
    const a = first(structuredClone(recordedTasks[0]!));
    const b = second(structuredClone(recordedTasks[1]!));
    expect(b.Spec).toEqual(a.Spec);
    expect(b.Spec).not.toBe(a.Spec);
  });
});
