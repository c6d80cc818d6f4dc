import { TextInput } from './field.tsx';
import type { FieldMessages, SwarmFormValues } from './form-values.ts';

/** CPU and memory limits and reservations. */
export function ResourcesFields(props: { values: SwarmFormValues['resources']; errors: FieldMessages }) {
  const { values, errors } = props;
  return (
    <fieldset>
      <legend>Resources</legend>
      <div class="cl-grid">
        <TextInput label="CPU limit" name="resources.limits.cpus" value={values.limits.cpus} errors={errors} placeholder="0.5" inputmode="decimal" />
        <TextInput label="Memory limit" name="resources.limits.memory" value={values.limits.memory} errors={errors} placeholder="512M" />
        <TextInput
          label="CPU reservation"
          name="resources.reservations.cpus"
          value={values.reservations.cpus}
          errors={errors}
          placeholder="0.25"
          inputmode="decimal"
          hint="at most the limit"
        />
        <TextInput
          label="Memory reservation"
          name="resources.reservations.memory"
          value={values.reservations.memory}
          errors={errors}
          placeholder="256M"
          hint="at most the limit"
        />
      </div>
    </fieldset>
  );
}
