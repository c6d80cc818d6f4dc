/** A labelled control with its message beside it, and the text and select controls built on it. */
import type { Child } from 'hono/jsx';
import type { FieldMessages } from './form-values.ts';

/** The element id of a field (`updateConfig.delay` -> `cl-swarm-updateConfig-delay`); its message is `<id>-message`. */
export const fieldId = (name: string) => `cl-swarm-${name.replaceAll('.', '-')}`;

export interface FieldProps {
  label: string;
  name: string;
  errors: FieldMessages;
  warnings?: FieldMessages;
  hint?: string;
  /** Spans two grid columns (long values). */
  wide?: boolean;
}

/** The error, else the preflight warning, else the hint. */
export function FieldMessage(props: { name: string; error?: string; warning?: string; hint?: string }) {
  if (props.error) {
    return (
      <span class="cl-field-error" id={`${fieldId(props.name)}-message`} role="alert">
        {props.error}
      </span>
    );
  }
  if (props.warning) {
    return (
      <span class="cl-field-warning" id={`${fieldId(props.name)}-message`}>
        {props.warning}
      </span>
    );
  }
  return props.hint ? <small class="cl-muted">{props.hint}</small> : null;
}

export function Field(props: FieldProps & { children: Child }) {
  const error = props.errors[props.name];
  const warning = props.warnings?.[props.name];
  const state = error ? ' cl-invalid' : warning ? ' cl-warned' : '';
  return (
    <div class={`cl-field${state}${props.wide ? ' cl-wide' : ''}`}>
      <label for={fieldId(props.name)}>{props.label}</label>
      {props.children}
      <FieldMessage name={props.name} error={error} warning={warning} hint={props.hint} />
    </div>
  );
}

/** The attributes that tie an input to its name and message. */
export function control(name: string, errors: FieldMessages, warnings: FieldMessages = {}) {
  const message = errors[name] ?? warnings[name];
  return {
    id: fieldId(name),
    name,
    'aria-invalid': errors[name] ? 'true' : undefined,
    'aria-describedby': message ? `${fieldId(name)}-message` : undefined,
  };
}

export function TextInput(props: FieldProps & { value: string; placeholder?: string; list?: string; inputmode?: 'numeric' | 'decimal' }) {
  return (
    <Field {...props}>
      <input
        type="text"
        {...control(props.name, props.errors, props.warnings)}
        value={props.value}
        placeholder={props.placeholder}
        list={props.list}
        inputmode={props.inputmode}
        autocomplete="off"
      />
    </Field>
  );
}

/** The options, plus a value they do not hold (pasted YAML), so the message beside it makes sense. */
export const optionsWith = (options: readonly string[], value: string): readonly string[] =>
  options.includes(value) || value === '' ? options : [...options, value];

export function Select(props: FieldProps & { value: string; options: readonly string[] }) {
  return (
    <Field {...props}>
      <select {...control(props.name, props.errors)}>
        {optionsWith(props.options, props.value).map((o) => (
          <option value={o} selected={o === props.value}>
            {o}
          </option>
        ))}
      </select>
    </Field>
  );
}
