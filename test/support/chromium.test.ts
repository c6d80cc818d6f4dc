/** What the browser tier's setup does when chromium is missing: install it when it can, else one line to act on. */
import { describe, expect, it } from 'vitest';
import { chromiumPlan } from './chromium.ts';

const path = '/usr/bin/chromium';

describe('chromiumPlan', () => {
  it('does nothing when chromium is there', () => {
    expect(chromiumPlan({ path, present: true, root: false, apt: false })).toEqual({ action: 'none' });
  });

  it('installs it as root on a machine with apt-get', () => {
    expect(chromiumPlan({ path, present: false, root: true, apt: true })).toEqual({ action: 'install' });
  });

  it('otherwise stops with one line saying what to run', () => {
    expect(chromiumPlan({ path, present: false, root: false, apt: true })).toEqual({
      action: 'stop',
      message: 'the browser tests need chromium at /usr/bin/chromium: sudo apt-get install chromium (or set CHROMIUM_PATH)',
    });
    const elsewhere = chromiumPlan({ path: '/opt/chromium', present: false, root: true, apt: false });
    expect(elsewhere).toEqual({ action: 'stop', message: 'the browser tests need chromium at /opt/chromium: install chromium (or set CHROMIUM_PATH)' });
  });
});
