import { Select, TextInput } from './field.tsx';
import type { FieldMessages, SwarmFormValues } from './form-values.ts';

/** When and how often the swarm restarts a task that exited. */
export function RestartPolicyFields(props: { values: SwarmFormValues['restartPolicy']; errors: FieldMessages; conditions: readonly string[] }) {
  const { values, errors } = props;
  return (
    <fieldset>
      <legend>Restart policy</legend>
      <div class="cl-grid">
        <Select label="Condition" name="restartPolicy.condition" value={values.condition} options={props.conditions} errors={errors} />
        <TextInput label="Delay" name="restartPolicy.delay" value={values.delay} errors={errors} placeholder="5s" />
        <TextInput label="Max attempts" name="restartPolicy.maxAttempts" value={values.maxAttempts} errors={errors} inputmode="numeric" hint="0 = unlimited" />
        <TextInput label="Window" name="restartPolicy.window" value={values.window} errors={errors} placeholder="0s" />
      </div>
    </fieldset>
  );
}
