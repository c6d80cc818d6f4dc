import { describe, expect, it } from 'vitest';
import { versionOf } from './live-patch.ts';
import { renderedRegion } from './region-cache.ts';

describe('renderedRegion', () => {
  it('renders once per snapshot and query, for requests at once too, with the version of its markup', async () => {
    const tasks: object[] = [];
    const nodes: object[] = [];
    let renders = 0;
    const render = () => {
      renders++;
      return { toString: async () => `<div id="r">${renders}</div>` };
    };
    const [a, b] = await Promise.all([renderedRegion([tasks, nodes], 'q1', render), renderedRegion([tasks, nodes], 'q1', render)]);
    expect(a).toBe(b);
    expect(renders).toBe(1);
    expect(a.version).toBe(versionOf('<div id="r">1</div>'));
    expect(String(a)).toBe('<div id="r">1</div>');

    // Another query, or another array of the snapshot, renders again.
    expect(String(await renderedRegion([tasks, nodes], 'q2', render))).toBe('<div id="r">2</div>');
    expect(String(await renderedRegion([tasks, []], 'q1', render))).toBe('<div id="r">3</div>');
    expect(String(await renderedRegion([[], nodes], 'q1', render))).toBe('<div id="r">4</div>');
  });

  it('keeps the recent queries of a snapshot only, and not a failed render', async () => {
    const tasks: object[] = [];
    let renders = 0;
    const render = () => ({ toString: () => `<p>${++renders}</p>` });
    for (let i = 0; i < 40; i++) await renderedRegion([tasks], `q${i}`, render);
    await renderedRegion([tasks], 'q39', render);
    expect(renders).toBe(40);
    await renderedRegion([tasks], 'q0', render);
    expect(renders).toBe(41);

    const failing = () => ({
      toString: (): string => {
        throw new Error('no manager');
      },
    });
    await expect(renderedRegion([tasks], 'bad', failing)).rejects.toThrow('no manager');
    expect(String(await renderedRegion([tasks], 'bad', render))).toBe('<p>42</p>');
  });
});
