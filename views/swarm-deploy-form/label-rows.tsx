import type { FieldMessages, SwarmFormValues } from './form-values.ts';
import { RowsFieldset, TextCell } from './rows-fieldset.tsx';

/** The service's labels, key and value per row. */
export function LabelRows(props: { rows: SwarmFormValues['labels']; errors: FieldMessages }) {
  return (
    <RowsFieldset
      legend="Service labels"
      tableId="cl-swarm-labels"
      headings={['Key', 'Value']}
      rows={props.rows}
      cells={(row, i) => (
        <>
          <TextCell name={`labels.${i}.key`} label={`Label ${i + 1} key`} value={row.key} errors={props.errors} />
          <TextCell name={`labels.${i}.value`} label={`Label ${i + 1} value`} value={row.value} errors={props.errors} />
        </>
      )}
      addedCells={
        <>
          <td>
            <input type="text" x-bind:name="'labels.' + i + '.key'" aria-label="New label key" autocomplete="off" />
          </td>
          <td>
            <input type="text" x-bind:name="'labels.' + i + '.value'" aria-label="New label value" autocomplete="off" />
          </td>
        </>
      }
      addLabel="Add label"
    />
  );
}
