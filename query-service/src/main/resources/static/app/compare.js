// The comparison page: the seed page's sections in its order, votes for signed-in voters (read-your-writes with the
// returned consistency token), and tallies that move live from the query service's event stream.
import { api, el, roles, say, settings, signInBar } from '/app/common.js';
import { renderCards as renderToolCards, renderDecision as renderDecisionTable, renderScorecard as renderScorecardTable } from '/app/render.js';

const comparisonId = decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] || '');
const config = await settings().catch(e => {
  say(`The app's settings could not be read (${e.message}); reload the page.`, 'error');
  return { commandUrl: '', projectorUrl: '', devSignIn: false };
});
let page = null;
let mine = { votes: new Map(), bookmarks: new Set() };

function isVoter() {
  return roles().includes('voter');
}

function render() {
  if (!page) return;
  // re-rendering replaces the buttons: keep the keyboard's place
  const focused = document.activeElement && document.activeElement.id;
  document.title = `${page.title} · Ship or Skip`;
  document.getElementById('title').textContent = page.title;
  document.getElementById('crumb').textContent = ' / ' + page.title;
  renderCards();
  renderDecision();
  renderScorecard();
  renderBookmarks();
  if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
}

function renderCards() {
  renderToolCards(document.getElementById('cards'), page.tools, { extra: tool => isVoter() ? voteButtons(tool) : null });
}

/** The voter's Ship / Skip / Retract for one tool; each button names its tool (several cards share the words). */
function voteButtons(tool) {
  const myVote = mine.votes.get(tool.id);
  return el('div', { class: 'vote', role: 'group', 'aria-label': `Your vote on ${tool.name}` },
    ['SHIP', 'SKIP'].map(choice => el('button', {
      type: 'button', id: `vote-${choice.toLowerCase()}-${tool.id}`, 'aria-pressed': String(myVote === choice),
      'aria-label': `${choice === 'SHIP' ? 'Ship' : 'Skip'} ${tool.name}`,
      disabled: tool.locked, onclick: () => vote(tool.id, choice),
    }, choice === 'SHIP' ? 'Ship' : 'Skip')),
    el('button', { type: 'button', id: `retract-${tool.id}`, disabled: !myVote || tool.locked,
      'aria-label': `Retract your vote on ${tool.name}`, onclick: () => retract(tool.id) }, 'Retract'),
    el('span', { class: 'my-vote', id: `my-vote-${tool.id}` },
      myVote ? `Your vote: ${myVote === 'SHIP' ? 'Ship' : 'Skip'}` : 'You have not voted'));
}

function renderDecision() {
  renderDecisionTable(document.getElementById('decision'), page.tools);
}

function renderScorecard() {
  renderScorecardTable(document.getElementById('scorecard'), page.tools);
}

/**
 * The seed page's Bookmarks section: the signed-in voter's bookmarks (GET /api/v1/me/bookmarks, every tool, not only
 * this page's), then a toggle per tool of this page.
 */
function renderBookmarks() {
  const box = document.getElementById('bookmarks');
  if (!isVoter()) {
    box.replaceChildren(el('p', { class: 'muted' }, 'Sign in as a voter to see and keep your bookmarks.'));
    return;
  }
  const list = mine.bookmarksLoaded
    ? (mine.bookmarks.size === 0
      ? [el('p', { id: 'bookmarks-empty' }, 'No bookmarks yet'), el('p', { class: 'muted' }, 'Bookmark tools to save them for later')]
      : [el('ul', { id: 'bookmark-list', 'aria-label': 'Your bookmarks' },
        [...mine.bookmarks].map(id => el('li', { 'data-tool': id }, toolName(id))))])
    : [el('p', { class: 'muted' }, 'Loading bookmarks...')];
  box.replaceChildren(...list, el('div', { class: 'vote', role: 'group', 'aria-label': 'Bookmark the tools of this page' },
    page.tools.map(t => {
      const marked = mine.bookmarks.has(t.id);
      return el('button', { type: 'button', id: `bookmark-${t.id}`, 'aria-pressed': String(marked),
        onclick: () => bookmark(t.id, !marked) }, marked ? `Bookmarked: ${t.name}` : `Bookmark ${t.name}`);
    })));
}

/** A bookmarked tool's name: from this page, or from its card (fetched once), or its id until that answers. */
const names = new Map();
function toolName(toolId) {
  const here = page.tools.find(t => t.id === toolId);
  if (here) return here.name;
  if (!names.has(toolId)) {
    names.set(toolId, toolId);
    api('', `/api/v1/tools/${encodeURIComponent(toolId)}`, { auth: false })
      .then(card => { names.set(toolId, card.name); renderBookmarks(); })
      .catch(e => say(`A bookmarked tool could not be read: ${e.message}`, 'error'));
  }
  return names.get(toolId);
}

async function load(waitFor = []) {
  const query = waitFor.filter(Boolean).map(t => 'waitFor=' + encodeURIComponent(t)).join('&');
  page = await api('', `/api/v1/comparisons/${encodeURIComponent(comparisonId)}${query ? '?' + query : ''}`, { auth: false });
  if (isVoter()) {
    if (!mine.bookmarksLoaded) render();
    const votes = await api('', `/api/v1/me/votes${query ? '?' + query : ''}`);
    const bookmarks = await api('', `/api/v1/me/bookmarks${query ? '?' + query : ''}`);
    mine = { votes: new Map(votes.map(v => [v.toolId, v.choice])), bookmarks: new Set(bookmarks), bookmarksLoaded: true };
  } else {
    mine = { votes: new Map(), bookmarks: new Set() };
  }
  render();
}

async function write(action, done) {
  try {
    const answer = await action();
    await load([answer && answer.token]);
    say(done, 'ok');
  } catch (e) {
    say(e.message, 'error');
  }
}

function vote(toolId, choice) {
  return write(() => api(config.commandUrl, `/api/v1/tools/${encodeURIComponent(toolId)}/vote`,
    { method: 'PUT', body: { choice } }), `Your ${choice === 'SHIP' ? 'Ship' : 'Skip'} vote is counted.`);
}

function retract(toolId) {
  return write(() => api(config.commandUrl, `/api/v1/tools/${encodeURIComponent(toolId)}/vote`, { method: 'DELETE' }),
    'Your vote is retracted.');
}

function bookmark(toolId, on) {
  return write(() => api(config.commandUrl, `/api/v1/me/bookmarks/${encodeURIComponent(toolId)}`,
    { method: on ? 'PUT' : 'DELETE' }), on ? 'Bookmarked.' : 'Bookmark removed.');
}

function subscribe() {
  const status = document.getElementById('live');
  const stream = new EventSource(`/api/v1/comparisons/${encodeURIComponent(comparisonId)}/live`);
  stream.addEventListener('page', event => {
    page = JSON.parse(event.data);
    render();
    status.textContent = `Live: updated ${new Date().toLocaleTimeString()}`;
    status.dataset.version = event.lastEventId;
  });
  stream.onerror = () => {
    if (stream.readyState === EventSource.CLOSED) {
      // the browser gives up on an answer other than 200 (e.g. 503 when too many streams are open): try again later
      status.textContent = 'Live updates stopped; trying again in 10 seconds.';
      setTimeout(subscribe, 10000);
    } else {
      status.textContent = 'Live updates paused: reconnecting…';
    }
  };
}

signInBar(config, () => load().catch(e => say(e.message, 'error')));
try {
  await load();
  subscribe();
} catch (e) {
  document.getElementById('title').textContent = 'Comparison not available';
  say(e.message, 'error');
}

