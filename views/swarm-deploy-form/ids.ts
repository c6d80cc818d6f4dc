/** Element ids the form's htmx requests target. */
export const SWARM_FORM_ID = 'cl-swarm-deploy';
export const PREFLIGHT_REGION_ID = 'cl-swarm-preflight';
export const RESULT_REGION_ID = 'cl-swarm-result';
