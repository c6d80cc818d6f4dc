import { describe, expect, it } from 'vitest';
import { STACK_NAMESPACE_LABEL, stacksOf } from './stacks.ts';

const service = (labels: Record<string, string>) => ({ Spec: { Labels: labels } });

describe('stacksOf', () => {
  it('groups services by their stack namespace label, by name, leaving out services of no stack', () => {
    const services = [
      service({ [STACK_NAMESPACE_LABEL]: 'shop' }),
      service({}),
      service({ [STACK_NAMESPACE_LABEL]: 'blog', other: 'x' }),
      service({ [STACK_NAMESPACE_LABEL]: 'shop' }),
    ];
    expect(stacksOf(services)).toEqual([
      { name: 'blog', services: 1 },
      { name: 'shop', services: 2 },
    ]);
  });
});
