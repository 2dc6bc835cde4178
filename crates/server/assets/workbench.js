// Dossier workbench: progressive enhancement of the server's pages.
// Every page works without this script. With it:
// - the entity page draws the entity's network (cytoscape.js): expand a
//   node, filter by relation type, see the sentence that states a relation;
// - an upload's page follows its files by server-sent events;
// - the upload form gets an "Add a file" button.
// Text from documents is only ever set as textContent, never as HTML.
(function () {
  'use strict';

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function link(href, cls, text) {
    var a = el('a', cls, text);
    a.href = href;
    return a;
  }

  function sentenceLink(ev) {
    return '/documents/' + encodeURIComponent(ev.document) + '?s=' + ev.sentence + '#s' + ev.sentence;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  // An error answered in the API's one shape, as a sentence.
  function apiError(resp) {
    return resp.json().then(function (v) {
      return (v && v.error && v.error.message) || ('HTTP ' + resp.status);
    }, function () { return 'HTTP ' + resp.status; });
  }

  // ---- The entity's network -------------------------------------------

  // Colours of relation types, given in the order types are first seen.
  var PALETTE = ['#1a5fb4', '#c01c28', '#26a269', '#e66100', '#813d9c', '#865e3c',
    '#0e7c86', '#a51d2d', '#5e5c64', '#b5835a', '#2ec27e', '#dc8add'];

  function initNetwork(section) {
    if (typeof window.cytoscape !== 'function') return; // the lists below say it all
    section.hidden = false;
    // cytoscape.js adds a <style> element unless one with this id exists;
    // the CSP forbids inline styles, and style.css holds the rule it adds.
    if (!document.getElementById('__________cytoscape_stylesheet')) {
      var mark = el('meta');
      mark.id = '__________cytoscape_stylesheet';
      document.head.appendChild(mark);
    }
    var center = Number(section.getAttribute('data-entity'));
    var filters = document.getElementById('net-filters');
    var info = document.getElementById('net-info');
    var nodeList = document.getElementById('net-nodes');
    var edgeList = document.getElementById('net-edges');
    var colours = {};
    var hiddenTypes = {};
    var expanded = {};
    var cy = window.cytoscape({
      container: document.getElementById('net-canvas'),
      minZoom: 0.2,
      maxZoom: 3,
      style: [
        { selector: 'node', style: {
          'label': 'data(label)', 'font-size': 12, 'text-valign': 'bottom', 'text-margin-y': 4,
          'text-wrap': 'wrap', 'text-max-width': 140, 'width': 18, 'height': 18,
          'background-color': '#8a8a8a', 'color': '#222',
          'text-background-color': '#fcfcfa', 'text-background-opacity': 0.85, 'text-background-padding': 1 } },
        { selector: 'node[type = "armed_group"]', style: { 'background-color': '#c01c28', 'shape': 'round-rectangle' } },
        { selector: 'node[type = "person"]', style: { 'background-color': '#1a5fb4' } },
        { selector: 'node[type = "country"], node[type = "location"]', style: { 'background-color': '#26a269', 'shape': 'diamond' } },
        { selector: 'node[type = "organization"]', style: { 'background-color': '#e66100', 'shape': 'hexagon' } },
        { selector: 'node.center', style: { 'width': 28, 'height': 28, 'font-weight': 'bold', 'border-width': 3, 'border-color': '#222' } },
        { selector: 'node.expanded', style: { 'border-width': 2, 'border-color': '#555' } },
        { selector: 'edge', style: {
          'width': 2, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle',
          'line-color': 'data(colour)', 'target-arrow-color': 'data(colour)', 'opacity': 0.85 } },
        { selector: 'edge:selected', style: {
          'width': 4, 'label': 'data(label)', 'font-size': 11, 'text-rotation': 'autorotate',
          'text-background-color': '#fff', 'text-background-opacity': 1 } },
        { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#e0b000' } },
        { selector: '.filtered', style: { 'display': 'none' } }
      ]
    });

    function colour(type) {
      if (!colours[type]) {
        colours[type] = PALETTE[Object.keys(colours).length % PALETTE.length];
        var label = el('label');
        var box = el('input');
        box.type = 'checkbox';
        box.checked = true;
        box.value = type;
        box.addEventListener('change', function () {
          hiddenTypes[type] = !box.checked;
          applyFilters();
          layout();
        });
        var swatch = el('span', 'swatch');
        swatch.style.backgroundColor = colours[type]; // CSSOM, allowed by the CSP
        label.appendChild(box);
        label.appendChild(swatch);
        label.appendChild(document.createTextNode(type.replace(/_/g, ' ')));
        filters.appendChild(label);
      }
      return colours[type];
    }

    // Hides relations of unticked types, and names left with no relation shown.
    function applyFilters() {
      cy.batch(function () {
        cy.edges().forEach(function (e) {
          e.toggleClass('filtered', !!hiddenTypes[e.data('rtype')]);
        });
        cy.nodes().forEach(function (n) {
          var shown = n.connectedEdges().filter(function (e) { return !e.hasClass('filtered'); });
          n.toggleClass('filtered', n.data('entity') !== center && shown.length === 0);
        });
      });
      renderLists();
    }

    // A force-directed layout that counts each name's label as part of its
    // node, so labels do not overlap.
    function layout() {
      cy.elements().not('.filtered').layout({
        name: 'cose', animate: false, randomize: false, fit: true, padding: 30,
        nodeDimensionsIncludeLabels: true, nodeOverlap: 40, idealEdgeLength: function () { return 110; },
        nodeRepulsion: function () { return 900000; }, componentSpacing: 80, numIter: 1500
      }).run();
    }

    function showNode(n) {
      clear(info);
      info.appendChild(link('/entities/' + n.data('entity'), 'entity', n.data('label')));
      info.appendChild(document.createTextNode(' · ' + n.data('type').replace(/_/g, ' ') + ' · ' + n.data('mentions') + ' mentions '));
      if (!expanded[n.data('entity')]) {
        var b = el('button', 'expand', 'Expand');
        b.type = 'button';
        b.addEventListener('click', function () { expand(n.data('entity')); });
        info.appendChild(b);
      }
    }

    function showEdge(e) {
      clear(info);
      var s = cy.getElementById(e.data('source')), t = cy.getElementById(e.data('target'));
      info.appendChild(el('b', null, s.data('label')));
      info.appendChild(document.createTextNode(' ' + e.data('rtype').replace(/_/g, ' ') + ' '));
      info.appendChild(el('b', null, t.data('label')));
      if (e.data('date')) info.appendChild(document.createTextNode(' (' + e.data('date') + ')'));
      var ev = e.data('evidence');
      if (ev) {
        info.appendChild(el('br'));
        info.appendChild(link(sentenceLink(ev), 'cite', '“' + ev.text.trim() + '”'));
        var more = e.data('count') > 1 ? ' and ' + (e.data('count') - 1) + ' more' : '';
        info.appendChild(el('span', 'meta', ' sentence ' + (ev.sentence + 1) + more));
      }
    }

    function renderLists() {
      clear(nodeList);
      cy.nodes().not('.filtered').forEach(function (n) {
        var li = el('li');
        li.setAttribute('data-entity', n.data('entity'));
        li.appendChild(link('/entities/' + n.data('entity'), 'entity', n.data('label')));
        if (expanded[n.data('entity')]) {
          li.appendChild(el('span', 'meta', ' (expanded)'));
        } else {
          var b = el('button', 'expand', 'Expand');
          b.type = 'button';
          b.addEventListener('click', function () { expand(n.data('entity')); });
          li.appendChild(document.createTextNode(' '));
          li.appendChild(b);
        }
        nodeList.appendChild(li);
      });
      clear(edgeList);
      cy.edges().not('.filtered').forEach(function (e) {
        var li = el('li');
        var s = cy.getElementById(e.data('source')), t = cy.getElementById(e.data('target'));
        li.appendChild(document.createTextNode(s.data('label') + ' ' + e.data('rtype').replace(/_/g, ' ') + ' ' + t.data('label') + ': '));
        var ev = e.data('evidence');
        if (ev) li.appendChild(link(sentenceLink(ev), 'cite', '“' + ev.text.trim() + '”'));
        edgeList.appendChild(li);
      });
      section.setAttribute('data-nodes', cy.nodes().length);
      section.setAttribute('data-expanded', Object.keys(expanded).length);
    }

    function expand(id) {
      if (expanded[id]) return Promise.resolve();
      expanded[id] = true;
      return fetch('/api/v1/entities/' + id + '/network', {
        headers: { 'Accept': 'application/json' }, credentials: 'same-origin'
      }).then(function (resp) {
        if (!resp.ok) {
          return apiError(resp).then(function (m) {
            delete expanded[id];
            clear(info);
            info.appendChild(el('span', 'error', 'Cannot expand: ' + m));
          });
        }
        return resp.json().then(function (net) {
          cy.batch(function () {
            net.nodes.forEach(function (n) {
              if (cy.getElementById('n' + n.id).empty()) {
                cy.add({ group: 'nodes', data: {
                  id: 'n' + n.id, entity: n.id, label: n.name, type: n.type, mentions: n.mention_count } });
              }
            });
            net.edges.forEach(function (e) {
              if (cy.getElementById('e' + e.id).empty()) {
                cy.add({ group: 'edges', data: {
                  id: 'e' + e.id, source: 'n' + e.source, target: 'n' + e.target,
                  rtype: e.type, label: e.type.replace(/_/g, ' '), colour: colour(e.type),
                  evidence: e.evidence, count: e.evidence_count, date: e.date } });
              }
            });
            cy.getElementById('n' + id).addClass('expanded');
            if (id === center) cy.getElementById('n' + id).addClass('center');
          });
          if (net.truncated) {
            clear(info);
            info.appendChild(el('span', 'meta', 'Only the ' + net.edges.length + ' most confident relations of ' + cy.getElementById('n' + id).data('label') + ' are drawn.'));
          }
          applyFilters();
          layout();
        });
      }).catch(function (err) {
        delete expanded[id];
        clear(info);
        info.appendChild(el('span', 'error', 'Cannot expand: ' + err));
      });
    }

    cy.on('tap', 'node', function (evt) { showNode(evt.target); });
    cy.on('dbltap', 'node', function (evt) { expand(evt.target.data('entity')); });
    cy.on('tap', 'edge', function (evt) { showEdge(evt.target); });
    expand(center);
  }

  // ---- An upload's progress -------------------------------------------

  function fileDetail(f) {
    var td = el('td', 'detail');
    if (f.state === 'queued') td.textContent = 'waiting for the files before it';
    else if (f.state === 'extracting') td.textContent = 'reading and extracting';
    else if (f.state === 'stored') {
      td.appendChild(link('/documents/' + encodeURIComponent(f.document), 'doc', 'the document'));
      td.appendChild(document.createTextNode(' · ' + f.entities + ' entity mentions, ' + f.relations + ' relations, ' + f.events + ' events'));
    } else if (f.state === 'unchanged') {
      td.appendChild(document.createTextNode('already stored: '));
      td.appendChild(link('/documents/' + encodeURIComponent(f.document), 'doc', 'the document'));
      td.appendChild(document.createTextNode(' (its metadata is left as it is)'));
    } else if (f.state === 'failed') {
      td.appendChild(el('span', 'error', f.reason));
    }
    (f.warnings || []).forEach(function (w) {
      td.appendChild(el('br'));
      td.appendChild(el('span', 'meta', 'warning: ' + w));
    });
    return td;
  }

  function followBatch(table) {
    var id = table.getAttribute('data-batch');
    var state = document.getElementById('batch-state');
    if (!window.EventSource || (state && state.getAttribute('data-finished') === 'true')) return;
    var source = new EventSource('/api/v1/ingest/' + encodeURIComponent(id) + '/events');
    source.addEventListener('file', function (msg) {
      var f = JSON.parse(msg.data);
      var row = document.getElementById('file-' + f.index);
      if (!row) return;
      row.setAttribute('data-state', f.state);
      row.querySelector('td.state').textContent = f.state;
      row.replaceChild(fileDetail(f), row.querySelector('td.detail'));
    });
    source.addEventListener('done', function (msg) {
      source.close();
      var b = JSON.parse(msg.data);
      var counts = {};
      b.files.forEach(function (f) { counts[f.state] = (counts[f.state] || 0) + 1; });
      if (state) {
        state.setAttribute('data-finished', 'true');
        state.textContent = 'Done: ' + Object.keys(counts).map(function (k) { return counts[k] + ' ' + k; }).join(', ') + '.';
      }
    });
    source.addEventListener('gone', function (msg) {
      source.close();
      if (state) state.textContent = msg.data;
    });
    source.onerror = function () {
      // The server went away or the stream broke: fall back to reloading.
      source.close();
      if (state && state.getAttribute('data-finished') !== 'true') {
        window.setTimeout(function () { window.location.reload(); }, 3000);
      }
    };
  }

  // ---- The upload form --------------------------------------------------

  function enhanceUpload(form) {
    var add = document.getElementById('add-file');
    var files = document.getElementById('upload-files');
    if (!add || !files) return;
    add.hidden = false;
    add.addEventListener('click', function () {
      var rows = files.querySelectorAll('fieldset.upload-file');
      var row = rows[rows.length - 1].cloneNode(true);
      row.querySelectorAll('input').forEach(function (i) { i.value = ''; });
      row.querySelectorAll('select').forEach(function (s) { s.selectedIndex = 0; });
      row.querySelector('legend').textContent = 'File ' + (rows.length + 1);
      files.appendChild(row);
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var net = document.getElementById('network');
    if (net) initNetwork(net);
    var status = document.getElementById('ingest-status');
    if (status) followBatch(status);
    var upload = document.getElementById('upload');
    if (upload) enhanceUpload(upload);
  });
})();
