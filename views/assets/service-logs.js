// Follows a service's logs on the logs page: while "Follow" is checked, one EventSource on the
// section's data-logs-stream URL appends each `stdout` / `stderr` line ({text, source} JSON; as text, never as HTML),
// keeps the view scrolled to the end when it was there, and keeps at most MAX_LINES lines.
(function () {
  'use strict';
  var MAX_LINES = 5000;

  function setup(section) {
    if (section.dataset.logsReady) return;
    section.dataset.logsReady = '1';
    var output = section.querySelector('[data-logs-output]');
    var toggle = section.querySelector('[data-logs-follow]');
    var state = section.querySelector('[data-logs-state]');
    var events = null;

    function say(text) {
      if (state) state.textContent = text;
    }

    function append(stream, data) {
      var line;
      try {
        line = JSON.parse(data);
      } catch {
        line = { text: data };
      }
      var empty = section.querySelector('[data-logs-empty]');
      if (empty) empty.remove();
      var atEnd = output.scrollTop + output.clientHeight >= output.scrollHeight - 4;
      var row = document.createElement('span');
      row.className = 'cl-log-line cl-log-' + stream;
      if (line.source) {
        var source = document.createElement('span');
        source.className = 'cl-log-source';
        source.textContent = line.source + ' | ';
        row.appendChild(source);
      }
      row.appendChild(document.createTextNode(String(line.text) + '\n'));
      output.appendChild(row);
      while (output.childElementCount > MAX_LINES) output.removeChild(output.firstElementChild);
      if (atEnd) output.scrollTop = output.scrollHeight;
    }

    function stop(text) {
      if (events) events.close();
      events = null;
      toggle.checked = false;
      say(text);
    }

    function start() {
      events = new EventSource(section.dataset.logsStream);
      say('following…');
      events.addEventListener('open', function () {
        say('following');
      });
      events.addEventListener('stdout', function (m) {
        append('stdout', m.data);
      });
      events.addEventListener('stderr', function (m) {
        append('stderr', m.data);
      });
      events.addEventListener('end', function () {
        stop('the log stream ended');
      });
      // The panel refused the stream (too many followed at once): its reason, and no reconnecting.
      events.addEventListener('refused', function (m) {
        stop(String(m.data));
      });
      events.onerror = function () {
        if (events && events.readyState === EventSource.CLOSED) stop('the log stream was closed');
        else say('reconnecting…');
      };
    }

    toggle.addEventListener('change', function () {
      if (toggle.checked) start();
      else stop('');
    });
    window.addEventListener('pagehide', function () {
      if (events) stop('');
    });
  }

  document.querySelectorAll('[data-logs-stream]').forEach(setup);
})();
