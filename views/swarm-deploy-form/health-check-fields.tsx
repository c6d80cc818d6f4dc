import { TextInput } from './field.tsx';
import type { FieldMessages, SwarmFormValues } from './form-values.ts';

/** The container's health check command and its timing. */
export function HealthCheckFields(props: { values: SwarmFormValues['healthCheck']; errors: FieldMessages }) {
  const { values, errors } = props;
  return (
    <fieldset>
      <legend>Health check</legend>
      <div class="cl-grid">
        <TextInput
          wide
          label="Command"
          name="healthCheck.command"
          value={values.command}
          errors={errors}
          placeholder="curl -f http://localhost/ || exit 1"
          hint="run with /bin/sh -c; empty keeps the image's"
        />
        <TextInput label="Interval" name="healthCheck.interval" value={values.interval} errors={errors} placeholder="30s" />
        <TextInput label="Timeout" name="healthCheck.timeout" value={values.timeout} errors={errors} placeholder="30s" />
        <TextInput label="Retries" name="healthCheck.retries" value={values.retries} errors={errors} inputmode="numeric" />
        <TextInput label="Start period" name="healthCheck.startPeriod" value={values.startPeriod} errors={errors} placeholder="0s" />
      </div>
    </fieldset>
  );
}
