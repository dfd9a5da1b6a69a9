/**
 * The supervisors' web page: one self-contained HTML document (no build step, no external
 * assets). It reads the token from the address fragment (#token=...) or asks for it, then
 * calls the same API as any other client (indicators, compliance, risk, case timeline, a
 * territorial plan's dashboard) and
 * follows the live event stream (Server-Sent Events read with fetch, so the token travels in
 * the Authorization header, never in a URL), refreshing the figures as events arrive.
 */
export const SUPERVISOR_PAGE = String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Inclusion network: supervision</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1d2330; }
  header { background: #1d3557; color: #fff; padding: 12px 20px; display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
  header h1 { font-size: 18px; margin: 0 16px 0 0; }
  header input { padding: 4px 6px; }
  main { padding: 16px 20px; display: grid; gap: 16px; }
  section { background: #fff; border-radius: 6px; padding: 12px 16px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
  h2 { font-size: 15px; margin: 0 0 10px; }
  .tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; }
  .tile { border: 1px solid #dde1e7; border-radius: 6px; padding: 8px 10px; }
  .tile .value { font-size: 26px; font-weight: 600; }
  .tile .label { font-size: 12px; color: #5a6270; }
  .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: 16px; }
  .bar { display: flex; align-items: center; gap: 6px; font-size: 12px; margin: 2px 0; }
  .bar .name { width: 130px; text-align: right; color: #5a6270; }
  .bar .fill { background: #457b9d; height: 14px; min-width: 2px; }
  table { border-collapse: collapse; width: 100%; font-size: 13px; }
  th, td { text-align: left; border-bottom: 1px solid #eceff3; padding: 4px 6px; vertical-align: top; }
  .status { display: inline-block; padding: 1px 6px; border-radius: 10px; font-size: 11px; }
  .verified { background: #d8f3dc; } .unverified { background: #fff3bf; } .altered, .forged { background: #ffc9c9; }
  #live { font-size: 12px; } #live.on::before { content: "● "; color: #52b788; } #live.off::before { content: "● "; color: #e63946; }
  #error, #case-error { color: #e63946; }
</style>
</head>
<body>
<header>
  <h1>Supervision</h1>
  <label>Programme <input id="programme" size="28"></label>
  <label>Token <input id="token" type="password" size="18"></label>
  <button id="load">Show</button>
  <span id="live" class="off">not live</span>
  <span id="error" role="alert"></span>
</header>
<main>
  <section>
    <h2 id="programme-name">Indicators</h2>
    <div class="tiles" id="tiles"></div>
  </section>
  <section>
    <h2>Charts</h2>
    <div class="charts" id="charts"></div>
  </section>
  <section>
    <h2>Compliance (evaluation cut)</h2>
    <table id="compliance"><thead><tr><th>rule</th><th>checked</th><th>compliant</th><th>offending</th></tr></thead><tbody></tbody></table>
  </section>
  <section>
    <h2>Risk of chronification</h2>
    <table id="risk"><thead><tr><th>case</th><th>score</th><th>band</th><th>diagnosis</th><th>time in care</th><th>incidents</th></tr></thead><tbody></tbody></table>
  </section>
  <section id="plan-section">
    <h2 id="plan-name">Territorial plan</h2>
    <label>Plan <input id="plan" size="28"></label> <button id="show-plan">Show plan</button> <span id="plan-error" role="alert"></span>
    <div class="tiles" id="plan-tiles"></div>
    <h3>Phases</h3><ol id="plan-phases" start="0"></ol>
    <h3>Targets against actuals, by line</h3>
    <table id="plan-targets"><thead><tr><th>line</th><th>objective</th><th>target</th><th>indicator</th><th>target value</th><th>actual</th><th>met</th></tr></thead><tbody></tbody></table>
    <h3>Overdue actions</h3>
    <table id="plan-overdue"><thead><tr><th>action</th><th>line</th><th>owner</th><th>due</th></tr></thead><tbody></tbody></table>
    <h3>Agreement signatures</h3>
    <table id="plan-signatures"><thead><tr><th>institution</th><th>signed</th><th>by</th><th>capacity</th></tr></thead><tbody></tbody></table>
    <h3>Consultation contributions</h3>
    <table id="plan-contributions"><thead><tr><th>contribution</th><th>draft</th><th>received</th><th>answer</th><th>in draft</th></tr></thead><tbody></tbody></table>
  </section>
  <section>
    <h2>Case trail</h2>
    <label>Case <input id="case" size="28"></label> <button id="show-case">Show trail</button> <span id="case-error" role="alert"></span>
    <table id="timeline"><thead><tr><th>#</th><th>recorded</th><th>institution</th><th>actor</th><th>event</th><th>caused by</th><th>verification</th></tr></thead><tbody></tbody></table>
  </section>
  <section>
    <h2>Latest events</h2>
    <ol id="feed" reversed></ol>
  </section>
</main>
<script>
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var params = new URLSearchParams(location.search);
  var fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.get('token')) { sessionStorage.setItem('token', fragment.get('token')); history.replaceState(null, '', location.pathname + location.search); }
  $('token').value = sessionStorage.getItem('token') || '';
  $('programme').value = params.get('programme') || '';
  $('case').value = params.get('case') || '';
  $('plan').value = params.get('plan') || '';
  var stream = null;
  var lastEventId = null;
  var refreshTimer = null;

  function headers() { return { authorization: 'Bearer ' + $('token').value.trim(), 'x-purpose': 'supervision' }; }
  function api(path) {
    return fetch(path, { headers: headers() }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) throw new Error(r.status + ' ' + (body.message || body.code || 'error'));
        return body;
      });
    });
  }
  function text(value) { return value === null || value === undefined ? '' : String(value); }
  function cell(row, value, cls) { var td = document.createElement('td'); td.textContent = text(value); if (cls) td.className = cls; row.appendChild(td); return td; }
  function showError(error) { $('error').textContent = error ? error.message : ''; }

  function tile(id, label, value) {
    var div = document.createElement('div'); div.className = 'tile'; div.setAttribute('data-testid', id);
    var v = document.createElement('div'); v.className = 'value'; v.textContent = text(value);
    var l = document.createElement('div'); l.className = 'label'; l.textContent = label;
    div.appendChild(v); div.appendChild(l); return div;
  }
  function chart(title, counts) {
    var box = document.createElement('div'); var h = document.createElement('h3'); h.textContent = title; h.style.fontSize = '13px'; box.appendChild(h);
    var max = Math.max.apply(null, [1].concat(Object.values(counts)));
    Object.keys(counts).forEach(function (name) {
      var bar = document.createElement('div'); bar.className = 'bar';
      var n = document.createElement('span'); n.className = 'name'; n.textContent = name;
      var f = document.createElement('span'); f.className = 'fill'; f.style.width = (160 * counts[name] / max) + 'px';
      var c = document.createElement('span'); c.textContent = counts[name];
      bar.appendChild(n); bar.appendChild(f); bar.appendChild(c); box.appendChild(bar);
    });
    return box;
  }

  function renderIndicators(x) {
    $('programme-name').textContent = 'Indicators: ' + text(x.programme.name) + ' (' + x.programme.programmeId + ')';
    var tiles = $('tiles'); tiles.textContent = '';
    var g = x.trainings.peopleByGender;
    [
      ['people-attended', 'people attended', x.peopleAttended.total],
      ['diagnoses', 'diagnoses done', x.diagnosesDone],
      ['trained-people', 'people trained', x.trainings.people],
      ['trained-women', 'women trained', g.female || 0],
      ['trained-men', 'men trained', g.male || 0],
      ['trainings-completed', 'trainings completed', x.trainings.completed],
      ['trainings-dropped', 'trainings dropped', x.trainings.dropped],
      ['placements', 'placements started', x.placements.started],
      ['contracts', 'contracts registered', x.contracts.registered],
      ['ordinary-market', 'to the ordinary labour market', x.ordinaryLabourMarket.people],
      ['incidents', 'incidents', x.incidents.reported],
      ['resolution-days', 'median days to resolve an incident', x.incidents.medianDaysToResolution === null ? '-' : x.incidents.medianDaysToResolution],
      ['meetings-held', 'table meetings held', x.meetings.held],
      ['actions-overdue', 'actions overdue', x.actions.overdue]
    ].forEach(function (t) { tiles.appendChild(tile(t[0], t[1], t[2])); });
    var charts = $('charts'); charts.textContent = '';
    var funnel = {}; x.funnel.forEach(function (f) { funnel[f.stage] = f.reached; });
    charts.appendChild(chart('Itineraries by stage (reached)', funnel));
    charts.appendChild(chart('People by gender', x.peopleAttended.byGender));
    charts.appendChild(chart('People by age band', x.peopleAttended.byAgeBand));
    charts.appendChild(chart('People by incidence group', x.peopleAttended.byIncidenceGroup));
    charts.appendChild(chart('Incidents by kind', x.incidents.byKind));
  }
  function renderCompliance(report) {
    var body = $('compliance').tBodies[0]; body.textContent = '';
    report.rules.forEach(function (rule) {
      var row = document.createElement('tr'); row.setAttribute('data-rule', rule.id);
      var first = cell(row, rule.id); first.title = rule.definition;
      cell(row, rule.checked); cell(row, rule.compliant);
      var offending = [];
      rule.byInstitution.forEach(function (i) { i.offending.forEach(function (o) { offending.push(i.institutionId + ': ' + (o.caseId || o.subject) + ' (' + o.detail + ')'); }); });
      var shown = offending.slice(0, 8).join('; ');
      cell(row, offending.length > 8 ? shown + '; and ' + (offending.length - 8) + ' more' : shown);
      body.appendChild(row);
    });
  }
  function renderRisk(result) {
    var body = $('risk').tBodies[0]; body.textContent = '';
    result.cases.slice(0, 15).forEach(function (c) {
      var row = document.createElement('tr');
      cell(row, c.caseId); cell(row, c.risk.score); cell(row, c.risk.band);
      cell(row, c.risk.components.diagnosis); cell(row, c.risk.components.timeInCare); cell(row, c.risk.components.incidents);
      row.title = c.risk.formula + ' v' + c.risk.version + ': ' + c.risk.definition;
      body.appendChild(row);
    });
  }
  function renderTimeline(result) {
    var body = $('timeline').tBodies[0]; body.textContent = '';
    result.entries.forEach(function (e) {
      var row = document.createElement('tr'); row.setAttribute('data-event', e.eventId);
      cell(row, e.position); cell(row, e.recordedAt.replace('T', ' ').slice(0, 19)); cell(row, e.institutionId);
      cell(row, e.actor.userId + ' (' + e.actor.role + (e.actor.onBehalfOf ? ', for ' + e.actor.onBehalfOf : '') + ')');
      cell(row, e.type); cell(row, e.causationId ? e.causationId.slice(0, 8) : '');
      var status = cell(row, e.verification.status); status.innerHTML = ''; var badge = document.createElement('span');
      badge.className = 'status ' + e.verification.status; badge.textContent = e.verification.status; badge.title = e.verification.detail; status.appendChild(badge);
      body.appendChild(row);
    });
  }

  function programmePath(what) { return '/programmes/' + encodeURIComponent($('programme').value.trim()) + '/' + what; }
  function refresh() {
    if (!$('programme').value.trim()) return Promise.resolve();
    return Promise.all([
      api(programmePath('indicators')).then(renderIndicators),
      api(programmePath('compliance')).then(renderCompliance),
      api(programmePath('risk')).then(renderRisk)
    ]).then(function () { showError(null); document.body.setAttribute('data-refreshed', String(Date.now())); }, showError);
  }
  function showCase() {
    var caseId = $('case').value.trim(); if (!caseId) return;
    api('/supervision/cases/' + encodeURIComponent(caseId) + '/timeline').then(
      function (result) { $('case-error').textContent = ''; renderTimeline(result); },
      function (error) { $('case-error').textContent = error.message; });
  }
  function renderPlan(x) {
    $('plan-name').textContent = 'Territorial plan: ' + text(x.name) + ' (' + x.planId + ')';
    var tiles = $('plan-tiles'); tiles.textContent = '';
    var targets = 0, met = 0; x.lines.forEach(function (l) { targets += l.targets; met += l.met; });
    [
      ['plan-phase', 'phase', x.phase],
      ['plan-targets-met', 'targets met', met + ' / ' + targets],
      ['plan-actions-overdue', 'actions overdue', x.actions.overdue.length],
      ['plan-actions-completed', 'actions completed', x.actions.completed + ' / ' + x.actions.total],
      ['plan-signatures', 'agreement signatures', x.approval.signatures.length + (x.approval.missingSignatures.length ? ' (' + x.approval.missingSignatures.length + ' missing)' : '')],
      ['plan-approved', 'approved', x.approval.approvedOn || 'not yet'],
      ['plan-contributions', 'contributions answered', x.consultation.answered + ' / ' + (x.consultation.answered + x.consultation.unanswered)]
    ].forEach(function (t) { tiles.appendChild(tile(t[0], t[1], t[2])); });
    var phases = $('plan-phases'); phases.textContent = '';
    x.phases.forEach(function (p) { var li = document.createElement('li'); li.value = p.phase; li.textContent = 'phase ' + p.phase + ' since ' + p.startedOn; phases.appendChild(li); });
    var body = $('plan-targets').tBodies[0]; body.textContent = '';
    x.lines.forEach(function (l) { l.objectives.forEach(function (o) { o.targets.forEach(function (t) {
      var row = document.createElement('tr'); row.setAttribute('data-target', t.targetId);
      cell(row, l.line); cell(row, o.text); cell(row, t.targetId); cell(row, t.indicator); cell(row, (t.direction === 'at-most' ? '<= ' : '>= ') + t.value); cell(row, t.actual); cell(row, t.met ? 'yes' : 'no');
      body.appendChild(row);
    }); }); });
    body = $('plan-overdue').tBodies[0]; body.textContent = '';
    x.actions.overdue.forEach(function (a) { var row = document.createElement('tr'); row.setAttribute('data-action', a.actionId); cell(row, a.actionId); cell(row, a.line); cell(row, a.ownerInstitution); cell(row, a.dueOn); body.appendChild(row); });
    body = $('plan-signatures').tBodies[0]; body.textContent = '';
    x.approval.signatures.forEach(function (g) { var row = document.createElement('tr'); cell(row, g.institutionId); cell(row, g.signedOn); cell(row, g.signedBy); cell(row, g.capacity); body.appendChild(row); });
    x.approval.missingSignatures.forEach(function (i) { var row = document.createElement('tr'); cell(row, i); cell(row, 'not signed'); body.appendChild(row); });
    body = $('plan-contributions').tBodies[0]; body.textContent = '';
    x.consultation.contributions.forEach(function (c) { var row = document.createElement('tr'); cell(row, c.contributionId); cell(row, c.draftVersion); cell(row, c.receivedOn); cell(row, c.outcome ? c.outcome + ': ' + c.answer : 'unanswered'); cell(row, c.incorporatedIn); body.appendChild(row); });
  }
  function showPlan() {
    var planId = $('plan').value.trim(); if (!planId) return;
    api('/territorial-plans/' + encodeURIComponent(planId) + '/dashboard').then(
      function (x) { $('plan-error').textContent = ''; renderPlan(x); },
      function (error) { $('plan-error').textContent = error.message; });
  }
  function scheduleRefresh() { clearTimeout(refreshTimer); refreshTimer = setTimeout(function () { refresh(); if ($('case').value.trim()) showCase(); }, 300); }

  function onEvent(id, type, data) {
    lastEventId = id;
    var item = document.createElement('li'); item.value = Number(id);
    try { var e = JSON.parse(data); item.textContent = e.recordedAt.slice(0, 19).replace('T', ' ') + ' ' + e.institutionId + ' ' + type + (e.caseId ? ' ' + e.caseId : ''); } catch (err) { item.textContent = type; }
    var feed = $('feed'); feed.insertBefore(item, feed.firstChild); while (feed.children.length > 30) feed.removeChild(feed.lastChild);
    scheduleRefresh();
  }
  function follow() {
    if (stream) stream.abort();
    var programme = $('programme').value.trim(); if (!programme) { showCase(); return; }
    var controller = new AbortController(); stream = controller;
    var h = headers(); if (lastEventId !== null) h['last-event-id'] = lastEventId;
    var path = '/streams/events?programmeId=' + encodeURIComponent(programme);
    fetch(path, { headers: h, signal: controller.signal }).then(function (r) {
      if (!r.ok) return r.json().then(function (b) { throw new Error(r.status + ' ' + (b.message || 'stream refused')); });
      $('live').className = 'on'; $('live').textContent = 'live';
      // The stream is open from the log's head: figures read now include everything before it,
      // and every later event triggers a refresh, so nothing falls between the two.
      refresh();
      showCase();
      var reader = r.body.getReader(); var decoder = new TextDecoder(); var buffer = '';
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) throw new Error('stream ended');
          buffer += decoder.decode(chunk.value, { stream: true });
          var blocks = buffer.split('\n\n'); buffer = blocks.pop();
          blocks.forEach(function (block) {
            var id = null, type = 'message', data = [];
            block.split('\n').forEach(function (line) {
              if (line.indexOf('id: ') === 0) id = line.slice(4);
              else if (line.indexOf('event: ') === 0) type = line.slice(7);
              else if (line.indexOf('data: ') === 0) data.push(line.slice(6));
            });
            if (id !== null && data.length) onEvent(id, type, data.join('\n'));
          });
          return pump();
        });
      }
      return pump();
    }).catch(function (error) {
      if (controller.signal.aborted) return;
      $('live').className = 'off'; $('live').textContent = 'reconnecting';
      if (!/^4/.test(error.message)) { setTimeout(follow, 2000); return; }
      // Refused (a coordinator may read the figures but not the stream): show them, not live.
      $('live').textContent = 'not live';
      refresh().then(function () { showError(error); });
      showCase();
    });
  }
  function start() {
    sessionStorage.setItem('token', $('token').value.trim());
    var url = new URL(location.href); url.searchParams.set('programme', $('programme').value.trim()); history.replaceState(null, '', url.pathname + url.search);
    lastEventId = null;
    follow();
  }
  $('load').addEventListener('click', start);
  $('show-case').addEventListener('click', showCase);
  $('show-plan').addEventListener('click', function () {
    var url = new URL(location.href); url.searchParams.set('plan', $('plan').value.trim()); history.replaceState(null, '', url.pathname + url.search);
    showPlan();
  });
  if ($('plan').value && $('token').value) showPlan();
  if ($('programme').value && $('token').value) start();
})();
</script>
</body>
</html>
`;
