import { fieldId, Select, TextInput } from './field.tsx';
import type { FieldMessages, SwarmFormValues } from './form-values.ts';

/** Mode, replica count and the worker-only shortcut. */
export function ReplicasFields(props: { values: Pick<SwarmFormValues, 'mode' | 'replicas' | 'workerOnly'>; errors: FieldMessages }) {
  const { values, errors } = props;
  return (
    <fieldset>
      <legend>Replicas</legend>
      <div class="cl-grid">
        <Select label="Mode" name="mode" value={values.mode} options={['replicated', 'global']} errors={errors} />
        <TextInput
          label="Replicas"
          name="replicas"
          value={values.replicas}
          errors={errors}
          inputmode="numeric"
          hint="0 to 1000; global services run one task per node"
        />
        <div class="cl-field cl-check">
          <label for={fieldId('workerOnly')}>
            <input type="checkbox" id={fieldId('workerOnly')} name="workerOnly" value="on" checked={values.workerOnly} /> Worker nodes only
          </label>
          <small class="cl-muted">adds node.role == worker (once)</small>
        </div>
      </div>
    </fieldset>
  );
}
