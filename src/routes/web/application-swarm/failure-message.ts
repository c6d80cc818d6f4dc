import { errorReport } from '../../errors.ts';

/**
 * What a failure of a deploy or a check tells the user: the one error path's message (SSH addresses
 * hidden unless `revealAddresses`). A bug is rethrown, for the page's error handler to log and answer.
 */
export function failureMessage(error: unknown, options: { revealAddresses: boolean }): string {
  const report = errorReport(error, { requestId: '', revealAddresses: options.revealAddresses });
  if (report.code === 'internal_error') throw error;
  return report.message;
}
