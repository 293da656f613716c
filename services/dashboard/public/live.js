// Casewatch live figures: follows this dashboard's own event stream (no API token in the page)
// and updates tiles and queue sizes in place. Pages work without it.
(function () {
  'use strict';
  var script = document.currentScript;
  var url = script && script.getAttribute('data-live-url');
  if (!url || !window.EventSource) return;
  var status = document.querySelector('[data-live-status]');
  var RAG_CLASSES = ['govuk-tag--red', 'govuk-tag--yellow', 'govuk-tag--green', 'govuk-tag--grey'];

  function setText(root, field, text) {
    var el = root.querySelector('[data-field="' + field + '"]');
    if (el && el.textContent !== text) el.textContent = text;
    return el;
  }

  function updateTile(t) {
    var tile = document.querySelector('[data-metric-id="' + t.metricId + '"]');
    if (!tile) return;
    var changed = tile.getAttribute('data-value') !== t.dataValue || tile.getAttribute('data-rag') !== t.rag.key;
    tile.setAttribute('data-value', t.dataValue);
    tile.setAttribute('data-rag', t.rag.key);
    tile.className = tile.className.replace(/cw-tile--(red|amber|green|none)/, 'cw-tile--' + (t.rag.key || 'none'));
    setText(tile, 'value', t.valueText);
    var arrow = setText(tile, 'arrow', t.direction.arrow);
    if (arrow) arrow.className = 'cw-arrow ' + t.direction.trendClass;
    setText(tile, 'direction', t.direction.text);
    setText(tile, 'fraction', t.fraction);
    var rag = setText(tile, 'rag', t.rag.word);
    if (rag) {
      RAG_CLASSES.forEach(function (c) {
        rag.classList.remove(c);
      });
      rag.classList.add(t.rag.tagClass);
    }
    setText(tile, 'target', t.rag.key ? t.targetText : '');
    var revised = setText(tile, 'revised', t.revisedText);
    if (revised) revised.hidden = !t.revised;
    var comparators = setText(tile, 'comparators', t.comparatorsText || '');
    if (comparators) comparators.hidden = !t.comparatorsText;
    if (changed) {
      tile.classList.remove('cw-tile--updated');
      void tile.offsetWidth;
      tile.classList.add('cw-tile--updated');
    }
  }

  function updateQueue(q) {
    var els = document.querySelectorAll('[data-queue-id="' + q.queueId + '"]');
    for (var i = 0; i < els.length; i++) {
      els[i].setAttribute('data-size', String(q.size));
      els[i].textContent = String(q.size);
    }
  }

  var source = new EventSource(url);
  source.addEventListener('metric', function (e) {
    updateTile(JSON.parse(e.data));
  });
  source.addEventListener('queue', function (e) {
    updateQueue(JSON.parse(e.data));
  });
  source.addEventListener('open', function () {
    if (status) status.textContent = 'Live: figures update as they change.';
  });
  source.addEventListener('error', function () {
    if (status) status.textContent = 'Live updates paused; reconnecting…';
  });
})();
