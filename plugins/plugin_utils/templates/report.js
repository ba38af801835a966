(function () {
  // Page data (see _report_html.page_data): statuses, controls [id, title, level, remediation], host names, and per
  // host its results [control, status, evidence, objects, waiver or 0, remediation override]. Text goes in with
  // textContent only, never as markup.
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var hosts = document.querySelectorAll('details.host');
  var state = document.getElementById('filter-state');
  var links = document.querySelectorAll('nav.filter a');
  var controlBody = document.querySelector('table.controls tbody');
  var total = 0, want = ['all'], i;
  for (i = 0; i < data.results.length; i++) { total += data.results[i].length; }

  function el(tag, css, text) {
    var node = document.createElement(tag);
    if (css) { node.className = css; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }
  function lines(items, css) {
    var list = el('ul', 'lines');
    for (var k = 0; k < items.length; k++) { list.appendChild(el('li', css, items[k])); }
    return list;
  }
  function labelled(css, label, text) {
    var box = el('div', css);
    box.appendChild(el('span', 'label', label));
    if (text !== undefined) { box.appendChild(document.createTextNode(' ' + text)); }
    return box;
  }
  function wanted(status) { return want.indexOf('all') >= 0 || want.indexOf(status) >= 0; }
  function hashParam(name) {
    var match = new RegExp('(?:^#|&)' + name + '=([^&]+)').exec(window.location.hash);
    return match ? decodeURIComponent(match[1]) : null;
  }

  // One host's rows, only those the filter wants; built when the host is opened.
  function row(result) {
    var control = data.controls[result[0]], status = data.statuses[result[1]];
    var tr = el('tr', 'result'), cell, badge, waiver = result[4];
    tr.setAttribute('data-status', status);
    tr.setAttribute('data-id', control[0]);
    cell = el('td'); cell.appendChild(el('code', '', control[0])); tr.appendChild(cell);
    tr.appendChild(el('td', '', control[1]));
    tr.appendChild(el('td', '', control[2] ? 'L' + control[2] : ''));
    cell = el('td'); badge = el('span', 'badge ' + status, status.replace('_', ' ')); cell.appendChild(badge);
    tr.appendChild(cell);
    cell = el('td');
    if (result[2].length) { cell.appendChild(lines(result[2])); }
    if (result[3].length) {
      var objects = labelled('objects', 'Objects:');
      objects.appendChild(lines(result[3]));
      cell.appendChild(objects);
    }
    if (waiver) {
      cell.appendChild(labelled(waiver[2] ? 'waiver expired' : 'waiver', waiver[2] ? 'Waiver (expired):' : 'Waiver:',
        waiver[0] + ' (expires ' + (waiver[1] || 'never') + ')'));
    }
    var remediation = result.length > 5 ? result[5] : control[3];
    if (status !== 'pass' && remediation) { cell.appendChild(labelled('remediation', 'Remediation:', remediation)); }
    tr.appendChild(cell);
    return tr;
  }
  function render(host) {
    var box = host.querySelector('div.rows');
    if (!box) { return; }
    var key = want.join(',');
    if (host.getAttribute('data-rendered') === key) { return; }
    var results = data.results[Number(host.getAttribute('data-index'))];
    var table = el('table', 'results'), head = el('thead'), body = el('tbody'), tr = el('tr');
    var titles = ['Control', 'Title', 'Level', 'Status', 'Evidence and remediation'];
    for (var k = 0; k < titles.length; k++) { tr.appendChild(el('th', '', titles[k])); }
    head.appendChild(tr);
    table.appendChild(head);
    for (k = 0; k < results.length; k++) {
      if (wanted(data.statuses[results[k][1]])) { body.appendChild(row(results[k])); }
    }
    table.appendChild(body);
    box.textContent = '';
    box.appendChild(table);
    host.setAttribute('data-rendered', key);
  }
  function matches(host) {
    var results = data.results[Number(host.getAttribute('data-index'))], count = 0;
    for (var k = 0; k < results.length; k++) { if (wanted(data.statuses[results[k][1]])) { count++; } }
    return count;
  }

  function apply(statuses) {
    want = statuses;
    var all = want.indexOf('all') >= 0, shown = 0, j;
    for (i = 0; i < hosts.length; i++) {
      var host = hosts[i], count = matches(host);
      shown += count;
      host.setAttribute('data-visible', count);
      if (host.getAttribute('data-status') === 'audited') {
        host.hidden = !all && count === 0;
        if (!all && count > 0) { render(host); host.open = true; }
        if (!all && count === 0) { host.open = false; }
        if (host.open) { render(host); }
      }
    }
    for (j = 0; j < links.length; j++) {
      var mine = links[j].getAttribute('data-status');
      links[j].setAttribute('aria-current', String(all ? mine === 'all' : want.indexOf(mine) >= 0));
    }
    state.textContent = 'Showing ' + shown + ' of ' + total + ' controls' + (all ? '' : ' with status ' + want.join(', '));
  }
  document.addEventListener('toggle', function (event) {
    var host = event.target;
    if (host.classList && host.classList.contains('host') && host.open) { render(host); }
  }, true);

  // Controls across hosts: sort by a column (counts descending, text ascending) and list a control's hosts.
  function sortControls(key) {
    var rows = Array.prototype.slice.call(controlBody.querySelectorAll('tr.control'));
    var text = key === 'title', ascending = key === 'index' || key === 'title' || key === 'level';
    rows.sort(function (a, b) {
      var x = a.getAttribute('data-' + key), y = b.getAttribute('data-' + key), order;
      order = text ? x.localeCompare(y) : Number(x) - Number(y);
      if (!ascending) { order = -order; }
      return order || Number(a.getAttribute('data-control')) - Number(b.getAttribute('data-control'));
    });
    for (var k = 0; k < rows.length; k++) {
      var detail = rows[k].nextElementSibling;
      controlBody.appendChild(rows[k]);
      if (detail && detail.className === 'control-hosts') { controlBody.appendChild(detail); }
    }
    var heads = document.querySelectorAll('table.controls th[data-sort]');
    for (k = 0; k < heads.length; k++) {
      if (heads[k].getAttribute('data-sort') === key) {
        heads[k].setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      } else { heads[k].removeAttribute('aria-sort'); }
    }
  }
  function controlHosts(index) {
    var groups = {}, order = ['fail', 'error', 'waived', 'manual'], r, k, status;
    for (k = 0; k < data.results.length; k++) {
      for (r = 0; r < data.results[k].length; r++) {
        if (data.results[k][r][0] === index) {
          status = data.statuses[data.results[k][r][1]];
          (groups[status] = groups[status] || []).push(k);
          break;
        }
      }
    }
    var cell = el('td'), empty = true;
    cell.colSpan = 9;
    for (k = 0; k < order.length; k++) {
      if (!groups[order[k]]) { continue; }
      empty = false;
      var line = el('p', 'hosts-' + order[k]);
      line.appendChild(el('span', 'badge ' + order[k], order[k]));
      for (r = 0; r < groups[order[k]].length; r++) {
        var link = el('a', '', data.hosts[groups[order[k]][r]]);
        link.href = '#host-' + groups[order[k]][r];
        line.appendChild(document.createTextNode(' '));
        line.appendChild(link);
      }
      cell.appendChild(line);
    }
    if (empty) { cell.appendChild(el('p', 'meta', 'No host fails, errs, is waived or needs review for this control.')); }
    var tr = el('tr', 'control-hosts');
    tr.appendChild(cell);
    return tr;
  }
  function expand(tr, open) {
    var button = tr.querySelector('button.expand'), next = tr.nextElementSibling;
    var isOpen = next && next.className === 'control-hosts';
    if (open && !isOpen) { tr.parentNode.insertBefore(controlHosts(Number(tr.getAttribute('data-control'))), next); }
    if (!open && isOpen) { next.parentNode.removeChild(next); }
    button.setAttribute('aria-expanded', String(open));
  }
  if (controlBody) {
    document.querySelector('table.controls thead').addEventListener('click', function (event) {
      var key = event.target.getAttribute && event.target.getAttribute('data-sort');
      if (key) { sortControls(key); }
    });
    controlBody.addEventListener('click', function (event) {
      if (event.target.className !== 'expand') { return; }
      expand(event.target.parentNode.parentNode, event.target.getAttribute('aria-expanded') !== 'true');
    });
  }

  function route() {
    var statuses = hashParam('status'), sort = hashParam('sort'), control = hashParam('control');
    if (statuses) { apply(statuses.split(',')); }
    if (sort && controlBody) { sortControls(sort); }
    if (control && controlBody) {
      var rows = controlBody.querySelectorAll('tr.control');
      for (var k = 0; k < rows.length; k++) { if (rows[k].getAttribute('data-id') === control) { expand(rows[k], true); } }
    }
    var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (target && target.tagName === 'DETAILS') { target.hidden = false; render(target); target.open = true; }
  }
  window.addEventListener('hashchange', route);
  apply((hashParam('status') || 'all').split(','));
  route();
})();
