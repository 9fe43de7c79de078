// The moderator and analyst console: audit history with filters and cursor paging, the page as it stood at any
// event (a slider over the history), moderation with a required reason, vote bursts, trends with a chart and CSV,
// top movers, and the projector's status, dead letters and rebuilds. Public API only; errors shown in words.
import { api, el, say, settings, signInBar, token } from '/app/common.js';
import { renderCards, renderDecision, renderScorecard } from '/app/render.js';

const config = await settings().catch(e => {
  say(`The app's settings could not be read (${e.message}); reload the page.`, 'error');
  return { commandUrl: '', projectorUrl: '', devSignIn: false };
});
const $ = id => document.getElementById(id);
const state = { kind: 'comparisons', id: '', filters: {}, next: null, timeline: [], tokens: [] };

function guard(action) {
  return async (...args) => {
    try {
      await action(...args);
    } catch (e) {
      say(e.message, 'error');
    }
  };
}

function waitQuery() {
  return state.tokens.filter(Boolean).slice(-20).map(t => 'waitFor=' + encodeURIComponent(t));
}

// ---- subject -------------------------------------------------------------------------------------------------
async function knownIds() {
  const comparisons = await api('', '/api/v1/comparisons', { auth: false });
  const tools = [...new Set(comparisons.flatMap(c => c.toolIds))];
  $('known-ids').replaceChildren(...comparisons.map(c => el('option', { value: c.id })), ...tools.map(t => el('option', { value: t })));
  $('known-tools').replaceChildren(...tools.map(t => el('option', { value: t })));
  const fromUrl = new URLSearchParams(location.search);
  if (fromUrl.get('comparison')) { $('subject-kind').value = 'comparisons'; $('subject-id').value = fromUrl.get('comparison'); }
  else if (fromUrl.get('tool')) { $('subject-kind').value = 'tools'; $('subject-id').value = fromUrl.get('tool'); }
  else if (comparisons.length && !$('subject-id').value) { $('subject-id').value = comparisons[0].id; }
  if (!$('trend-tool').value && tools.length) $('trend-tool').value = tools[0];
}

async function openSubject() {
  state.kind = $('subject-kind').value;
  state.id = $('subject-id').value.trim();
  if (!state.id) { say('Give the id of a comparison or a tool.', 'error'); return; }
  await loadHistory(true);
  await loadTimeline();
}

// ---- history -------------------------------------------------------------------------------------------------
function historyPath(extra = []) {
  const q = [...extra];
  const types = $('history-type').value.trim();
  const actor = $('history-actor').value.trim();
  if (types) q.push('type=' + encodeURIComponent(types));
  if (actor) q.push('actor=' + encodeURIComponent(actor));
  return `/api/v1/${state.kind}/${encodeURIComponent(state.id)}/history?${q.join('&')}`;
}

async function loadHistory(fresh) {
  const extra = ['limit=50', ...waitQuery()];
  if (!fresh && state.next) extra.push('cursor=' + encodeURIComponent(state.next));
  const pageOfHistory = await api('', historyPath(extra));
  showHistory(pageOfHistory.events, pageOfHistory.nextCursor, fresh);
}

/**
 * The newest events of the history (its last 50, found by following nextCursor 500 at a time, as far as the
 * slider does): after a moderation action its event is among them, however long the history.
 */
async function loadNewestHistory() {
  let part;
  let cursor = null;
  let pages = 0;
  do {
    const q = ['limit=500', ...waitQuery()];
    if (cursor) q.push('cursor=' + encodeURIComponent(cursor));
    part = await api('', historyPath(q));
    cursor = part.nextCursor;
    pages++;
  } while (cursor && pages < TIMELINE_MAX_PAGES);
  showHistory(part.events.slice(-50), cursor, true);
}

