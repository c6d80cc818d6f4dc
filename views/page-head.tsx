/**
 * The plugin's stylesheets and deferred scripts of a page: for the document's head when the host's layout takes them
 * (contract 1.4), else at the start of the body.
 */

export interface PageAssets {
  styles: string[];
  /**
   * Deferred, so they run in order once the document is parsed. The cluster pages' scripts are one file
   * (src/routes/web/assets.ts): the live script (assets/clusters-live.js), the copy buttons (copy-button.js) and the
   * delegated handlers of per-row menus and the visualizer (cluster-pages.js).
   */
  scripts: string[];
}

export function PageHead(props: { assets: PageAssets }) {
  return (
    <>
      {props.assets.styles.map((href) => (
        <link rel="stylesheet" href={href} />
      ))}
      {props.assets.scripts.map((src) => (
        <script src={src} defer></script>
      ))}
    </>
  );
}
