// Alpine's CSP build walks every property of globalThis as it loads (tens of ms of the main thread on every page),
// and most pages hold no Alpine component: it is loaded when the first one is in the page or is swapped into it.
// Alpine starts itself once loaded and initialises every component present by then.
(() => {
  const src = document.currentScript.dataset.alpineSrc;
  const COMPONENT = '[x-data]';
  const load = () => {
    const script = document.createElement('script');
    script.src = src;
    document.head.append(script);
  };
  if (document.querySelector(COMPONENT)) return load();
  const watch = new MutationObserver((records) => {
    const arrived = records.some((record) =>
      [...record.addedNodes].some((node) => node.nodeType === Node.ELEMENT_NODE && (node.matches(COMPONENT) || node.querySelector(COMPONENT))),
    );
    if (!arrived) return;
    watch.disconnect();
    load();
  });
  watch.observe(document.body, { childList: true, subtree: true });
})();
