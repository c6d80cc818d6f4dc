/**
 * A select's many options (one per service, stack or node: a thousand at scale) as a JSON data block after it, filled
 * in by the pages' script (assets/cluster-pages.js) when the select is first focused: the text is not parsed into
 * elements, nor styled, slotted or laid out at load. `<`, `>` and `&` are written as JSON escapes, so no Docker string
 * can close the element or read as markup.
 */
import { raw } from 'hono/html';

export interface Choice {
  value: string;
  text: string;
}

export function optionsJson(options: Choice[]): string {
  return JSON.stringify(options.map((o) => [o.value, o.text])).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

/** The data block; `attributes` name it for the script and the tests (e.g. `data-grid-options="node"`). */
export function OptionsData(props: { attributes: Record<string, string>; options: Choice[] }) {
  return (
    <script type="application/json" {...props.attributes}>
      {raw(optionsJson(props.options))}
    </script>
  );
}
