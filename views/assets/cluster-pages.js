// One set of delegated handlers for what the cluster pages repeat per row or per block, so a page of a large
// swarm carries no Alpine component or htmx handler per element:
// - an "Actions" menu's buttons are asked for (a button with data-menu-url) or sit in a <template> (inert: no DOM, no
//   htmx processing, no layout) until the menu is first opened; the menu closes as soon as one of its buttons sends
//   a request;
// - the visualizer's chips (a node's tasks of one service and state) ask for their tasks on click, and a services
//   row's expander for its row group (the row with or without its tasks);
// - the visualizer's view (grid or topology) is shown by the stylesheet from the data-view it keeps, the topology
//   drawing asked for when first shown;
// - the visualizer's filters (service, state, node) hide columns and items by one stylesheet rule; the choice is kept
//   on the component, so a live re-render's or patch's items are filtered as they arrive, and its selects show it; a
//   filter's many options (services, nodes) wait as JSON after its select until it is first focused or a kept choice
//   needs them; so do the services page's stack filter's (any select.cl-lazy-options);
// - the visualizer's grid of many nodes draws its first columns and a placeholder: the others are asked for as the
//   placeholder nears the viewport, as its link is focused or followed, or as a filter needs them.
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

  // A menu asked for on first open comes after its button; the stylesheet shows it while the button is expanded.
  function askedMenu(toggle) {
    var menu = toggle.nextElementSibling;
    return menu?.classList.contains('cl-op-buttons') ? menu : null;
  }

  document.addEventListener('click', function (event) {
    var toggle = event.target instanceof Element && event.target.closest('button.cl-menu-toggle[data-menu-url]');
    if (!toggle) return;
    var open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    // Asked for once: again only if the answer brought no menu (an error) and no request is under way.
    if (open && !askedMenu(toggle) && window.htmx && !toggle.classList.contains('htmx-request')) {
      window.htmx.ajax('GET', toggle.dataset.menuUrl, { source: toggle, target: toggle, swap: 'afterend' });
    }
  });

  document.addEventListener('htmx:beforeRequest', function (event) {
    var target = event.target instanceof Element ? event.target : null;
    var menu = target?.closest('details.cl-op-menu[open]');
    if (menu) menu.removeAttribute('open');
    // The request asking for a menu comes from its button, outside the menu: it leaves the menu open.
    var buttons = target?.closest('.cl-op-buttons[role="group"]');
    var toggle = buttons ? buttons.previousElementSibling : null;
    if (toggle?.matches('button.cl-menu-toggle[aria-expanded="true"]')) toggle.setAttribute('aria-expanded', 'false');
  });

  document.addEventListener('click', function (event) {
    var expander = event.target instanceof Element && event.target.closest('button.cl-expander[data-group-url]');
    var row = expander ? expander.closest('tbody') : null;
    if (!row || !window.htmx) return;
    window.htmx.ajax('GET', expander.dataset.groupUrl, { source: expander, target: row, swap: 'outerHTML' });
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

  // The visualizer's view (grid or topology) is kept on the element around its live region and shown by the
  // stylesheet; its tabs, which a live re-render brings afresh, say which one is selected. The topology drawing is
  // asked for when first shown (again if that failed).
  function showView(visualizer) {
    var view = visualizer.dataset.view === 'topology' ? 'topology' : 'grid';
    visualizer.querySelectorAll('[data-view-tab]').forEach(function (tab) {
      var selected = tab.dataset.viewTab === view ? 'true' : 'false';
      // Set only when it differs: this runs after every settle (each out-of-band swap of a live patch), and setting an
      // attribute restyles the tab even when the value is the same.
      if (tab.getAttribute('aria-selected') !== selected) tab.setAttribute('aria-selected', selected);
    });
    var drawing = view === 'topology' ? visualizer.querySelector('[data-topology-url]') : null;
    if (drawing && window.htmx && !drawing.classList.contains('htmx-request')) {
      window.htmx.ajax('GET', drawing.dataset.topologyUrl, { source: drawing, target: drawing, swap: 'outerHTML' });
    }
  }

  document.addEventListener('click', function (event) {
    var tab = event.target instanceof Element && event.target.closest('[data-view-tab]');
    var visualizer = tab ? tab.closest('.cl-visualizer') : null;
    if (!visualizer) return;
    visualizer.dataset.view = tab.dataset.viewTab;
    showView(visualizer);
  });

  document.querySelectorAll('.cl-visualizer').forEach(showView);
  document.addEventListener('htmx:afterSettle', function () {
    document.querySelectorAll('.cl-visualizer').forEach(showView);
  });

  var FILTERS = ['service', 'state', 'node'];
  // The filters are one stylesheet of the page's own (CSSOM, not markup: the Content-Security-Policy allows it): what
  // a live patch inserts or replaces is hidden or shown by the cascade, with no script run per patch or per element.
  var filterSheet = null;

  function filtersOf(visualizer) {
    return {
      service: visualizer.dataset.filterService || '',
      state: visualizer.dataset.filterState || '',
      node: visualizer.dataset.filterNode || '',
    };
  }

  // A lazy select's options come as JSON after it and stay there: the region's markup keeps its shape for the live
  // patches. A live patch replaces the data whole when the options changed: the select's options then give way to the
  // new ones. The option chosen when the page was rendered is in the select already, and comes again with the others.
  var filled = new WeakSet();

  function fillOptions(select) {
    var data = select.nextElementSibling;
    if (!(data instanceof HTMLScriptElement) || data.type !== 'application/json' || filled.has(data)) return;
    filled.add(data);
    var value = select.value;
    while (select.options.length > 1) select.remove(1);
    var options = document.createDocumentFragment();
    JSON.parse(data.textContent).forEach(function (option) {
      options.append(new Option(option[1], option[0]));
    });
    select.append(options);
    select.value = value;
  }

  document.addEventListener('focusin', function (event) {
    var select = event.target instanceof HTMLSelectElement && event.target.classList.contains('cl-lazy-options') ? event.target : null;
    if (select) fillOptions(select);
  });

  function quoted(value) {
    return '"' + CSS.escape(value) + '"';
  }

  function applyFilters(visualizer) {
    var f = filtersOf(visualizer);
    if (!filterSheet) {
      filterSheet = new CSSStyleSheet();
      document.adoptedStyleSheets = document.adoptedStyleSheets.concat([filterSheet]);
    }
    var rules = [];
    if (f.node) rules.push('.cl-visualizer .cl-col:not([data-node=' + quoted(f.node) + '])');
    if (f.service) rules.push('.cl-visualizer .cl-col-tasks > [data-kind]:not([data-service=' + quoted(f.service) + '])');
    if (f.state) rules.push('.cl-visualizer .cl-col-tasks > [data-kind]:not([data-kind=' + quoted(f.state) + '])');
    filterSheet.replaceSync(rules.length ? rules.join(',\n') + ' { display: none !important; }' : '');
    showChoices(visualizer);
  }

  // A re-rendered region brings fresh selects: they show the choice again.
  function showChoices(visualizer) {
    var f = filtersOf(visualizer);
    FILTERS.forEach(function (name) {
      var select = visualizer.querySelector('select[data-grid-filter="' + name + '"]');
      if (!select || select.value === f[name]) return;
      fillOptions(select);
      select.value = f[name];
    });
  }

  document.addEventListener('change', function (event) {
    var select = event.target instanceof HTMLSelectElement && event.target.dataset.gridFilter ? event.target : null;
    var visualizer = select ? select.closest('.cl-visualizer') : null;
    if (!visualizer) return;
    var name = select.dataset.gridFilter;
    visualizer.dataset['filter' + name.charAt(0).toUpperCase() + name.slice(1)] = select.value;
    applyFilters(visualizer);
    // A filter shows every match: a node's column (the node options come in column order), or for a service or a state
    // every column.
    var more = visualizer.querySelector('.cl-col-more');
    if (!select.value || !more) return;
    askColumns(more, name === 'node' ? select.selectedIndex : Number(more.dataset.total));
  });

  // The columns a grid of many nodes does not draw at first come through its live region's own re-render with a larger
  // `columns` field (`live-more` on the region: the live script's once a second holds it like any other), so the
  // region's version, and the live patches after it, cover what the page holds: the answer is the columns added, as
  // a patch. The placeholder asks when it comes within a quarter of the grid's width of its visible part (not at first
  // paint on a 1,920 px screen: FIRST_COLUMNS), or when its link is focused (Tab past the last column's chips) or
  // followed; the focus then goes to the first column that came. The count wanted is kept on the element around the
  // region: an answer to an earlier ask (its field a smaller count) is followed by another.
  var focusFrom = null;

  function askColumns(more, count, focus) {
    var visualizer = more.closest('.cl-visualizer');
    if (!visualizer || !window.htmx) return;
    if (focus) focusFrom = more.closest('.cl-columns').querySelectorAll(':scope > .cl-col').length;
    if (count > Number(visualizer.dataset.columns || 0)) visualizer.dataset.columns = String(count);
    askWanted(visualizer);
  }

  function askWanted(visualizer) {
    var region = visualizer.querySelector('#cl-visualizer-live');
    var field = region ? region.querySelector('input[name="columns"]') : null;
    var wanted = Number(visualizer.dataset.columns || 0);
    if (!field || !(wanted > Number(field.value))) return;
    field.value = String(wanted);
    window.htmx.trigger(region, 'live-more');
  }

  var watching = new WeakMap();

  function watchMore(root) {
    var more = root.matches?.('.cl-col-more') ? root : root.querySelector?.('.cl-col-more');
    var grid = more ? more.parentElement : null;
    if (!grid || !('IntersectionObserver' in window)) return;
    var observer = watching.get(grid);
    if (!observer) {
      observer = new IntersectionObserver(
        function (entries) {
          entries.forEach(function (entry) {
            if (entry.isIntersecting && entry.target.isConnected) askColumns(entry.target, Number(entry.target.dataset.next));
          });
        },
        { root: grid, rootMargin: '0px 25%' },
      );
      watching.set(grid, observer);
    }
    // One placeholder a grid: the one a patch replaced is no longer watched.
    observer.disconnect();
    observer.observe(more);
  }

  watchMore(document);
  document.addEventListener('htmx:load', function (event) {
    if (event.target instanceof Element) watchMore(event.target);
  });

  function moreLink(event) {
    return event.target instanceof Element ? event.target.closest('.cl-col-more a[data-columns]') : null;
  }

  document.addEventListener('focusin', function (event) {
    var link = moreLink(event);
    if (link) askColumns(link, Number(link.closest('.cl-col-more').dataset.next), true);
  });

  document.addEventListener('click', function (event) {
    var link = moreLink(event);
    if (!link || !window.htmx) return;
    event.preventDefault();
    askColumns(link, Number(link.dataset.columns), true);
  });

  document.addEventListener('htmx:afterRequest', function (event) {
    // A region swapped out whole answers with its parent as `elt`: the region is the request's.
    if ((event.detail.requestConfig?.elt || event.detail.elt)?.id !== 'cl-visualizer-live') return;
    var visualizer = document.querySelector('.cl-visualizer');
    if (visualizer && window.htmx) askWanted(visualizer);
    if (focusFrom === null) return;
    var column = document.querySelectorAll('#cl-visualizer-live .cl-columns > .cl-col')[focusFrom];
    var target = column ? column.querySelector('button, a') : null;
    if (!target) return;
    focusFrom = null;
    target.focus();
  });

  // After a swap: the selects show the choice; a page without the chosen visualizer (another page swapped in) has
  // the rule dropped.
  document.addEventListener('htmx:afterSettle', function () {
    if (!filterSheet) return;
    var visualizer = document.querySelector('.cl-visualizer');
    var f = visualizer ? filtersOf(visualizer) : null;
    if (f && (f.service || f.state || f.node)) showChoices(visualizer);
    else filterSheet.replaceSync('');
  });
})();
