import { describe, expect, it } from 'vitest';
import { applicationServiceName, applicationServiceNames, withApplicationNames } from './application-names.ts';

describe('applicationServiceNames', () => {
  const apps = [{ uuid: 'a1b2', name: 'shop' }];

  it("names a stack's services by the application, recognised by the stack label, not the name", () => {
    const names = applicationServiceNames(
      [
        { id: 's1', name: 'a1b2_web', stack: 'a1b2' },
        { id: 's2', name: 'a1b2_db', stack: null },
        { id: 's3', name: 'other_web', stack: 'other' },
      ],
      apps,
    );
    expect(names).toEqual(new Map([['s1', 'shop_web']]));
    const tasks = withApplicationNames(
      [
        { serviceId: 's1', serviceName: 'a1b2_web' },
        { serviceId: 's3', serviceName: 'other_web' },
      ],
      names,
    );
    expect(tasks.map((t) => t.serviceName)).toEqual(['shop_web', 'other_web']);
  });

  it('names one service (a task log page) the same way, and leaves any other as Docker names it', () => {
    expect(applicationServiceName({ id: 's1', name: 'a1b2_web', stack: 'a1b2' }, apps)).toBe('shop_web');
    expect(applicationServiceName({ id: 's2', name: 'a1b2_db', stack: null }, apps)).toBe('a1b2_db');
  });
});
