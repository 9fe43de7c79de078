// The comparison page: the seed page's sections in its order, votes for signed-in voters (read-your-writes with the
// returned consistency token), and tallies that move live from the query service's event stream.
import { api, communityLine, el, PERSONAS, roles, say, settings, signInBar, verdictWord } from '/app/common.js';

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
  const cards = document.getElementById('cards');
  cards.replaceChildren(...page.tools.map(tool => {
    const panel = tool.panel;
    const myVote = mine.votes.get(tool.id);
    const card = el('article', { class: 'card', 'aria-labelledby': `name-${tool.id}`, 'data-tool': tool.id },
      el('div', {}, el('span', { class: 'initial', 'aria-hidden': 'true' }, tool.name.charAt(0).toUpperCase()),
        el('span', { class: 'category' }, tool.category)),
      el('h3', { id: `name-${tool.id}` }, tool.name),
      el('p', {}, tool.tagline),
      el('div', { class: 'stats' },
        el('div', {}, el('strong', { class: panel.verdict === 'SKIP' ? 'skip' : 'ship' }, verdictWord(panel.verdict)),
          el('span', {}, panel.shipPercent === null ? '—' : `${panel.shipPercent}%`), el('span', { class: 'label' }, 'Panel ship')),
        el('div', {}, el('span', { class: 'label' }, 'Community'),
          el('span', { class: 'community', 'data-tool': tool.id }, communityLine(tool.community))),
        el('div', {}, el('strong', {}, tool.pricing.entry), el('span', { class: 'label' }, 'Entry'))),
      el('p', {}, tool.description));
    if (tool.locked) card.append(el('p', { class: 'muted' }, 'Voting is locked on this tool.'));
    if (isVoter()) {
      card.append(el('div', { class: 'vote', role: 'group', 'aria-label': `Your vote on ${tool.name}` },
        ['SHIP', 'SKIP'].map(choice => el('button', {
          type: 'button', id: `vote-${choice.toLowerCase()}-${tool.id}`, 'aria-pressed': String(myVote === choice),
          disabled: tool.locked, onclick: () => vote(tool.id, choice),
        }, choice === 'SHIP' ? 'Ship' : 'Skip')),
        el('button', { type: 'button', id: `retract-${tool.id}`, disabled: !myVote || tool.locked,
          onclick: () => retract(tool.id) }, 'Retract'),
        el('span', { class: 'my-vote', id: `my-vote-${tool.id}` },
          myVote ? `Your vote: ${myVote === 'SHIP' ? 'Ship' : 'Skip'}` : 'You have not voted')));
    }
    return card;
  }));
}

function row(label, values) {
  return el('tr', {}, el('th', { scope: 'row' }, label), values.map(v => el('td', {}, v)));
}

function renderDecision() {
  const tools = page.tools;
  document.getElementById('decision').replaceChildren(
    el('caption', { class: 'visually-hidden' }, 'Decision table'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Decision'), tools.map(t => el('th', { scope: 'col' }, t.name)))),
    el('tbody', {},
      row('Panel verdict', tools.map(t => `${verdictWord(t.panel.verdict)} · ${t.panel.ship} ship / ${t.panel.skip} skip`)),
      row('Community', tools.map(t => communityLine(t.community))),
      row('Pricing', tools.map(t => t.pricing.details)),
      row('Best for', tools.map(t => t.bestFor)),
      row('Category', tools.map(t => t.category))));
}

function renderScorecard() {
  const tools = page.tools;
  document.getElementById('scorecard').replaceChildren(
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Reviewer'), tools.map(t => el('th', { scope: 'col' }, t.name)))),
    el('tbody', {}, PERSONAS.map(([key, label]) => el('tr', {}, el('th', { scope: 'row' }, label),
      tools.map(t => {
        const review = t.reviews[key];
        return el('td', { 'data-persona': key, 'data-tool': t.id }, review
          ? [el('strong', {}, `${review.score}/100 · ${review.verdict.toLowerCase()}`), el('p', { class: 'take' }, review.text)]
          : 'No panel take');
      })))));
}

function renderBookmarks() {
  const box = document.getElementById('bookmarks');
  if (!isVoter()) {
    box.replaceChildren(el('p', { class: 'muted' }, 'Sign in as a voter to bookmark tools.'));
    return;
  }
  box.replaceChildren(...page.tools.map(t => {
    const marked = mine.bookmarks.has(t.id);
    return el('button', { type: 'button', id: `bookmark-${t.id}`, 'aria-pressed': String(marked),
      onclick: () => bookmark(t.id, !marked) }, marked ? `Bookmarked: ${t.name}` : `Bookmark ${t.name}`);
  }));
}

async function load(waitFor = []) {
  const query = waitFor.filter(Boolean).map(t => 'waitFor=' + encodeURIComponent(t)).join('&');
  page = await api('', `/api/v1/comparisons/${encodeURIComponent(comparisonId)}${query ? '?' + query : ''}`, { auth: false });
  if (isVoter()) {
    const votes = await api('', `/api/v1/me/votes${query ? '?' + query : ''}`);
    const bookmarks = await api('', `/api/v1/me/bookmarks${query ? '?' + query : ''}`);
    mine = { votes: new Map(votes.map(v => [v.toolId, v.choice])), bookmarks: new Set(bookmarks) };
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

