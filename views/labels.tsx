/** Docker labels as key=value chips; both sides are Docker data, rendered as escaped text. */

export function Labels(props: { labels: Record<string, string>; hide?: (key: string) => boolean }) {
  const entries = Object.entries(props.labels).filter(([key]) => !props.hide?.(key));
  if (entries.length === 0) return null;
  return (
    <span class="cl-labels">
      {entries.map(([key, value]) => (
        <span class="cl-label" title={`${key}=${value}`}>
          {key}
          {value ? `=${value}` : ''}
        </span>
      ))}
    </span>
  );
}