function showHistory(events, next, fresh) {
  state.next = next;
  $('history-more').disabled = !state.next;
  const table = $('history');
  if (fresh) {
    table.replaceChildren(el('thead', {}, el('tr', {}, ['When (UTC)', 'Type', 'Subject', 'Actor', 'Reason', 'Data', '']
      .map(h => el('th', { scope: 'col' }, h)))), el('tbody', { id: 'history-rows' }));
  }
  const rows = $('history-rows');
  for (const e of events) {
    const voidable = (e.type === 'VoteCast' || e.type === 'VoteChanged') && e.actor && e.actor.id;
    rows.append(el('tr', { 'data-type': e.type },
      el('td', {}, e.occurredAt), el('td', {}, e.type), el('td', {}, e.subject),
      el('td', {}, e.actor && e.actor.id ? `${e.actor.id} (${e.actor.role})` : ''), el('td', {}, e.reason || ''),
      el('td', { class: 'take', title: JSON.stringify(e.data) }, abbreviated(JSON.stringify(e.data))),
      el('td', {}, voidable ? el('button', { type: 'button', onclick: () => prepareVoid(e.subject, e.actor.id),
        'aria-label': `Void ${e.actor.id}'s vote on ${e.subject} (${e.type} at ${e.occurredAt})` }, 'Void…') : '')));
  }
  if (fresh && events.length === 0) rows.append(el('tr', {}, el('td', { colspan: 7 }, 'No events.')));
}

/** Long event data (review texts) shortened in the table; the whole of it is in the cell's title. */
function abbreviated(text) {
  return text.length > 160 ? text.substring(0, 157) + '…' : text;
}

function prepareVoid(tool, voter) {
  $('mod-action').value = 'void';
  $('mod-tool').value = tool;
  $('mod-voter').value = voter;
  $('mod-reason').focus();
  say(`Give a reason to void ${voter}'s vote on ${tool}.`);
}

// ---- as of ---------------------------------------------------------------------------------------------------
/** 500 events a page (the API's most) × this many pages: the slider covers histories of up to 100,000 events. */
const TIMELINE_MAX_PAGES = 200;

/** The slider's stops: every event of the whole history, read page by page through nextCursor (bounded, above). */
async function loadTimeline() {
  let events = [];
  let cursor = null;
  let pages = 0;
  do {
    const q = ['limit=500', ...waitQuery()];
    if (cursor) q.push('cursor=' + encodeURIComponent(cursor));
    const part = await api('', `/api/v1/${state.kind}/${encodeURIComponent(state.id)}/history?${q.join('&')}`);
    // only what the slider needs: thousands of events' data would only weigh on the page
    events.push(...part.events.map(e => ({ at: e.occurredAt, type: e.type })));
    cursor = part.nextCursor;
    pages++;
  } while (cursor && pages < TIMELINE_MAX_PAGES);
  // the history is in event-store order, but asOf is an instant: events committed concurrently can carry instants out
  // of that order, and a slider in history order would then step back in time (a tally falling while moving right).
  // Stops in instant order keep each stop "the page after the last event at or before this instant" (stable sort).
  events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  // a comparison's history holds its tools' events from before it existed; it has no page before it was created
  const created = events.findIndex(e => e.type === 'ComparisonCreated');
  if (state.kind === 'comparisons' && created > 0) events = events.slice(created);
  state.timeline = events;
  $('asof-span').textContent = events.length === 0 ? '' : `${events.length} events, ${events[0].at} to `
    + `${events[events.length - 1].at}` + (cursor ? ` (the first ${pages * 500} events of a longer history)` : '');
  const slider = $('asof-slider');
  slider.max = Math.max(0, state.timeline.length - 1);
  slider.value = slider.max;
  await showAsOf();
}

let asOfRequest = 0;
/** The page as it stood after the slider's event, rendered as the comparison page renders it (render.js). */
async function showAsOf() {
  // slider moves faster than answers come back: only the answer for the latest position is shown
  const request = ++asOfRequest;
  const point = state.timeline[Number($('asof-slider').value)];
  if (!point) { $('asof-at').textContent = 'no history yet'; return; }
  $('asof-at').textContent = `${point.at} (after ${point.type})`;
  $('asof-slider').setAttribute('aria-valuetext', `${point.at}, after ${point.type}`);
  const path = `/api/v1/${state.kind}/${encodeURIComponent(state.id)}?asOf=${encodeURIComponent(point.at)}`;
  const shown = await api('', path, { auth: false });
  if (request !== asOfRequest) return;
  const tools = state.kind === 'comparisons' ? shown.tools : [shown];
  const title = state.kind === 'comparisons' ? shown.title : shown.name;
  $('asof-title').textContent = `${title}, as of ${point.at}`;
  $('asof-page').hidden = false;
  renderCards($('asof-cards'), tools, { idPrefix: 'asof-' });
  renderDecision($('asof-decision'), tools, `Decision table as of ${point.at}`);
  renderScorecard($('asof-scorecard'), tools, `Reviewer scorecard as of ${point.at}`);
}

