// Live updates of a cluster page. Opens one EventSource on the cluster's `/live` URL (from
// <body data-cluster-live="..."> or the first [data-live-url] element) and:
// - on each `swarm` event dispatches `swarm-changed` on <body>, so partials with
//   hx-trigger="swarm-changed from:body" re-render;
// - on `status` (and on connection errors) toggles the `polling` class on <body> (and sets
//   <body data-live-state="streaming|reconnecting|disconnected|off">), so partials with
//   hx-trigger="live-poll from:body" poll: `live-poll` is dispatched on <body> every 5 s while the stream is
//   down (an htmx trigger filter would need eval, which the Content-Security-Policy refuses), and writes "live" or "polling (stream down since HH:MM: reason)" into every [data-live-status] element.
// - asks for each live region (.cl-live) at most once a second, with the version it shows (HX-Live-Version, from its data-live-version), so
//   the answer is only what changed (`none` when it has none yet: the whole region, versioned): nothing (204), or the changed elements as out-of-band swaps with the new
//   version in the answer's HX-Live-Version; a changed element the page does not have (an out-of-band target
//   missing), or another request's swap inside the region, makes it drop the version and ask for the whole region.
// Event text is data from Docker: it is only ever set with textContent, never as HTML.
(function () {
  'use strict';
  if (window.clustersLive) return;

  var VERSION_HEADER = 'HX-Live-Version';
  var missedTarget = false;
  function liveRegion(elt) {
    return elt?.classList?.contains('cl-live') ? elt : null;
  }
  document.body.addEventListener('htmx:configRequest', function (e) {
    var region = liveRegion(e.detail.elt);
    // `none`: the whole region, stamped with its version.
    if (region) e.detail.headers[VERSION_HEADER] = region.dataset.liveVersion || 'none';
  });
  // Another request swapping inside a region (a row or a group of tasks expanded) leaves the page unlike the version
  // it claims: the next answer is the whole region (a patch's insertions could land twice).
  document.body.addEventListener('htmx:beforeSwap', function (e) {
    var target = e.detail.target;
    var region = target instanceof Element ? target.closest('.cl-live') : null;
    if (region && e.detail.requestConfig?.elt !== region) delete region.dataset.liveVersion;
  });
  // A region asks at most once a second, whatever asks it (a change signal, its converging re-check, a resync): one
  // due sooner is held until a second after the last was sent, and those coming meanwhile are that one request.
  var REGION_EVERY_MS = 1000;
  var lastSent = {};
  var held = {};
  document.body.addEventListener('htmx:beforeRequest', function (e) {
    var region = liveRegion(e.detail.elt);
    if (region?.id) lastSent[region.id] = Date.now();
  });
  document.body.addEventListener('htmx:confirm', function (e) {
    var region = liveRegion(e.detail.elt);
    if (!region?.id) return;
    var id = region.id;
    var wait = (lastSent[id] || 0) + REGION_EVERY_MS - Date.now();
    if (wait <= 0 && !held[id]) return;
    e.preventDefault();
    if (held[id]) return;
    held[id] = setTimeout(
      function () {
        held[id] = null;
        if (region.isConnected) return e.detail.issueRequest(true);
        // Swapped out whole meanwhile: its successor asks, on the next change signal.
        document.body.dispatchEvent(new CustomEvent('swarm-changed', { detail: { type: 'region', action: 'resync' } }));
      },
      Math.max(wait, 0),
    );
  });
  document.body.addEventListener('htmx:oobErrorNoTarget', function () {
    missedTarget = true;
  });
  document.body.addEventListener('htmx:afterRequest', function (e) {
    var region = liveRegion(e.detail.elt);
    var xhr = e.detail.xhr;
    if (!region?.isConnected || !xhr || xhr.getResponseHeader('HX-Reswap') !== 'none') return;
    var version = xhr.getResponseHeader(VERSION_HEADER);
    if (version && !missedTarget) {
      region.dataset.liveVersion = version;
      // A re-rendered region asks again by its `load` trigger while converging; a patched one keeps its root.
      if (region.dataset.converging === 'true') {
        setTimeout(function () {
          if (region.isConnected) htmx.trigger(region, 'live-settle');
        }, 1000);
      }
      return;
    }
    // The page and the version it claimed differ: the whole region, on the next change signal.
    missedTarget = false;
    delete region.dataset.liveVersion;
    document.body.dispatchEvent(new CustomEvent('swarm-changed', { detail: { type: 'region', action: 'resync' } }));
  });

  var source = document.body.dataset.clusterLive ? document.body : document.querySelector('[data-live-url]');
  var url = source && (source.dataset.clusterLive || source.dataset.liveUrl);
  if (!url) return;
  var POLL_EVERY_MS = 5000;
  setInterval(function () {
    if (document.body.classList.contains('polling')) document.body.dispatchEvent(new CustomEvent('live-poll'));
  }, POLL_EVERY_MS);
  if (!('EventSource' in window)) {
    document.body.classList.add('polling');
    return;
  }

  // Dispatching at most once a second, with a trailing dispatch for whatever came in between, means the page hears
  // of a storm once a second, and the last change of a burst always re-renders.
  var DISPATCH_EVERY_MS = 1000;
  var REOPEN_AFTER_MS = 15000;
  var lastDispatch = 0;
  var trailing = null;
  var pending = null;
  var live = false;
  var ready = false;
  var events = null;

  function dispatch(detail) {
    lastDispatch = Date.now();
    document.body.dispatchEvent(new CustomEvent('swarm-changed', { detail: detail }));
  }

  function changed(detail) {
    var wait = lastDispatch + DISPATCH_EVERY_MS - Date.now();
    if (wait <= 0 && !trailing) return dispatch(detail);
    pending = detail;
    if (trailing) return;
    trailing = setTimeout(
      function () {
        trailing = null;
        var last = pending;
        pending = null;
        dispatch(last);
      },
      Math.max(wait, 0),
    );
  }

  function clock(iso) {
    var date = new Date(iso);
    if (Number.isNaN(date.getTime())) return '?';
    return String(date.getHours()).padStart(2, '0') + ':' + String(date.getMinutes()).padStart(2, '0');
  }

  function show(state, text) {
    var wasLive = live;
    live = state === 'streaming';
    document.body.classList.toggle('polling', !live);
    document.body.dataset.liveState = state;
    document.querySelectorAll('[data-live-status]').forEach(function (el) {
      el.dataset.liveStatus = state;
      el.textContent = text;
      el.title = text;
    });
    // Back from polling: what changed meanwhile may not have been polled yet.
    if (live && !wasLive && ready) changed({ type: 'stream', action: 'resumed' });
  }

  function onStatus(status) {
    if (status && status.state === 'streaming') return show('streaming', 'live');
    if (status && status.state === 'reconnecting') {
      return show('reconnecting', 'polling (stream down since ' + clock(status.since) + ': ' + status.reason + ')');
    }
    show('off', 'polling (live updates are off)');
  }

  function parse(message) {
    try {
      return JSON.parse(message.data);
    } catch {
      return null;
    }
  }

  function open() {
    events = new EventSource(url);
    events.addEventListener('status', function (message) {
      onStatus(parse(message));
    });
    events.addEventListener('swarm', function (message) {
      var event = parse(message);
      if (event) changed(event);
    });
    events.onerror = function () {
      show('disconnected', 'polling (live updates disconnected, reconnecting)');
      // A refused stream (e.g. signed out) is not retried by the browser: try again later.
      if (events.readyState === EventSource.CLOSED) {
        events = null;
        setTimeout(open, REOPEN_AFTER_MS);
      }
    };
  }

  // The page may say how the stream was when it was rendered; until the first status, trust that.
  var initial = document.querySelector('[data-live-status]');
  live = !!initial && initial.dataset.liveStatus === 'streaming';
  document.body.classList.toggle('polling', !live);
  ready = true;
  open();
  // Do not hold a connection for a page in the back/forward cache; reopen when it is shown again.
  window.addEventListener('pagehide', function () {
    if (events) events.close();
    events = null;
  });
  window.addEventListener('pageshow', function (e) {
    if (e.persisted && !events) open();
  });
  window.clustersLive = {
    url: url,
    isLive: function () {
      return live;
    },
  };
})();
