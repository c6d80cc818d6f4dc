import { DeployResultPanel, type DeployResultView } from '../deploy-result.tsx';
import { PlacementPreflightPanel, type PreflightView } from '../placement-preflight.tsx';
import { PREFLIGHT_REGION_ID, RESULT_REGION_ID } from './ids.ts';

/**
 * Save, check placement, save and deploy (a read-only viewer may only check), and the regions the check and the
 * deploy answer into.
 */
export function FormActions(props: {
  urls: { preflight: string; deploy: string };
  readOnly: boolean;
  preflight: PreflightView | null;
  result: DeployResultView | null;
}) {
  return (
    <>
      <div class="cl-deploy-actions">
        {props.readOnly ? null : (
          <button type="submit" class="cl-button">
            Save
          </button>
        )}
        <button type="button" class="cl-button cl-button-quiet" hx-post={props.urls.preflight} hx-target={`#${PREFLIGHT_REGION_ID}`} hx-swap="innerHTML">
          Check placement
        </button>
        {props.readOnly ? null : (
          <button type="button" class="cl-button cl-button-primary" hx-post={props.urls.deploy} hx-target={`#${RESULT_REGION_ID}`} hx-swap="innerHTML">
            Save and deploy
          </button>
        )}
      </div>
      <div id={PREFLIGHT_REGION_ID} aria-live="polite">
        {props.preflight ? <PlacementPreflightPanel preflight={props.preflight} /> : null}
      </div>
      <div id={RESULT_REGION_ID} aria-live="polite">
        {props.result ? <DeployResultPanel result={props.result} /> : null}
      </div>
    </>
  );
}
