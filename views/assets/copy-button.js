// Copy buttons: <button data-copy-target="SELECTOR"> copies the text of what SELECTOR finds inside the
// button's closest [data-copy-scope], then its [data-copy-label] says "Copied". One delegated listener,
// so buttons htmx swaps in work too; a file of its own because the Content-Security-Policy allows no
// inline script and Alpine's CSP build no access to `navigator`.
(function () {
  'use strict';
  if (window.clustersCopyButtons) return;
  window.clustersCopyButtons = true;

  document.addEventListener('click', function (event) {
    var button = event.target instanceof Element && event.target.closest('[data-copy-target]');
    if (!button || !navigator.clipboard) return;
    var scope = button.closest('[data-copy-scope]') || document;
    var source = scope.querySelector(button.dataset.copyTarget);
    if (!source) return;
    navigator.clipboard.writeText(source.textContent.trim()).then(function () {
      (button.querySelector('[data-copy-label]') || button).textContent = 'Copied';
    });
  });
})();