// ---- moderation ----------------------------------------------------------------------------------------------
/** A voter's key (docs/api.md): the id's UTF-8 bytes in unpadded base64url, so any id fits in a path segment. */
function voterKey(voterId) {
  const bytes = new TextEncoder().encode(voterId);
  let binary = '';
  bytes.forEach(b => { binary += String.fromCharCode(b); });
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function moderationPath(action, tool, voter, persona) {
  const t = encodeURIComponent(tool), k = voterKey(voter);
  switch (action) {
    case 'void': return `/api/v1/moderation/tools/${t}/votes/by-key/${k}/void`;
    case 'suspend': case 'reinstate': return `/api/v1/moderation/voters/by-key/${k}/${action}`;
    case 'hide': case 'unhide': return `/api/v1/moderation/tools/${t}/reviews/${persona}/${action}`;
    default: return `/api/v1/moderation/tools/${t}/${action}`;
  }
}

async function moderate(event) {
  event.preventDefault();
  const action = $('mod-action').value;
  const reason = $('mod-reason').value.trim();
  const tool = $('mod-tool').value.trim();
  const voter = $('mod-voter').value.trim();
  if (!reason) { say('A reason is required for every moderation action.', 'error'); $('mod-reason').focus(); return; }
  if (['void', 'hide', 'unhide', 'lock', 'unlock'].includes(action) && !tool) { say('Give the tool.', 'error'); return; }
  if (['void', 'suspend', 'reinstate'].includes(action) && !voter) { say('Give the voter.', 'error'); return; }
  const answer = await api(config.commandUrl, moderationPath(action, tool, voter, $('mod-persona').value),
    { method: 'POST', body: { reason } });
  state.tokens.push(answer && answer.token);
  $('mod-reason').value = '';
  if (action === 'suspend' || action === 'reinstate') {
    // a voter is not a tool or a comparison: their suspensions show in their own history
    await loadVoterHistory(voter);
    say(`Done: ${action}. It shows in the voter's history below.`, 'ok');
    return;
  }
  if (state.id) { await loadNewestHistory(); await loadTimeline(); }
  say(`Done: ${action}. It shows among the newest events of the history below.`, 'ok');
}

/** A voter's moderation history (suspensions, reinstatements), newest page first read oldest first as the API gives it. */
async function loadVoterHistory(voter = $('mod-voter').value.trim()) {
  if (!voter) { say('Give the voter.', 'error'); return; }
  const history = await api('', `/api/v1/voters/by-key/${voterKey(voter)}/history?limit=100&${waitQuery().join('&')}`);
  $('voter-history').replaceChildren(
    el('caption', {}, `Moderation history of ${voter}`),
    el('thead', {}, el('tr', {}, ['When (UTC)', 'Type', 'Moderator', 'Reason'].map(h => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, history.events.length ? history.events.map(e => el('tr', { 'data-type': e.type },
      el('td', {}, e.occurredAt), el('td', {}, e.type), el('td', {}, e.actor && e.actor.id ? `${e.actor.id} (${e.actor.role})` : ''),
      el('td', {}, e.reason || '')))
      : el('tr', {}, el('td', { colspan: 4 }, 'No suspensions or reinstatements.'))));
}

// ---- bursts --------------------------------------------------------------------------------------------------
async function loadBursts() {
  const q = `window=${encodeURIComponent($('bursts-window').value)}&minVotes=${encodeURIComponent($('bursts-min').value)}`;
  const report = await api('', '/api/v1/moderation/vote-bursts?' + q);
  const box = $('bursts');
  if (report.bursts.length === 0) { box.replaceChildren(el('p', {}, 'No bursts in this window.')); return; }
  box.replaceChildren(...report.bursts.map(b => el('div', {},
    el('h3', {}, `${b.toolId}: ${b.votes} votes, ${b.ratio}× the norm (${b.newVoterCount} of ${b.voterCount} voters new)`),
    el('ul', {}, b.voters.map(v => el('li', {}, `${v.voterId}: ${v.votes} vote(s), now ${v.choice}${v.newVoter ? ' · new voter' : ''} `,
      el('button', { type: 'button', onclick: () => prepareVoid(b.toolId, v.voterId),
        'aria-label': `Void ${v.voterId}'s vote on ${b.toolId}` }, 'Void…')))))));
}

// ---- trends --------------------------------------------------------------------------------------------------
/** A datetime-local value ("2026-11-30T08:00", no zone) read as UTC, the zone the labels name: an ISO instant. */
function utcInstant(value) {
  const withSeconds = value.length === 16 ? value + ':00' : value;
  return new Date(withSeconds + 'Z').toISOString();
}

function trendQuery() {
  const q = ['bucket=' + $('trend-bucket').value];
  if ($('trend-from').value) q.push('from=' + encodeURIComponent(utcInstant($('trend-from').value)));
  if ($('trend-to').value) q.push('to=' + encodeURIComponent(utcInstant($('trend-to').value)));
  return q.join('&');
}

function browserOffset() {
  const minutes = -new Date().getTimezoneOffset();
  const abs = Math.abs(minutes);
  return `UTC${minutes < 0 ? '−' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

let chart = null;
async function loadTrend() {
  const tool = $('trend-tool').value.trim();
  if (!tool) { say('Give a tool.', 'error'); return; }
  const trend = await api('', `/api/v1/analytics/tools/${encodeURIComponent(tool)}/votes?${trendQuery()}`);
  const points = trend.points;
  const xs = points.map(p => Date.parse(p.start) / 1000);
  const data = [xs, points.map(p => p.cast), points.map(p => p.ship), points.map(p => p.skip)];
  if (chart) chart.destroy();
  const box = $('trend-chart');
  box.replaceChildren();
  chart = new uPlot({
    title: `${tool}: votes per ${trend.bucket} (UTC)`, width: Math.max(320, box.clientWidth || 800), height: 300,
    // the axis in UTC, as the range typed and the API's buckets are, whatever the browser's zone
    tzDate: ts => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
    series: [{}, { label: 'cast', stroke: '#0969da' }, { label: 'ship', stroke: '#0a7a3d' }, { label: 'skip', stroke: '#a4262c' }],
  }, data, box);
  box.setAttribute('aria-label', `Vote trend chart of ${tool}, ${points.length} points`);
  $('trend-table').replaceChildren(
    el('caption', { id: 'trend-caption' }, points.length
      ? `${points.length} points, ${points[0].start} to ${points[points.length - 1].start} (UTC bucket starts)` : 'No points'),
    el('thead', {}, el('tr', {}, ['start', 'cast', 'changed', 'retracted', 'voided', 'ship', 'skip'].map(h => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, points.filter(p => p.cast || p.changed || p.retracted || p.voided).map(p =>
      el('tr', {}, [p.start, p.cast, p.changed, p.retracted, p.voided, p.ship, p.skip].map(v => el('td', {}, v))))));
}

async function downloadCsv() {
  const tool = $('trend-tool').value.trim();
  if (!tool) { say('Give a tool.', 'error'); return; }
  const answer = await fetch(`/api/v1/analytics/tools/${encodeURIComponent(tool)}/votes?${trendQuery()}`,
    { headers: { Accept: 'text/csv', Authorization: 'Bearer ' + token() } });
  if (!answer.ok) {
    const problem = await answer.json().catch(() => ({}));
    say(`(${answer.status}) ${problem.detail || problem.title || 'the CSV could not be made'}`, 'error');
    return;
  }
  const link = el('a', { href: URL.createObjectURL(await answer.blob()), download: `${tool}-votes-${$('trend-bucket').value}.csv` });
  document.body.append(link);
  link.click();
  link.remove();
  say('CSV downloaded.', 'ok');
}

async function loadMovers() {
  const window = $('movers-window').value;
  const said = $('movers-window').selectedOptions[0].textContent;
  const movers = await api('', `/api/v1/analytics/movers?window=${encodeURIComponent(window)}`);
  $('movers').replaceChildren(
    el('caption', { id: 'movers-caption' }, `Top movers, ${said} (${window})`),
    el('thead', {}, el('tr', {}, ['tool', 'ship', 'skip', 'net'].map(h => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, movers.length ? movers.map(m => el('tr', {}, [m.toolId, m.ship, m.skip, m.net].map(v => el('td', {}, v))))
      : el('tr', {}, el('td', { colspan: 4 }, `No votes in the ${said}.`))));
}

// ---- projector -----------------------------------------------------------------------------------------------
async function loadProjector() {
  const status = await api(config.projectorUrl, '/api/v1/admin/projections');
  $('projector-status').textContent = `Generation ${status.generation}: lag ${status.lagEvents} events`
    + (status.lagSeconds === null || status.lagSeconds === undefined ? '' : ` (${status.lagSeconds} s)`)
    + `, ${status.deadLetters} dead letter(s)` + (status.error ? ` — ${status.error}` : '');
  const letters = await api(config.projectorUrl, '/api/v1/admin/dead-letters?state=PARKED');
  $('dead-letters').replaceChildren(
    el('thead', {}, el('tr', {}, ['failed at', 'type', 'subject', 'error', ''].map(h => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, letters.length ? letters.map(l => el('tr', {},
      el('td', {}, l.failedAt), el('td', {}, l.type || ''), el('td', {}, l.subject || ''), el('td', {}, l.error || ''),
      el('td', {}, el('button', { type: 'button', onclick: guard(() => resolveLetter(l.id, 'retry')),
        'aria-label': `Retry dead letter ${l.id} (${l.type || 'unknown type'} of ${l.subject || 'no subject'})` }, 'Retry'), ' ',
        el('button', { type: 'button', onclick: guard(() => resolveLetter(l.id, 'skip')),
          'aria-label': `Skip dead letter ${l.id} (${l.type || 'unknown type'} of ${l.subject || 'no subject'})` }, 'Skip…'))))
      : el('tr', {}, el('td', { colspan: 5 }, 'No parked events.'))));
}

async function resolveLetter(id, how) {
  let body;
  if (how === 'skip') {
    const reason = window.prompt('Why skip this event? (required)');
    if (!reason) { say('Skipping needs a reason.', 'error'); return; }
    body = { reason };
  }
  await api(config.projectorUrl, `/api/v1/admin/dead-letters/${encodeURIComponent(id)}/${how}`, { method: 'POST', body });
  say(`Dead letter ${how === 'retry' ? 'retried' : 'skipped'}.`, 'ok');
  await loadProjector();
}

async function startRebuild() {
  let rebuild = await api(config.projectorUrl, '/api/v1/admin/rebuilds', { method: 'POST', body: {} });
  const show = r => {
    $('rebuild-progress').textContent = `Rebuild ${r.rebuildId}: ${r.state}, ${r.phase}, ${r.eventsApplied}`
      + (r.eventsTotal ? ` of ${r.eventsTotal}` : '') + ' events'
      + (r.etaSeconds ? `, about ${r.etaSeconds} s left` : '') + (r.error ? ` — ${r.error}` : '');
  };
  show(rebuild);
  while (rebuild.state === 'RUNNING') {
    await new Promise(resolve => setTimeout(resolve, 1000));
    rebuild = await api(config.projectorUrl, `/api/v1/admin/rebuilds/${encodeURIComponent(rebuild.rebuildId)}`);
    show(rebuild);
  }
  await loadProjector();
}

// ---- wiring --------------------------------------------------------------------------------------------------
$('subject-open').addEventListener('click', guard(openSubject));
$('history-apply').addEventListener('click', guard(() => loadHistory(true)));
$('history-more').addEventListener('click', guard(() => loadHistory(false)));
$('asof-slider').addEventListener('change', guard(showAsOf));
$('moderate').addEventListener('submit', guard(moderate));
$('bursts-load').addEventListener('click', guard(loadBursts));
$('trend-load').addEventListener('click', guard(loadTrend));
$('trend-csv').addEventListener('click', guard(downloadCsv));
$('movers-load').addEventListener('click', guard(loadMovers));
$('voter-history-load').addEventListener('click', guard(() => loadVoterHistory()));
$('trend-offset').textContent = browserOffset();
$('projector-load').addEventListener('click', guard(loadProjector));
$('rebuild-start').addEventListener('click', guard(startRebuild));
signInBar(config, () => say(token() ? 'Signed in.' : 'Signed out.'));
guard(knownIds)();
