// Shared by every page of the web app: settings, the signed-in token, calls to the public API with problem details
// shown in words, and small DOM helpers. No framework: the pages are small and render from the API's JSON.

const TOKEN_KEY = 'shiporskip.token';

export async function settings() {
  const answer = await fetch('/ui/config');
  return answer.json();
}

/** The token pasted or minted in this browser tab (sessionStorage: gone with the tab). */
export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  if (value) {
    sessionStorage.setItem(TOKEN_KEY, value.trim());
  } else {
    sessionStorage.removeItem(TOKEN_KEY);
  }
}

/** The claims of the token (not verified here: the services verify every call). */
export function claims() {
  const t = token();
  if (!t) return null;
  try {
    const part = t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(part + '='.repeat((4 - part.length % 4) % 4)));
  } catch (e) {
    return null;
  }
}

export function roles() {
  const c = claims();
  return c && Array.isArray(c.roles) ? c.roles : [];
}

/** An API answer that is not 2xx, in words for a person: the problem's title and detail, and what to do. */
export class ApiError extends Error {
  constructor(status, problem, retryAfter) {
    super(describe(status, problem, retryAfter));
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
}

function describe(status, problem, retryAfter) {
  const detail = problem && (problem.detail || problem.title);
  const fields = problem && Array.isArray(problem.errors)
    ? ' ' + problem.errors.map(e => `${e.field}: ${e.message}`).join('; ') : '';
  const hint = {
    401: 'Sign in again: your token is missing, invalid or expired.',
    403: 'Your account may not do this.',
    409: 'This conflicts with the current state.',
    412: 'Someone changed this first: reload and try again.',
    429: `Too many requests: wait ${retryAfter || 'a few'} seconds.`,
    503: `The service is busy: try again in ${retryAfter || 'a few'} seconds.`,
  }[status] || '';
  return [hint, detail ? `(${status}) ${detail}${fields}` : `(${status})`].filter(Boolean).join(' ');
}

/**
 * Calls the API. base: '' for the query service, or the command service's / projector's URL from settings.
 * Returns the parsed JSON ({token} for 204); throws ApiError for any answer that is not 2xx.
 */
export async function api(base, path, options = {}) {
  // A read that waits for the person's own write (waitFor) answers 503 + Retry-After when that write is stored but not
  // yet visible within the server's bound (docs/api.md): the write succeeded, so wait as told and ask again, up to
  // READ_YOUR_WRITES_TRIES times, instead of telling the person "busy" about a write that worked.
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(base, path, options);
    } catch (e) {
      const waiting = e.status === 503 && (options.method || 'GET') === 'GET' && path.includes('waitFor=');
      if (!waiting || attempt >= READ_YOUR_WRITES_TRIES) throw e;
      await new Promise(resolve => setTimeout(resolve, 1000 * Math.min(10, Number(e.retryAfter) || 1)));
    }
  }
}

const READ_YOUR_WRITES_TRIES = 10;

async function call(base, path, { method = 'GET', body, auth = true, headers = {} } = {}) {
  const h = { ...headers };
  if (body !== undefined) h['Content-Type'] = 'application/json';
  if (auth && token()) h['Authorization'] = 'Bearer ' + token();
  let answer;
  try {
    answer = await fetch(base + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, { detail: `the service at ${base || location.origin} cannot be reached` });
  }
  // every write answers its consistency token in this header, also on 204 (docs/api.md)
  if (answer.status === 204) return { token: answer.headers.get('Consistency-Token') };
  const type = answer.headers.get('Content-Type') || '';
  const payload = type.includes('json') ? await answer.json() : await answer.text();
  if (!answer.ok) throw new ApiError(answer.status, typeof payload === 'object' ? payload : { detail: payload },
    answer.headers.get('Retry-After'));
  return payload;
}

/** Shows a message in the page's live region (read out by screen readers); errors stay until replaced. */
export function say(text, kind = 'info') {
  const box = document.getElementById('messages');
  box.textContent = text;
  box.className = 'messages ' + kind;
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.substring(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** The sign-in bar: paste a token, or (local profile only) mint one for a name and role. */
export function signInBar(config, onChange) {
  const bar = document.getElementById('signin');
  const render = () => {
    bar.replaceChildren();
    const c = claims();
    if (c) {
      bar.append(el('span', { class: 'who' }, `Signed in as ${c.sub} (${roles().join(', ')})`),
        el('button', { type: 'button', onclick: () => { setToken(null); render(); onChange(); } }, 'Sign out'));
      return;
    }
    const input = el('input', { id: 'token-input', type: 'password', autocomplete: 'off', placeholder: 'paste a bearer token' });
    bar.append(el('label', { for: 'token-input' }, 'Token'), input,
      el('button', { type: 'button', id: 'token-use', onclick: () => {
        setToken(input.value);
        // a paste that is not a JWT would otherwise leave the form as it was, without a word
        if (!claims()) {
          setToken(null);
          say('That is not a token this app can read: paste the whole bearer token (three parts separated by dots).', 'error');
          return;
        }
        render(); onChange();
      } }, 'Sign in'));
    if (config.devSignIn) {
      const name = el('input', { id: 'dev-sub', value: 'alice', size: 10 });
      const role = el('select', { id: 'dev-role' }, ['voter', 'moderator', 'analyst', 'editor', 'admin']
        .map(r => el('option', { value: r }, r)));
      bar.append(el('span', { class: 'dev' }, ' or, local only: '), el('label', { for: 'dev-sub' }, 'name'), name,
        el('label', { for: 'dev-role' }, 'role'), role,
        el('button', { type: 'button', id: 'dev-signin', onclick: async () => {
          try {
            const minted = await api('', '/ui/dev-token', { method: 'POST', auth: false,
              body: { sub: name.value, roles: [role.value] } });
            setToken(minted.token); render(); onChange();
          } catch (e) { say(e.message, 'error'); }
        } }, 'Dev sign-in'));
    }
  };
  render();
}

export const PERSONAS = [['BUILDER', 'Builder'], ['SKEPTIC', 'Skeptic'], ['FUTURIST', 'Futurist'], ['FOUNDER', 'Founder'], ['PM', 'PM']];

export function verdictWord(outcome) {
  return { SHIP: 'Ship', SKIP: 'Skip', SPLIT: 'Split', NONE: 'No verdict' }[outcome] || outcome;
}

export function communityLine(c) {
  if (!c || c.total === 0) return 'No community votes yet';
  return `${c.shipPercent}% ship · ${c.ship} ship / ${c.skip} skip`;
}
