import { Select, TextInput } from './field.tsx';
import type { FieldMessages, UpdateValues } from './form-values.ts';

const LEGENDS = { updateConfig: 'Update config', rollbackConfig: 'Rollback config' } as const;

/** How an update, or a rollback, replaces tasks: the same fields, each with its own failure actions. */
export function UpdateFields(props: {
  prefix: keyof typeof LEGENDS;
  values: UpdateValues;
  errors: FieldMessages;
  failureActions: readonly string[];
  orders: readonly string[];
}) {
  const { prefix, values, errors } = props;
  const legend = LEGENDS[prefix];
  return (
    <fieldset>
      <legend>{legend}</legend>
      <div class="cl-grid">
        <TextInput
          label="Parallelism"
          name={`${prefix}.parallelism`}
          value={values.parallelism}
          errors={errors}
          inputmode="numeric"
          hint="tasks at a time; 0 = all"
        />
        <TextInput label="Delay" name={`${prefix}.delay`} value={values.delay} errors={errors} placeholder="10s" hint="between batches" />
        <Select label="Failure action" name={`${prefix}.failureAction`} value={values.failureAction} options={props.failureActions} errors={errors} />
        <TextInput label="Monitor" name={`${prefix}.monitor`} value={values.monitor} errors={errors} placeholder="5s" hint="watch each task this long" />
        <Select label="Order" name={`${prefix}.order`} value={values.order} options={props.orders} errors={errors} />
        <TextInput
          label="Max failure ratio"
          name={`${prefix}.maxFailureRatio`}
          value={values.maxFailureRatio}
          errors={errors}
          inputmode="decimal"
          hint="0 to 1"
        />
      </div>
    </fieldset>
  );
}
