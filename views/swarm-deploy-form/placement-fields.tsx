/** Placement: constraint rows (with the node fields and values suggested while typing) and spread preferences. */
import { control, optionsWith } from './field.tsx';
import type { FieldMessages, SwarmFormValues } from './form-values.ts';
import { CellMessage, RowsFieldset, TextCell } from './rows-fieldset.tsx';

const OPERATORS = ['==', '!='] as const;
const FIELDS_LIST_ID = 'cl-swarm-constraint-fields';
const VALUES_LIST_ID = 'cl-swarm-constraint-values';

function ConstraintRows(props: { rows: SwarmFormValues['constraints']; errors: FieldMessages; warnings: FieldMessages }) {
  const { errors, warnings } = props;
  return (
    <RowsFieldset
      legend="Placement constraints"
      tableId="cl-swarm-constraints"
      headings={['Field', 'Operator', 'Value']}
      rows={props.rows}
      cells={(row, i) => (
        <>
          <TextCell name={`constraints.${i}.field`} label={`Constraint ${i + 1} field`} value={row.field} errors={errors} list={FIELDS_LIST_ID} />
          <td class={errors[`constraints.${i}.operator`] ? 'cl-invalid' : undefined}>
            <select {...control(`constraints.${i}.operator`, errors)} aria-label={`Constraint ${i + 1} operator`}>
              {optionsWith(OPERATORS, row.operator).map((op) => (
                <option value={op} selected={op === row.operator}>
                  {op}
                </option>
              ))}
            </select>
            <CellMessage name={`constraints.${i}.operator`} errors={errors} />
          </td>
          <TextCell
            name={`constraints.${i}.value`}
            label={`Constraint ${i + 1} value`}
            value={row.value}
            errors={errors}
            warnings={warnings}
            list={VALUES_LIST_ID}
          />
        </>
      )}
      addedCells={
        <>
          <td>
            <input type="text" x-bind:name="'constraints.' + i + '.field'" aria-label="New constraint field" list={FIELDS_LIST_ID} autocomplete="off" />
          </td>
          <td>
            <select x-bind:name="'constraints.' + i + '.operator'" aria-label="New constraint operator">
              {OPERATORS.map((op) => (
                <option value={op}>{op}</option>
              ))}
            </select>
          </td>
          <td>
            <input type="text" x-bind:name="'constraints.' + i + '.value'" aria-label="New constraint value" list={VALUES_LIST_ID} autocomplete="off" />
          </td>
        </>
      }
      addLabel="Add constraint"
    />
  );
}

function PreferenceRows(props: { rows: SwarmFormValues['preferences']; errors: FieldMessages }) {
  return (
    <RowsFieldset
      legend="Spread preferences"
      tableId="cl-swarm-preferences"
      rows={props.rows}
      cells={(row, i) => (
        <TextCell name={`preferences.${i}.spread`} label={`Spread ${i + 1}`} value={row.spread} errors={props.errors} placeholder="node.labels.zone" />
      )}
      addedCells={
        <td>
          <input type="text" x-bind:name="'preferences.' + i + '.spread'" aria-label="New spread" placeholder="node.labels.zone" autocomplete="off" />
        </td>
      }
      addLabel="Add spread preference"
    />
  );
}

export function PlacementFields(props: {
  values: Pick<SwarmFormValues, 'constraints' | 'preferences'>;
  errors: FieldMessages;
  warnings: FieldMessages;
  /** Constraint fields (Docker's and the cluster's node labels) and values, offered while typing a constraint. */
  suggestions: { fields: string[]; values: string[] };
}) {
  return (
    <>
      <ConstraintRows rows={props.values.constraints} errors={props.errors} warnings={props.warnings} />
      <datalist id={FIELDS_LIST_ID}>
        {props.suggestions.fields.map((f) => (
          <option value={f}></option>
        ))}
      </datalist>
      <datalist id={VALUES_LIST_ID}>
        {props.suggestions.values.map((v) => (
          <option value={v}></option>
        ))}
      </datalist>
      <PreferenceRows rows={props.values.preferences} errors={props.errors} />
    </>
  );
}
