/**
 * What each minor version of the contract added, so a host on an older minor is told at mount time what it goes
 * without. A new minor adds its line here (check.test.ts asks for one); what it adds for hosts to give is optional.
 */
export const CONTRACT_ADDITIONS: Record<string, string> = {
  '1.1': "applications carry image and command (HostApplication.image, .command), and the application page shows the plugin's deployForm",
  '1.2': "the server page shows the plugin's serverWidget (the server's SSH host key, trusting a changed one)",
  '1.3':
    "the panel's own machine as a manager (HostServer.transport 'local'), per-server access (auth.authorize receives the cluster's servers), " +
    'a deployer of its own (applications.deploySwarm), and the settings applications.deployForm and applications.taskLabel',
  '1.4': "the layout puts a page's stylesheets and scripts in the document's head (LayoutPage.head): its pages are laid out once",
};
