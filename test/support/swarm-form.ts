/** Posting the swarm deploy form as a browser would, and reading the messages it shows beside its fields. */
import type { SwarmFormValues } from '../../views/swarm-deploy-form/form-values.ts';

/** Every field of the form at Docker's defaults, as the browser posts them. */
export function defaultForm(): Record<string, string> {
  return {
    mode: 'replicated',
    replicas: '1',
    'resources.limits.cpus': '',
    'resources.limits.memory': '',
    'resources.reservations.cpus': '',
    'resources.reservations.memory': '',
    'updateConfig.parallelism': '1',
    'updateConfig.delay': '0s',
    'updateConfig.failureAction': 'pause',
    'updateConfig.monitor': '5s',
    'updateConfig.order': 'stop-first',
    'updateConfig.maxFailureRatio': '0',
    'rollbackConfig.parallelism': '1',
    'rollbackConfig.delay': '0s',
    'rollbackConfig.failureAction': 'pause',
    'rollbackConfig.monitor': '5s',
    'rollbackConfig.order': 'stop-first',
    'rollbackConfig.maxFailureRatio': '0',
    'restartPolicy.condition': 'any',
    'restartPolicy.delay': '5s',
    'restartPolicy.maxAttempts': '0',
    'restartPolicy.window': '0s',
    'healthCheck.command': '',
    'healthCheck.interval': '30s',
    'healthCheck.timeout': '30s',
    'healthCheck.retries': '3',
    'healthCheck.startPeriod': '0s',
    'yaml.deploy': '',
    'yaml.healthcheck': '',
  };
}

/** The message shown beside a field, read from the rendered form. */
export function messageBeside(html: string, field: string): string | null {
  const id = `cl-swarm-${field.replaceAll('.', '-')}-message`;
  const match = html.match(new RegExp(`id="${id}"[^>]*>([^<]*)<`));
  return match ? match[1]!.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&') : null;
}

/** The form's values at Docker's defaults, as the view receives them. */
export function defaultFormValues(): SwarmFormValues {
  const update = { parallelism: '1', delay: '0s', failureAction: 'pause', monitor: '5s', order: 'stop-first', maxFailureRatio: '0' };
  return {
    mode: 'replicated',
    replicas: '1',
    workerOnly: false,
    constraints: [],
    preferences: [],
    resources: { limits: { cpus: '', memory: '' }, reservations: { cpus: '', memory: '' } },
    updateConfig: { ...update },
    rollbackConfig: { ...update },
    restartPolicy: { condition: 'any', delay: '5s', maxAttempts: '0', window: '0s' },
    healthCheck: { command: '', interval: '30s', timeout: '30s', retries: '3', startPeriod: '0s' },
    labels: [],
  };
}
