/** Pieces shared by the node and service action panels. */
import type { Child } from 'hono/jsx';

/** The id of a row's action panel; Docker ids are hex, so the id is a valid CSS selector. */
export function opPanelId(kind: 'node' | 'service', id: string): string {
  return `cl-${kind}-panel-${id}`;
}

export function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}

/** Empties the panel it is in (client side only: nothing to ask the server). */
export function CloseButton(props: { label: string }) {
  return (
    <button type="button" class="cl-op-dismiss" x-data x-on:click="$el.closest('.cl-op-panel').replaceChildren()">
      {props.label}
    </button>
  );
}

const NOTICE_CLASS = { ok: 'cl-notice-ok', error: 'cl-notice-error', warning: 'cl-notice-warn' } as const;

export function OpNotice(props: { tone: 'ok' | 'error' | 'warning'; children: Child }) {
  return (
    <p class={`cl-notice ${NOTICE_CLASS[props.tone]}`} role={props.tone === 'error' ? 'alert' : 'status'}>
      {props.children}
    </p>
  );
}

/**
 * A row's "Actions" menu. With a `url`, the page carries none of its buttons, nor the menu around them: a button
 * (`aria-expanded`) whose menu is asked for when first opened and put after it (a page of 50 services is half as many
 * bytes to send and parse, and a <details> per row, with its shadow tree and summary, cost style and layout at every
 * page load). Otherwise the buttons wait in a <template> in a <details> (inert: no element in the page, nothing for
 * htmx or layout) until it is opened. Either way the menu closes as soon as one of its buttons sends a request: both
 * by the pages' script (assets/cluster-pages.js), one handler for every row.
 */
export function OpMenu(props: { subject: string; url?: string; children?: Child }) {
  if (props.url) {
    return (
      <button type="button" class="cl-menu-toggle" aria-expanded="false" data-menu-url={props.url}>
        Actions
      </button>
    );
  }
  return (
    <details class="cl-op-menu">
      <summary>Actions</summary>
      <template>
        <OpMenuButtons subject={props.subject}>{props.children}</OpMenuButtons>
      </template>
    </details>
  );
}

/** The buttons of an open "Actions" menu. */
export function OpMenuButtons(props: { subject: string; children?: Child }) {
  return (
    <div class="cl-op-buttons" role="group" aria-label={`Actions on ${props.subject}`}>
      {props.children}
    </div>
  );
}

/** The panel a row's actions swap into; `hx-preserve`d so a live re-render of the table keeps it. */
export function OpPanel(props: { id: string }) {
  return <div class="cl-op-panel" id={props.id} hx-preserve="true" aria-live="polite"></div>;
}
