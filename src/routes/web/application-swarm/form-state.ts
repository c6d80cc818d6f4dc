/**
 * What the swarm deploy form shows after each step (opened, refused, saved, checked, deploy refused), as one
 * state object: the settings-shaped input (saved, submitted or pasted, perhaps invalid), the messages by field,
 * the notice above the fields, the tab, and the placement check and deploy result regions.
 */

import type { DeployResultView } from '../../../../views/deploy-result.tsx';
import type { PreflightView } from '../../../../views/placement-preflight.tsx';
import type { SwarmFormNotice } from '../../../../views/swarm-deploy-form/form-notices.tsx';
import type { PreflightResult } from '../../../domain/placement-preflight.ts';
import { DEFAULT_SWARM_SETTINGS, type FieldErrors, formatConstraint, type SwarmSettings } from '../../../domain/swarm-deploy-config.ts';

export interface FormState {
  /** Settings-shaped: saved settings, or what was submitted or pasted (perhaps invalid). */
  input: unknown;
  errors: FieldErrors;
  warnings: FieldErrors;
  notice: SwarmFormNotice | null;
  tab: 'form' | 'yaml';
  /** YAML to show as given (pasted text); otherwise produced from the input when it is valid. */
  yaml?: { deploy: string; healthcheck: string };
  preflight: PreflightView | null;
  result: DeployResultView | null;
}

/** The input alone: no messages, the form tab, empty regions. */
export const blankState = (input: unknown): FormState => ({ input, errors: {}, warnings: {}, notice: null, tab: 'form', preflight: null, result: null });

/** Input that does not validate, shown as typed with each message beside its field. */
export const invalidState = (input: unknown, errors: FieldErrors): FormState => ({ ...blankState(input), errors });

/** The saved settings; Docker's defaults with a warning when what is saved no longer validates (null). */
export function savedState(settings: SwarmSettings | null): FormState {
  if (settings) return blankState(settings);
  return {
    ...blankState(DEFAULT_SWARM_SETTINGS),
    notice: { tone: 'warning', text: 'The saved swarm settings no longer validate: the form shows Docker’s defaults. Save to replace them.' },
  };
}

/** A change refused to a read-only viewer: the saved state, with the reason as the notice. */
export const refusedState = (saved: FormState, reason: string): FormState => ({ ...saved, notice: { tone: 'error', text: reason } });

/** The placement check of `settings` as the panel shows it. */
export function preflightView(clusterName: string, settings: SwarmSettings, preflight: PreflightResult): PreflightView {
  return {
    clusterName,
    nodes: preflight.nodes,
    problem: preflight.problem,
    warnings: preflight.warnings.map((w) => ({ constraint: formatConstraint(settings.constraints[w.index]!), message: w.message })),
  };
}

/** A placement check that could not run: the panel says why. */
export const failedPreflightView = (message: string): PreflightView => ({ clusterName: '', nodes: [], warnings: [], problem: null, error: message });

/** Preflight warnings beside the constraint values they are about. */
export function warningsByField(preflight: PreflightResult): FieldErrors {
  return Object.fromEntries(preflight.warnings.map((w) => [`constraints.${w.index}.value`, w.message]));
}

/** Saved; the check that accompanies the save (its result null when it could not run) shows below. */
export function savedWithCheck(settings: SwarmSettings, check: { view: PreflightView; result: PreflightResult | null }): FormState {
  return {
    ...blankState(settings),
    notice: { tone: 'ok', text: 'Saved. Deploy to apply the settings to the swarm.' },
    warnings: check.result ? warningsByField(check.result) : {},
    preflight: check.view,
  };
}

/** Saved, but the deploy was refused by the placement check: nothing changed on the swarm. */
export function placementRefusedState(clusterName: string, settings: SwarmSettings, preflight: PreflightResult): FormState {
  return {
    ...blankState(settings),
    notice: { tone: 'error', text: `Saved, but not deployed: ${preflight.problem}. Nothing changed on the swarm.` },
    warnings: warningsByField(preflight),
    preflight: preflightView(clusterName, settings, preflight),
  };
}
