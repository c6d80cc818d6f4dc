/**
 * The SSH host key of a server, for the host's server page: the pinned fingerprint and, after the server
 * presented another key (refused), that key with the way to check it and, for admins, to trust it.
 */
import { OpNotice } from './operation-panel.tsx';

export const HOST_KEY_PANEL_ID = 'cl-host-key';

export interface PinnedKeyView {
  fingerprint: string;
  pinnedAt: string;
  refused: { fingerprint: string; at: string } | null;
}

export interface HostKeyPanelProps {
  cssUrl: string;
  serverName: string;
  key: PinnedKeyView | null;
  /** Where the trust form posts; null when the viewer may not trust keys. */
  trustUrl: string | null;
  notice?: { tone: 'ok' | 'error'; text: string };
}

export function HostKeyPanel(props: HostKeyPanelProps) {
  const { key } = props;
  return (
    <section class="clusters cl-host-key" id={HOST_KEY_PANEL_ID} aria-labelledby="cl-host-key-title">
      <link rel="stylesheet" href={props.cssUrl} />
      <h2 id="cl-host-key-title">SSH host key</h2>
      {props.notice ? <OpNotice tone={props.notice.tone}>{props.notice.text}</OpNotice> : null}
      {key ? (
        <p>
          Pinned <code data-field="pinned">{key.fingerprint}</code> <span class="cl-muted">since {key.pinnedAt}</span>
        </p>
      ) : (
        <p class="cl-muted">Not pinned yet: the key {props.serverName} presents the first time the panel connects is pinned.</p>
      )}
      {key?.refused ? (
        <div class="cl-notice cl-notice-error" role="alert">
          <p>
            At {key.refused.at} {props.serverName} presented another key, <code data-field="refused">{key.refused.fingerprint}</code>: the panel refuses to
            connect to it. If the server was reinstalled or moved, compare that fingerprint with what{' '}
            <code>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</code> prints on the server itself before trusting it; if nothing changed there, someone may
            be in between.
          </p>
          {props.trustUrl ? (
            <form hx-post={props.trustUrl} hx-target={`#${HOST_KEY_PANEL_ID}`} hx-swap="outerHTML">
              <input type="hidden" name="fingerprint" value={key.refused.fingerprint} />
              <button type="submit" class="cl-danger">
                Trust the new key
              </button>
            </form>
          ) : (
            <p>Only owners and admins can trust a new key.</p>
          )}
        </div>
      ) : null}
    </section>
  );
}
