/** The outcome of deploying an application as a stack: what was written on the swarm, or why nothing was. */

export interface DeployResultView {
  ok: boolean;
  message: string;
  serviceName?: string;
  clusterName?: string;
  clusterHref?: string;
  created?: boolean;
  warnings?: string[];
  /** Handed to the host's deployer: the page (a path on the host) that follows its deployment. */
  hostLink?: string;
}

export function DeployResultPanel(props: { result: DeployResultView }) {
  const { result } = props;
  if (!result.ok) {
    return (
      <p class="cl-notice cl-notice-error cl-deploy-result" role="alert">
        {result.message}
      </p>
    );
  }
  if (!result.serviceName) {
    return (
      <p class="cl-notice cl-notice-ok cl-deploy-result" role="status">
        Handed to the panel's deployer for {result.clusterHref ? <a href={result.clusterHref}>{result.clusterName}</a> : result.clusterName}: {result.message}
        {result.hostLink?.startsWith('/') ? (
          <>
            {' '}
            <a href={result.hostLink}>Follow the deployment</a>
          </>
        ) : null}
      </p>
    );
  }
  return (
    <div class="cl-notice cl-notice-ok cl-deploy-result" role="status" data-service={result.serviceName}>
      <p>
        {result.created ? 'Created' : 'Updated'} service <code>{result.serviceName}</code> on{' '}
        {result.clusterHref ? <a href={result.clusterHref}>{result.clusterName}</a> : result.clusterName}. {result.message}
      </p>
      {result.warnings?.length ? (
        <ul>
          {result.warnings.map((w) => (
            <li>Docker: {w}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
