// One set of delegated handlers for what the cluster pages repeat per row or per block, so a page of a large
// swarm carries no Alpine component or htmx handler per element:
// - an "Actions" menu's buttons sit in a <template> (inert: no DOM, no htmx processing, no layout) until the menu
//   is first opened; the menu closes as soon as one of its buttons sends a request;
// - the visualizer's chips (a node's tasks of one service and state) ask for their tasks on click;
// - the visualizer's filters (service, state, node) hide columns and items; the choice is kept on the component
//   and applied again after every swap (a live re-render brings fresh selects and items); a filter's many options
//   (services, nodes) wait in a <template> after its select until it is first focused or a kept choice needs them.
(function () {
  'use strict';
  if (window.clustersPages) return;
  window.clustersPages = true;

  document.addEventListener(
    'toggle',
    function (event) {
      var menu = event.target;
      if (!(menu instanceof HTMLDetailsElement) || !menu.open || !menu.classList.contains('cl-op-menu')) return;
      var template = menu.querySelector(':scope > template');
      if (!template) return;
      template.replaceWith(template.content);
      if (window.htmx) window.htmx.process(menu);
    },
    true,
  );

  document.addEventListener('htmx:beforeRequest', function (event) {
    var menu = event.target instanceof Element && event.target.closest('details.cl-op-menu[open]');
    if (menu) menu.removeAttribute('open');
  });

  document.addEventListener('click', function (event) {
    var chip = event.target instanceof Element && event.target.closest('.cl-chip[data-group]');
    var groups = chip ? chip.closest('[data-groups-url]') : null;
    if (!groups || !window.htmx) return;
    var open = chip.getAttribute('aria-expanded') !== 'true';
    var url = groups.dataset.groupsUrl + '?key=' + encodeURIComponent(chip.dataset.group) + (open ? '&open=1' : '');
    var target = open ? chip : chip.closest('.cl-group') || chip;
    window.htmx.ajax('GET', url, { source: chip, target: target, swap: 'outerHTML' });
  });

  var FILTERS = ['service', 'state', 'node'];

  function filtersOf(visualizer) {
    return {
      service: visualizer.dataset.filterService || '',
      state: visualizer.dataset.filterState || '',
      node: visualizer.dataset.filterNode || '',
    };
  }

  // The template stays in place, emptied: the region's markup keeps its shape for the live patches.
  function fillOptions(select) {
    var template = select.nextElementSibling;
    if (template instanceof HTMLTemplateElement && template.hasAttribute('data-grid-options')) select.append(template.content);
  }

  document.addEventListener('focusin', function (event) {
    var select = event.target instanceof HTMLSelectElement && event.target.dataset.gridFilter ? event.target : null;
    if (select) fillOptions(select);
  });

  function applyFilters(visualizer) {
    var f = filtersOf(visualizer);
    FILTERS.forEach(function (name) {
      var select = visualizer.querySelector('select[data-grid-filter="' + name + '"]');
      if (!select || select.value === f[name]) return;
      fillOptions(select);
      select.value = f[name];
    });
    visualizer.querySelectorAll('.cl-col').forEach(function (col) {
      col.style.display = !f.node || col.dataset.node === f.node ? '' : 'none';
    });
    visualizer.querySelectorAll('.cl-col-tasks > [data-kind]').forEach(function (item) {
      var shown = (!f.service || item.dataset.service === f.service) && (!f.state || item.dataset.kind === f.state);
      item.style.display = shown ? '' : 'none';
    });
  }

  document.addEventListener('change', function (event) {
    var select = event.target instanceof HTMLSelectElement && event.target.dataset.gridFilter ? event.target : null;
    var visualizer = select ? select.closest('.cl-visualizer') : null;
    if (!visualizer) return;
    var name = select.dataset.gridFilter;
    visualizer.dataset['filter' + name.charAt(0).toUpperCase() + name.slice(1)] = select.value;
    applyFilters(visualizer);
  });

  document.addEventListener('htmx:afterSettle', function () {
    var visualizer = document.querySelector('.cl-visualizer');
    if (!visualizer) return;
    var f = filtersOf(visualizer);
    if (f.service || f.state || f.node) applyFilters(visualizer);
  });
})();
