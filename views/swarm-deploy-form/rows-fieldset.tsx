/** Lists of rows (constraints, spread preferences, labels): saved rows removed in place, rows added in the browser. */
import type { Child } from 'hono/jsx';
import { control, FieldMessage } from './field.tsx';
import type { FieldMessages } from './form-values.ts';

export function CellMessage(props: { name: string; errors: FieldMessages; warnings?: FieldMessages }) {
  return <FieldMessage name={props.name} error={props.errors[props.name]} warning={props.warnings?.[props.name]} />;
}

/** A text cell of a saved row, with its message below the input. */
export function TextCell(props: {
  name: string;
  label: string;
  value: string;
  errors: FieldMessages;
  warnings?: FieldMessages;
  list?: string;
  placeholder?: string;
}) {
  const { name, errors, warnings } = props;
  return (
    <td class={errors[name] ? 'cl-invalid' : warnings?.[name] ? 'cl-warned' : undefined}>
      <input
        type="text"
        {...control(name, errors, warnings)}
        aria-label={props.label}
        value={props.value}
        list={props.list}
        placeholder={props.placeholder}
        autocomplete="off"
      />
      <CellMessage name={name} errors={errors} warnings={warnings} />
    </td>
  );
}

/**
 * A fieldset of rows: the saved ones (removed from the DOM in place), then rows added in the browser
 * (alpine), numbered on from the saved ones so their field names do not collide.
 */
export function RowsFieldset<Row>(props: {
  legend: string;
  tableId: string;
  /** Column headings; none for a single-column list. */
  headings?: string[];
  rows: Row[];
  cells: (row: Row, i: number) => Child;
  /** The cells of an added row, named with alpine's `i`. */
  addedCells: Child;
  addLabel: string;
}) {
  return (
    <fieldset class="cl-rows" x-data={`{ added: [], next: ${props.rows.length} }`}>
      <legend>{props.legend}</legend>
      <table class="cl-row-table" id={props.tableId}>
        {props.headings ? (
          <thead>
            <tr>
              {props.headings.map((heading) => (
                <th scope="col">{heading}</th>
              ))}
              <th scope="col">
                <span class="cl-sr-only">Remove</span>
              </th>
            </tr>
          </thead>
        ) : null}
        <tbody>
          {props.rows.map((row, i) => (
            <tr data-row={i}>
              {props.cells(row, i)}
              <td>
                <button type="button" class="cl-link" x-on:click="$el.closest('tr').remove()">
                  Remove
                </button>
              </td>
            </tr>
          ))}
          <template x-for="i in added" x-bind:key="i">
            <tr>
              {props.addedCells}
              <td>
                <button type="button" class="cl-link" x-on:click="added.splice(added.indexOf(i), 1)">
                  Remove
                </button>
              </td>
            </tr>
          </template>
        </tbody>
      </table>
      <button type="button" class="cl-button cl-button-quiet" x-on:click="added.push(next++)">
        {props.addLabel}
      </button>
    </fieldset>
  );
}
