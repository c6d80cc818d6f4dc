// Live updates of the cluster pages: opens the SSE stream named by `data-live-url` and dispatches
// `swarm-changed` on document.body for every swarm event; while the stream is down the body has the
// class `polling`, and the pages' partials poll instead.
(() => {
  const host = document.querySelector('[data-live-url]');
  if (!host) return;
  if (!('EventSource' in window)) {
    document.body.classList.add('polling');
    return;
  }
  const source = new EventSource(host.getAttribute('data-live-url'));
  const changed = () => document.body.dispatchEvent(new CustomEvent('swarm-changed'));
  source.addEventListener('open', () => document.body.classList.remove('polling'));
  source.addEventListener('error', () => document.body.classList.add('polling'));
  source.addEventListener('message', changed);
  source.addEventListener('swarm', changed);
})();
