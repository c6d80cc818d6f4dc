/**
 * What each minor version of the contract added, so a host on an older minor is told at mount time what it lacks
 * rather than only that its version is too old. A new minor adds its line here (check.test.ts asks for one).
 */
export const CONTRACT_ADDITIONS: Record<string, string> = {
  '1.1': "applications carry image and command (HostApplication.image, .command), and the application page shows the plugin's deployForm",
  '1.2': "the server page shows the plugin's serverWidget (the server's SSH host key, trusting a changed one)",
};
