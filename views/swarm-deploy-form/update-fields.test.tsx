import { describe, expect, it } from 'vitest';
import { ROLLBACK_FAILURE_ACTIONS, UPDATE_FAILURE_ACTIONS, UPDATE_ORDERS } from '../../src/domain/swarm-deploy-config.ts';
import { render } from '../../test/support/rendered-view.ts';
import { defaultFormValues } from '../../test/support/swarm-form.ts';
import { UpdateFields } from './update-fields.tsx';

const failureActions = (html: string) =>
  [
    ...html
      .slice(html.indexOf('failureAction'))
      .split('</select>')[0]!
      .matchAll(/<option value="([^"]*)"/g),
  ].map((m) => m[1]);

describe('UpdateFields', () => {
  it('offers an update the update failure actions, and a rollback its own', async () => {
    const update = await render(
      <UpdateFields
        prefix="updateConfig"
        values={defaultFormValues().updateConfig}
        errors={{}}
        failureActions={UPDATE_FAILURE_ACTIONS}
        orders={UPDATE_ORDERS}
      />,
    );
    expect(update).toContain('<legend>Update config</legend>');
    expect(failureActions(update)).toEqual([...UPDATE_FAILURE_ACTIONS]);
    const rollback = await render(
      <UpdateFields
        prefix="rollbackConfig"
        values={defaultFormValues().rollbackConfig}
        errors={{}}
        failureActions={ROLLBACK_FAILURE_ACTIONS}
        orders={UPDATE_ORDERS}
      />,
    );
    expect(rollback).toContain('<legend>Rollback config</legend>');
    expect(failureActions(rollback)).toEqual([...ROLLBACK_FAILURE_ACTIONS]);
    expect(rollback).toContain('name="rollbackConfig.maxFailureRatio"');
    expect(rollback).not.toContain('updateConfig');
  });
});
