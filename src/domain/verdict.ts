/** The answer of a rule that may refuse an operation: the reason is shown to the user as is. */
export type Verdict = { ok: true; warning?: string } | { ok: false; reason: string };

export const allow = (warning?: string): Verdict => (warning ? { ok: true, warning } : { ok: true });
export const refuse = (reason: string): Verdict => ({ ok: false, reason });
