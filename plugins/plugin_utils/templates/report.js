(function () {
  var rows = document.querySelectorAll('tr.result');
  var hosts = document.querySelectorAll('details.host');
  var state = document.getElementById('filter-state');
  var links = document.querySelectorAll('nav.filter a');
  function wanted() {
    var match = /(?:^#|&)status=([a-z_,]+)/.exec(window.location.hash);
    return match ? match[1].split(',') : null;
  }
  function apply(want) {
    var all = want.indexOf('all') >= 0, shown = 0, i, j;
    for (i = 0; i < rows.length; i++) {
      var keep = all || want.indexOf(rows[i].getAttribute('data-status')) >= 0;
      rows[i].hidden = !keep;
      if (keep) { shown++; }
    }
    for (i = 0; i < hosts.length; i++) {
      var visible = hosts[i].querySelectorAll('tr.result:not([hidden])').length;
      hosts[i].setAttribute('data-visible', visible);
      if (hosts[i].getAttribute('data-status') === 'audited') {
        hosts[i].hidden = !all && visible === 0;
        if (!all) { hosts[i].open = visible > 0; }
      }
    }
    for (j = 0; j < links.length; j++) {
      var mine = links[j].getAttribute('data-status');
      links[j].setAttribute('aria-current', String(all ? mine === 'all' : want.indexOf(mine) >= 0));
    }
    state.textContent = 'Showing ' + shown + ' of ' + rows.length + ' controls' +
      (all ? '' : ' with status ' + want.join(', '));
  }
  function route() {
    var want = wanted();
    if (want) { apply(want); return; }
    var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (target && target.tagName === 'DETAILS') { target.hidden = false; target.open = true; }
    if (!window.location.hash) { apply(['all']); }
  }
  window.addEventListener('hashchange', route);
  apply(wanted() || ['all']);
  route();
})();
