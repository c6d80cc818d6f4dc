/** What the form says above its fields: the outcome of the last step, how many fields need attention, why it is read-only. */

export interface SwarmFormNotice {
  tone: 'ok' | 'error' | 'warning';
  text: string;
  /** Further lines (e.g. YAML keys that were ignored). */
  details?: string[];
}

function Notice(props: { notice: SwarmFormNotice }) {
  const { notice } = props;
  return (
    <div class={`cl-notice cl-notice-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
      <p>{notice.text}</p>
      {notice.details?.length ? (
        <ul>
          {notice.details.map((d) => (
            <li>{d}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function FormNotices(props: { notice: SwarmFormNotice | null; fieldErrorCount: number; readOnlyReason: string | null }) {
  const count = props.fieldErrorCount;
  return (
    <>
      {props.notice ? <Notice notice={props.notice} /> : null}
      {count > 0 ? (
        <p class="cl-notice cl-notice-error" role="alert">
          {count === 1 ? 'One field needs' : `${count} fields need`} attention: see the messages beside them. Nothing was changed.
        </p>
      ) : null}
      {props.readOnlyReason !== null ? <p class="cl-notice cl-notice-warning">{props.readOnlyReason}</p> : null}
    </>
  );
}
