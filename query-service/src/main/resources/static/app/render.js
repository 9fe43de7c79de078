// The comparison page's sections, rendered from a ComparisonPage (or a ToolCard list) the same way wherever they are
// shown: the live page (compare.js) and the page as it stood at an instant (console.js). One home for how the page
// looks, so the as-of view is the page exactly as people saw it, not a summary of it.
import { communityLine, el, PERSONAS, verdictWord } from '/app/common.js';

/**
 * The tool cards: initial, category, name, tagline, panel verdict and ship %, community, entry price, description.
 * extra(tool): optional nodes appended to a tool's card (the voter's buttons on the live page).
 * idPrefix: keeps element ids unique when a page shows two renderings.
 */
export function renderCards(container, tools, { extra = () => null, idPrefix = '' } = {}) {
  container.replaceChildren(...tools.map(tool => {
    const panel = tool.panel;
    const nameId = `${idPrefix}name-${tool.id}`;
    const card = el('article', { class: 'card', 'aria-labelledby': nameId, 'data-tool': tool.id },
      el('div', {}, el('span', { class: 'initial', 'aria-hidden': 'true' }, tool.name.charAt(0).toUpperCase()),
        el('span', { class: 'category' }, tool.category)),
      el('h3', { id: nameId }, tool.name),
      el('p', {}, tool.tagline),
      el('div', { class: 'stats' },
        el('div', {}, el('strong', { class: panel.verdict === 'SKIP' ? 'skip' : 'ship' }, verdictWord(panel.verdict)),
          el('span', {}, panel.shipPercent === null ? '—' : `${panel.shipPercent}%`), el('span', { class: 'label' }, 'Panel ship')),
        el('div', {}, el('span', { class: 'label' }, 'Community'),
          el('span', { class: 'community', 'data-tool': tool.id }, communityLine(tool.community))),
        el('div', {}, el('strong', {}, tool.pricing.entry), el('span', { class: 'label' }, 'Entry'))),
      el('p', { class: 'description' }, tool.description));
    if (tool.locked) card.append(el('p', { class: 'muted' }, 'Voting is locked on this tool.'));
    const more = extra(tool);
    if (more) card.append(more);
    return card;
  }));
}

function row(label, values) {
  return el('tr', {}, el('th', { scope: 'row' }, label), values.map(v => el('td', {}, v)));
}

/** The decision table: panel verdict with counts, community, pricing, best for, category. */
export function renderDecision(table, tools, caption = 'Decision table') {
  table.replaceChildren(
    el('caption', { class: 'visually-hidden' }, caption),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Decision'), tools.map(t => el('th', { scope: 'col' }, t.name)))),
    el('tbody', {},
      row('Panel verdict', tools.map(t => `${verdictWord(t.panel.verdict)} · ${t.panel.ship} ship / ${t.panel.skip} skip`)),
      row('Community', tools.map(t => communityLine(t.community))),
      row('Pricing', tools.map(t => t.pricing.details)),
      row('Best for', tools.map(t => t.bestFor)),
      row('Category', tools.map(t => t.category))));
}

/** The reviewer scorecard: persona rows × tools, "88/100 · ship" and the take, or "No panel take". */
export function renderScorecard(table, tools, caption = 'Reviewer scorecard') {
  table.replaceChildren(
    el('caption', { class: 'visually-hidden' }, caption),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Reviewer'), tools.map(t => el('th', { scope: 'col' }, t.name)))),
    el('tbody', {}, PERSONAS.map(([key, label]) => el('tr', {}, el('th', { scope: 'row' }, label),
      tools.map(t => {
        const review = t.reviews[key];
        return el('td', { 'data-persona': key, 'data-tool': t.id }, review
          ? [el('strong', {}, `${review.score}/100 · ${review.verdict.toLowerCase()}`), el('p', { class: 'take' }, review.text)]
          : 'No panel take');
      })))));
}
