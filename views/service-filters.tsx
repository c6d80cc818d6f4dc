/**
 * The search box and filters above the services list. It sits outside the live region, so a live re-render
 * never takes the caret from the search box; each change asks for the list's first page of matches (the
 * server then writes the query into the address bar). A live refresh of the list still under way when the
 * query changes would show the old query, so the form's request replaces it (`hx-sync`). Without JavaScript
 * it is a plain GET form.
 * The stack filter has an option per stack (a hundred at scale, each an element slotted into the select's shadow tree
 * and styled at every load): they wait as data until the select is first focused, and only the chosen one is an
 * element. A page without script reads the noscript copy, a select with every option: it comes first in the form, and
 * the server reads a field's first value.
 */
import type { ServiceFilter } from '../src/domain/service-list.ts';
import { type Choice, OptionsData } from './options-data.tsx';

const HEALTH: { value: NonNullable<ServiceFilter['health']>; text: string }[] = [
  { value: 'short', text: 'Short of replicas' },
  { value: 'ok', text: 'Running as desired' },
];

type SelectProps = { name: string; label: string; all: string; value: string | undefined; options: Choice[] };

/**
 * `lazy`: only the chosen option is an element; the others wait as data after the select, filled in when it is first
 * focused (the pages' script). Hidden for a page without script, which reads a full copy in a `<noscript>`.
 */
function Select(props: SelectProps & { lazy?: boolean }) {
  const options = props.lazy ? props.options.filter((o) => o.value === props.value) : props.options;
  return (
    <label class={props.lazy ? 'cl-script-only' : undefined}>
      <span class="cl-sr">{props.label}</span>
      <select name={props.name} aria-label={props.label} class={props.lazy ? 'cl-lazy-options' : undefined}>
        <option value="">{props.all}</option>
        {options.map((o) => (
          <option value={o.value} selected={props.value === o.value}>
            {o.text}
          </option>
        ))}
      </select>
      {props.lazy ? <OptionsData attributes={{ 'data-options': props.name }} options={props.options} /> : null}
    </label>
  );
}

/** A select whose options come when it is first focused, with a full copy for a page without script. */
function LazySelect(props: SelectProps) {
  return (
    <>
      <noscript>
        <Select {...props} />
      </noscript>
      <Select {...props} lazy />
    </>
  );
}

export function ServiceFilters(props: {
  /** The services page: the form's target, with or without htmx. */
  url: string;
  filter: ServiceFilter;
  stacks: string[];
  modes: readonly string[];
  /** Services per page, one of `pageSizes`. */
  limit: number;
  pageSizes: readonly number[];
}) {
  const f = props.filter;
  return (
    <form
      id="cl-service-filters"
      class="cl-filters cl-service-filters"
      role="search"
      method="get"
      action={props.url}
      hx-get={props.url}
      hx-trigger="input changed delay:300ms, submit"
      hx-target="#cl-services"
      hx-swap="outerHTML"
      hx-sync="#cl-services:replace"
    >
      <input
        type="search"
        name="q"
        value={f.q ?? ''}
        maxlength={200}
        placeholder="Search name or image"
        aria-label="Search services by name or image"
        autocomplete="off"
      />
      <LazySelect name="stack" label="Stack" all="All stacks" value={f.stack} options={props.stacks.map((s) => ({ value: s, text: s }))} />
      <Select name="mode" label="Mode" all="All modes" value={f.mode} options={props.modes.map((m) => ({ value: m, text: m }))} />
      <Select name="health" label="Health" all="Any health" value={f.health} options={HEALTH} />
      <label>
        <span class="cl-sr">Services per page</span>
        <select name="limit" aria-label="Services per page">
          {props.pageSizes.map((n) => (
            <option value={String(n)} selected={props.limit === n}>
              {n} per page
            </option>
          ))}
        </select>
      </label>
      <noscript>
        <button type="submit">Filter</button>
      </noscript>
    </form>
  );
}
