/** A failure as the pages show it: its message, and for an internal error the request id to look up in the log. */

export interface ErrorNoticeProps {
  message: string;
  requestId?: string;
}

function RequestId(props: { requestId?: string }) {
  if (!props.requestId) return null;
  return (
    <>
      {' '}
      <span class="cl-muted">
        (request id <code>{props.requestId}</code>)
      </span>
    </>
  );
}

/** The partial answered to htmx. */
export function ErrorNotice(props: ErrorNoticeProps) {
  return (
    <p class="cl-notice cl-notice-error" role="alert">
      {props.message}
      <RequestId requestId={props.requestId} />
    </p>
  );
}

/** The body of a full page, inside the host's layout. */
export function ErrorPage(props: ErrorNoticeProps & { title: string }) {
  return (
    <div class="clusters">
      <h1>{props.title}</h1>
      <p>
        {props.message}
        <RequestId requestId={props.requestId} />
      </p>
    </div>
  );
}
