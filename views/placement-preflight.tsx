/** Which nodes could run the application's tasks now, and why the others could not. */
import type { PlacementNode } from '../src/domain/placement-preflight.ts';

export interface PreflightView {
  clusterName: string;
  nodes: { node: PlacementNode; matches: boolean; reasons: string[] }[];
  /** Constraint text and message, for constraints naming something no node has. */
  warnings: { constraint: string; message: string }[];
  problem: string | null;
  /** The check could not run (no cluster, no manager answering). */
  error?: string;
}

export function PlacementPreflightPanel(props: { preflight: PreflightView }) {
  const { preflight } = props;
  if (preflight.error) {
    return (
      <div class="cl-preflight">
        <p class="cl-notice cl-notice-error" role="alert">
          Placement not checked: {preflight.error}
        </p>
      </div>
    );
  }
  const matching = preflight.nodes.filter((v) => v.matches);
  return (
    <div class="cl-preflight" data-matching={String(matching.length)}>
      <h3>Placement on {preflight.clusterName} now</h3>
      {preflight.problem ? (
        <p class="cl-notice cl-notice-error" role="alert">
          {preflight.problem}
        </p>
      ) : (
        <p class="cl-notice cl-notice-ok" role="status">
          {matching.length} of {preflight.nodes.length} nodes match: {matching.map((v) => v.node.hostname).join(', ')}
        </p>
      )}
      {preflight.warnings.length ? (
        <ul class="cl-preflight-warnings">
          {preflight.warnings.map((w) => (
            <li class="cl-field-warning">
              <code>{w.constraint}</code>: {w.message}
            </li>
          ))}
        </ul>
      ) : null}
      <table class="cl-table">
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">Role</th>
            <th scope="col">Labels</th>
            <th scope="col">Runs tasks?</th>
          </tr>
        </thead>
        <tbody>
          {preflight.nodes.map((v) => (
            <tr data-node={v.node.hostname} class={v.matches ? 'cl-match' : 'cl-no-match'}>
              <td>{v.node.hostname}</td>
              <td>{v.node.role}</td>
              <td>
                {Object.entries(v.node.labels).map(([k, value]) => (
                  <span class="cl-label">
                    {k}={value}
                  </span>
                ))}
              </td>
              <td>
                {v.matches ? (
                  'yes'
                ) : (
                  <ul class="cl-reasons">
                    {v.reasons.map((r) => (
                      <li>no: {r}</li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
