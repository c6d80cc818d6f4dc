/** Small pieces shared by the host's pages. Everything interpolated goes through JSX escaping. */
import type { Child } from 'hono/jsx';
import { CSRF_FIELD } from '../auth/csrf.ts';

export function CsrfField(props: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={props.token} />;
}

/**
 * An "add" form on a card. htmx posts it and swaps the form itself, so field errors appear in place;
 * without JS it is a plain POST.
 */
export function AddFormCard(props: { id: string; action: string; title: string; submit: string; csrfToken: string; children: Child }) {
  return (
    <form id={props.id} class="card stacked" method="post" action={props.action} hx-post={props.action} hx-target="this" hx-swap="outerHTML">
      <h2>{props.title}</h2>
      <CsrfField token={props.csrfToken} />
      {props.children}
      <button type="submit">{props.submit}</button>
    </form>
  );
}

/** A labelled control with its error message beside it. */
export function Field(props: { label: string; name: string; error?: string; hint?: string; children: Child }) {
  const errorId = `${props.name}-error`;
  return (
    <div class={props.error ? 'field invalid' : 'field'}>
      <label for={props.name}>{props.label}</label>
      {props.children}
      {props.hint && !props.error ? <small class="muted">{props.hint}</small> : null}
      {props.error ? (
        <span class="error" id={errorId} role="alert">
          {props.error}
        </span>
      ) : null}
    </div>
  );
}

export function LevelBadge(props: { level: string }) {
  return <span class={`badge ${props.level}`}>{props.level}</span>;
}

export function formatTime(date: Date): string {
  return `${date.toISOString().replace('T', ' ').slice(0, 19)} UTC`;
}
