// Writing to the API: the token (entered once, kept for this browser session
// in sessionStorage), the reviewer's name, JSON writes, uploads with
// progress, review buttons and export links shared by several pages.

import { ApiError } from './api.js';
import { h } from './dom.js';

const TOKEN = 'planatlas.token';
const REVIEWER = 'planatlas.reviewer';

export const DECISIONS = { confirmed: '确认重复', rejected: '不是重复', later: '稍后' };

export const session = {
  token: () => sessionStorage.getItem(TOKEN) || '',
  reviewer: () => sessionStorage.getItem(REVIEWER) || '',
  save(token, reviewer) {
    if (token) sessionStorage.setItem(TOKEN, token); else sessionStorage.removeItem(TOKEN);
    sessionStorage.setItem(REVIEWER, reviewer || '');
    window.dispatchEvent(new Event('planatlas-token'));
  },
};

function authHeaders() {
  return { Authorization: `Bearer ${session.token()}`, Accept: 'application/json' };
}

async function answer(response) {
  let body = null;
  try { body = await response.json(); } catch { /* not JSON */ }
  if (!response.ok) {
    if (response.status === 401 || response.status === 403) session.save('', session.reviewer());
    const detail = body && body.detail ? body.detail : `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, response.status === 401 ? `令牌错误或缺失：${detail}` : detail);
  }
  return body;
}

/** POST / DELETE /api/<path> with the session's token; JSON back. */
export async function send(method, path, body = null) {
  if (!session.token()) throw new ApiError(401, '请先输入 API 令牌');
  const headers = { ...authHeaders(), ...(body ? { 'Content-Type': 'application/json' } : {}) };
  const result = await answer(await fetch(`/api/${path}`, { method, headers, body: body ? JSON.stringify(body) : null }));
  if (path.startsWith('merges')) window.dispatchEvent(new Event('planatlas-data'));
  return result;
}

/** Upload one file to /api/ingest; `progress(fraction)` while the bytes go up. */
export function upload(file, progress) {
  return new Promise((resolve, reject) => {
    if (!session.token()) { reject(new ApiError(401, '请先输入 API 令牌')); return; }
    const xhr = new XMLHttpRequest();
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.open('POST', '/api/ingest');
    for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) progress(e.loaded / e.total); };
    xhr.upload.onload = () => progress(1);
    xhr.onerror = () => reject(new ApiError(0, '网络错误，上传未完成'));
    xhr.onload = () => {
      const response = new Response(xhr.responseText, { status: xhr.status, statusText: xhr.statusText });
      answer(response).then((result) => { window.dispatchEvent(new Event('planatlas-data')); resolve(result); }, reject);
    };
    xhr.send(form);
  });
}

/** The token and reviewer form; shows who is signed in once a token is kept. */
export function tokenBox() {
  const box = h('form', { class: 'card token-box', id: 'token-box' });
  const draw = () => {
    if (session.token()) {
      box.replaceChildren(h('span', {}, `✓ 已保存 API 令牌（本次会话）· 审核人：${session.reviewer() || '匿名'} `),
        h('button', { type: 'button', class: 'btn-link', id: 'token-forget', onclick: () => session.save('', session.reviewer()) }, '退出'));
      return;
    }
    const token = h('input', { type: 'password', id: 'token-input', placeholder: 'API 令牌', autocomplete: 'off', required: true });
    const reviewer = h('input', { type: 'text', id: 'reviewer-input', placeholder: '审核人姓名', value: session.reviewer(), maxlength: '50' });
    box.replaceChildren(h('label', { for: 'token-input' }, '写入需要令牌：'), token, reviewer,
      h('button', { type: 'submit', id: 'token-save' }, '保存'));
  };
  box.addEventListener('submit', (e) => {
    e.preventDefault();
    session.save(box.querySelector('#token-input').value.trim(), box.querySelector('#reviewer-input').value.trim());
  });
  window.addEventListener('planatlas-token', draw);
  draw();
  return box;
}

/** Record a decision on the pair (a, b). */
export function decide(a, b, decision, comment = '') {
  return send('POST', 'reviews', { a, b, decision, comment, reviewer: session.reviewer() });
}

/** A badge for a decision, with its reviewer and time as the title. */
export function reviewBadge(review) {
  if (!review) return h('span', { class: 'badge badge-muted review-state', dataset: { decision: 'none' } }, '未审核');
  const kind = { confirmed: 'warn', rejected: 'ok', later: 'muted' }[review.decision] || 'muted';
  return h('span', { class: `badge badge-${kind} review-state`, dataset: { decision: review.decision },
    title: `${review.reviewer} · ${review.decided_at}${review.comment ? ` · ${review.comment}` : ''}` },
  DECISIONS[review.decision] || review.decision, review.stale ? '（文本已变更）' : '');
}

/** 确认重复 / 不是重复 / 稍后 buttons with a comment field; `done(record)` after a decision is stored. */
export function reviewControls(pair, done, fail) {
  const comment = h('input', { type: 'text', class: 'review-comment', placeholder: '备注（可选）', maxlength: '500',
    value: pair.review ? pair.review.comment : '' });
  const button = (decision, key) => h('button', { type: 'button', class: `review-btn review-${decision}`,
    dataset: { decision }, title: `快捷键 ${key}`, onclick: async (e) => {
      e.stopPropagation();
      try { done(await decide(pair.a, pair.b, decision, comment.value.trim())); } catch (err) { fail(err); }
    } }, DECISIONS[decision]);
  return h('div', { class: 'review-controls' }, button('confirmed', 'y'), button('rejected', 'n'), button('later', 'l'), comment);
}

/** 导出 Excel / CSV links for /api/export/<path> with these params. */
export function exportLinks(path, params = {}) {
  const url = (format) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, v);
    q.set('format', format);
    return `/api/export/${path}?${q}`;
  };
  return h('span', { class: 'export-links' }, '导出：',
    h('a', { href: url('xlsx'), download: '', class: 'export-xlsx' }, 'Excel'), ' · ',
    h('a', { href: url('csv'), download: '', class: 'export-csv' }, 'CSV'));
}
