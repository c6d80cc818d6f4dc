/**
 * The per-application swarm deploy form, embedded in the host's application page: every setting with its
 * message beside it, rows of constraints, spread preferences and labels added and removed in the browser
 * (alpine), a YAML tab with the produced `deploy:` mapping that also reads pasted YAML back, and the
 * placement check and deploy result regions. htmx posts carry the host's CSRF header from `<body hx-headers>`.
 */
import type { DeployResultView } from '../deploy-result.tsx';
import type { PreflightView } from '../placement-preflight.tsx';
import { FormActions } from './form-actions.tsx';
import { FormNotices, type SwarmFormNotice } from './form-notices.tsx';
import { FormTabs } from './form-tabs.tsx';
import type { FieldMessages, SwarmFormChoices, SwarmFormValues } from './form-values.ts';
import { HealthCheckFields } from './health-check-fields.tsx';
import { SWARM_FORM_ID } from './ids.ts';
import { LabelRows } from './label-rows.tsx';
import { PlacementFields } from './placement-fields.tsx';
import { ReplicasFields } from './replicas-fields.tsx';
import { ResourcesFields } from './resources-fields.tsx';
import { RestartPolicyFields } from './restart-policy-fields.tsx';
import { UpdateFields } from './update-fields.tsx';
import { YamlPanel } from './yaml-panel.tsx';

export interface SwarmDeployFormProps {
  applicationName: string;
  urls: { form: string; save: string; preflight: string; deploy: string; yaml: string };
  cssUrl: string;
  values: SwarmFormValues;
  /** Messages by field name (`updateConfig.delay`). */
  errors: FieldMessages;
  /** Preflight warnings by field name (`constraints.0.value`). */
  warnings: FieldMessages;
  yaml: { deploy: string; healthcheck: string };
  tab: 'form' | 'yaml';
  notice: SwarmFormNotice | null;
  /** Why this viewer may not save or deploy; null when they may. */
  readOnlyReason: string | null;
  /** The cluster deploys go to, or why there is none. */
  cluster: { name: string; href: string } | { problem: string };
  /** Constraint fields (Docker's and the cluster's label keys) and values offered while typing. */
  suggestions: { fields: string[]; values: string[] };
  choices: SwarmFormChoices;
  preflight: PreflightView | null;
  result: DeployResultView | null;
}

function DeployTarget(props: { cluster: SwarmDeployFormProps['cluster']; applicationName: string }) {
  const { cluster } = props;
  return (
    <span class="cl-muted cl-small">
      {'name' in cluster ? (
        <>
          deploys to cluster <a href={cluster.href}>{cluster.name}</a> as stack of {props.applicationName}
        </>
      ) : (
        cluster.problem
      )}
    </span>
  );
}

export function SwarmDeployForm(props: SwarmDeployFormProps) {
  const { values, errors, urls } = props;
  const readOnly = props.readOnlyReason !== null;
  return (
    <section class="clusters cl-deploy" id={SWARM_FORM_ID}>
      <link rel="stylesheet" href={props.cssUrl} />
      <form hx-post={urls.save} hx-target={`#${SWARM_FORM_ID}`} hx-swap="outerHTML" x-data={`{ tab: '${props.tab}' }`} novalidate>
        <div class="cl-section-head">
          <h2>Swarm deployment</h2>
          <DeployTarget cluster={props.cluster} applicationName={props.applicationName} />
        </div>
        <FormNotices notice={props.notice} fieldErrorCount={Object.keys(errors).length} readOnlyReason={props.readOnlyReason} />

        {/* `hidden`, not x-show: htmx settles `style` from the new content after a swap, undoing x-show. */}
        <FormTabs tab={props.tab} />

        <fieldset class="cl-plain" disabled={readOnly}>
          <div role="tabpanel" id="cl-swarm-panel-form" aria-labelledby="cl-swarm-tab-form" hidden={props.tab !== 'form'} x-bind:hidden="tab !== 'form'">
            <ReplicasFields values={values} errors={errors} />
            <PlacementFields values={values} errors={errors} warnings={props.warnings} suggestions={props.suggestions} />
            <ResourcesFields values={values.resources} errors={errors} />
            <UpdateFields
              prefix="updateConfig"
              values={values.updateConfig}
              errors={errors}
              failureActions={props.choices.updateFailureActions}
              orders={props.choices.updateOrders}
            />
            <UpdateFields
              prefix="rollbackConfig"
              values={values.rollbackConfig}
              errors={errors}
              failureActions={props.choices.rollbackFailureActions}
              orders={props.choices.updateOrders}
            />
            <RestartPolicyFields values={values.restartPolicy} errors={errors} conditions={props.choices.restartConditions} />
            <HealthCheckFields values={values.healthCheck} errors={errors} />
            <LabelRows rows={values.labels} errors={errors} />
          </div>
          <YamlPanel yaml={props.yaml} shown={props.tab === 'yaml'} loadUrl={urls.yaml} />
        </fieldset>

        <FormActions urls={urls} readOnly={readOnly} preflight={props.preflight} result={props.result} />
      </form>
    </section>
  );
}
