/** The swarm deploy form's fields as the text they show, and the messages beside them. */

export interface UpdateValues {
  parallelism: string;
  delay: string;
  failureAction: string;
  monitor: string;
  order: string;
  maxFailureRatio: string;
}

/** Every setting as the text its field shows (possibly invalid: it is shown as typed, with the message). */
export interface SwarmFormValues {
  mode: string;
  replicas: string;
  workerOnly: boolean;
  constraints: { field: string; operator: string; value: string }[];
  preferences: { spread: string }[];
  resources: { limits: { cpus: string; memory: string }; reservations: { cpus: string; memory: string } };
  updateConfig: UpdateValues;
  rollbackConfig: UpdateValues;
  restartPolicy: { condition: string; delay: string; maxAttempts: string; window: string };
  healthCheck: { command: string; interval: string; timeout: string; retries: string; startPeriod: string };
  labels: { key: string; value: string }[];
}

/** Messages by field name (`updateConfig.delay`, `constraints.0.value`). */
export type FieldMessages = Record<string, string>;

/** The options of the form's selects: the values Docker accepts, as the domain lists them. */
export interface SwarmFormChoices {
  updateFailureActions: readonly string[];
  rollbackFailureActions: readonly string[];
  updateOrders: readonly string[];
  restartConditions: readonly string[];
}
