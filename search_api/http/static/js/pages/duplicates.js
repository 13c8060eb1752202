// 重复项目: pairs of likely duplicates side by side, with evidence, sortable,
// with a minimum-score control — and the review: 确认重复 / 不是重复 / 稍后
// with a comment for each pair, from the mouse or the keyboard (j/k move,
// y/n/l decide, m merges a confirmed pair), merge with undo, and exports.
// Every state (score, filters, sort, the selected pair) is in the URL.

import { api } from '../api.js';
import { h, badge, hrefs, fmtScore, empty } from '../dom.js';
import { replaceParams } from '../router.js';
import { evidenceView } from './project.js';
import { DECISIONS, exportLinks, reviewBadge, reviewControls, send, tokenBox } from '../write.js';

const DEFAULT_MIN = 0.55;
const SORT_KEYS = {
  score: (p) => p.score,
  cosine: (p) => p.evidence.cosine ?? 0,
  name: (p) => p.evidence.name_similarity ?? 0,
};
const STATUS = { all: '全部', open: '待审核', confirmed: '确认重复', later: '稍后' };
const SHOWN = {
  all: () => true,
  open: (p) => !p.review || p.review.decision === 'later' || p.review.stale,
  confirmed: (p) => p.review && p.review.decision === 'confirmed',
  later: (p) => p.review && p.review.decision === 'later',
};
const pairKey = (p) => `${p.a}|${p.b}`;

function side(id, name, county) {
  return h('div', { class: 'pair-side' },
    h('a', { href: hrefs.project(id), class: 'pair-name' }, name),
    county ? badge(county, 'county', hrefs.county(county)) : badge('县区未知', 'muted'));
}

/** The decisions already taken, newest first. */
function reviewList(records) {
  if (!records.length) return empty('还没有审核记录。');
  return h('ul', { class: 'review-log', id: 'review-log' }, records.map((r) => h('li', { dataset: { decision: r.decision } },
    reviewBadge(r), ' ', h('a', { href: hrefs.project(r.a) }, r.a_name || r.a), ' ↔ ',
    h('a', { href: hrefs.project(r.b) }, r.b_name || r.b),
    h('span', { class: 'muted' }, ` · ${r.reviewer} · ${r.decided_at.replace('T', ' ').replace('+00:00', ' UTC')}`),
    r.comment ? h('span', {}, ` · ${r.comment}`) : null)));
}

export async function render(root, { params }) {
  const state = {
    min: Number(params.get('min') ?? DEFAULT_MIN),
    across: params.get('across') !== 'false',
    sort: SORT_KEYS[params.get('sort')] ? params.get('sort') : 'score',
    dir: params.get('dir') === 'asc' ? 'asc' : 'desc',
    status: SHOWN[params.get('status')] ? params.get('status') : 'all',
    sel: params.get('sel') || '',
  };
  if (!(state.min >= 0 && state.min <= 1)) state.min = DEFAULT_MIN;

  const range = h('input', { type: 'range', min: '0.3', max: '1', step: '0.01', value: String(state.min),
    id: 'min-score', 'aria-label': '最低重复得分' });
  const number = h('input', { type: 'number', min: '0', max: '1', step: '0.01', value: state.min.toFixed(2),
    id: 'min-score-number', 'aria-label': '最低重复得分（数值）' });
  const across = h('input', { type: 'checkbox', id: 'across', checked: state.across });
  const status = h('select', { id: 'review-status', 'aria-label': '审核状态' },
    Object.entries(STATUS).map(([k, v]) => h('option', { value: k, selected: k === state.status }, v)));
  const summary = h('p', { class: 'summary', id: 'dup-summary' });
  const notice = h('div', { id: 'review-notice', 'aria-live': 'polite' });
  const table = h('table', { class: 'pairs', id: 'pairs' });
  const exports = h('span', { id: 'dup-exports' });
  const log = h('div', { id: 'review-log-box' });
  let pairs = [];
  let report = null;
  let shown = [];

  const header = (key, text) => h('th', { scope: 'col', class: 'sortable', dataset: { sort: key } },
    h('button', { type: 'button', onclick: () => {
      state.dir = state.sort === key && state.dir === 'desc' ? 'asc' : 'desc';
      state.sort = key;
      sync(); draw();
    } }, text, h('span', { class: 'sort-mark', 'aria-hidden': 'true' })));

  function sync() {
    replaceParams({ min: state.min.toFixed(2), ...(state.across ? {} : { across: 'false' }),
      ...(state.sort !== 'score' ? { sort: state.sort } : {}), ...(state.dir !== 'desc' ? { dir: state.dir } : {}),
      ...(state.status !== 'all' ? { status: state.status } : {}), ...(state.sel ? { sel: state.sel } : {}) });
    exports.replaceChildren(exportLinks('duplicates', { min_score: state.min.toFixed(2), across_counties: state.across }));
  }

  const say = (text, ...more) => notice.replaceChildren(h('div', { class: 'notice' }, text, ...more));
  const fail = (err) => notice.replaceChildren(h('div', { class: 'error', role: 'alert' }, `出错了：${err.message}`));

  function select(key, scroll = true) {
    state.sel = key;
    sync();
    for (const tr of table.querySelectorAll('tr.pair')) {
      const on = tr.dataset.key === key;
      tr.classList.toggle('selected', on);
      tr.setAttribute('aria-selected', on ? 'true' : 'false');
      if (on && scroll) tr.scrollIntoView({ block: 'nearest' });
    }
  }

  /** A decision was stored: show it in place (a rejected pair leaves the list) and move on. */
  function decided(pair, record) {
    const at = shown.findIndex((p) => pairKey(p) === pairKey(pair));
    pair.review = { decision: record.decision, comment: record.comment, reviewer: record.reviewer,
      decided_at: record.decided_at, stale: false };
    if (record.decision === 'rejected') {
      pairs = pairs.filter((p) => p !== pair);
      report.rejected_hidden += 1;
    }
    say(`已记录：${pair.a_name} ↔ ${pair.b_name} · ${DECISIONS[record.decision]}`);
    draw();
    const next = shown[Math.min(at + (record.decision === 'rejected' ? 0 : 1), shown.length - 1)];
    if (next) select(pairKey(next));
    loadLog();
  }

  async function merge(pair) {
    try {
      const record = await send('POST', 'merges', { ids: [pair.a, pair.b], reviewer: '' });
      say(`已合并为「${pair.a_name}」（保留两条出处，原名作为别名）。`,
        h('button', { type: 'button', id: 'undo-merge', onclick: async () => {
          try { await send('DELETE', `merges/${encodeURIComponent(record.id)}`); say('已撤销合并。'); await load(); } catch (err) { fail(err); }
        } }, '撤销合并'),
        ' ', h('a', { href: hrefs.project(pair.a) }, '查看合并后的项目'));
      await load();
    } catch (err) { fail(err); }
  }

  function row(p) {
    const confirmed = p.review && p.review.decision === 'confirmed';
    return h('tr', { class: 'pair', dataset: { score: String(p.score), key: pairKey(p) }, onclick: () => select(pairKey(p), false) },
      h('td', { class: 'num score-cell' }, h('span', { class: `score-pill ${p.score >= 0.75 ? 'high' : p.score >= 0.6 ? 'mid' : 'low'}` },
        fmtScore(p.score))),
      h('td', {}, side(p.a, p.a_name, p.a_county)),
      h('td', {}, side(p.b, p.b_name, p.b_county)),
      h('td', { class: 'num' }, fmtScore(p.evidence.cosine)),
      h('td', { class: 'num' }, fmtScore(p.evidence.name_similarity)),
      h('td', {}, evidenceView(p.evidence, { scores: false })),
      h('td', { class: 'review-cell' }, reviewBadge(p.review), reviewControls(p, (r) => decided(p, r), fail),
        confirmed ? h('button', { type: 'button', class: 'merge-btn', title: '快捷键 m', onclick: (e) => { e.stopPropagation(); merge(p); } },
          '合并为一个项目') : null));
  }

  function draw() {
    const key = SORT_KEYS[state.sort];
    shown = [...pairs].filter(SHOWN[state.status])
      .sort((a, b) => (state.dir === 'asc' ? key(a) - key(b) : key(b) - key(a)));
    const thead = h('thead', {}, h('tr', {},
      header('score', '重复得分'), h('th', { scope: 'col' }, '项目 A'), h('th', { scope: 'col' }, '项目 B'),
      header('cosine', '向量余弦'), header('name', '名称相似度'), h('th', { scope: 'col' }, '证据'),
      h('th', { scope: 'col' }, '审核')));
    for (const th of thead.querySelectorAll('th.sortable')) {
      const active = th.dataset.sort === state.sort;
      th.setAttribute('aria-sort', active ? (state.dir === 'asc' ? 'ascending' : 'descending') : 'none');
      th.querySelector('.sort-mark').textContent = active ? (state.dir === 'asc' ? ' ▲' : ' ▼') : ' ↕';
    }
    table.replaceChildren(thead, h('tbody', {}, shown.map(row)));
    const confirmed = pairs.filter((p) => p.review && p.review.decision === 'confirmed').length;
    summary.textContent = `${pairs.length} 对疑似重复项目（得分 ≥ ${state.min.toFixed(2)}${state.across ? '，仅跨县区' : ''}）`
      + (report ? ` · 候选对 ${report.candidates} · 聚为 ${report.clusters.length} 组 · 已确认 ${confirmed} 对`
        + ` · 已排除 ${report.rejected_hidden} 对经审核不是重复的项目对` : '');
    if (!shown.length) table.replaceChildren(h('tbody', {}, h('tr', {}, h('td', { colspan: '7' }, empty('没有达到该得分的项目对。')))));
    if (state.sel) select(state.sel, false);
  }

  async function loadLog() {
    const records = (await api('reviews')).data;
    log.replaceChildren(h('div', { class: 'card-head' }, h('h2', {}, `审核记录（${records.length}）`),
      h('a', { href: '/api/reviews/labels?format=jsonl', download: 'duplicate-labels.jsonl', id: 'labels-link' },
        '下载标注对（planatlas eval 用）')), reviewList(records));
  }

  let timer = null;
  let request = 0;
  async function load() {
    const mine = ++request;
    table.setAttribute('aria-busy', 'true');
    const data = await api('duplicates', { min_score: state.min.toFixed(2), across_counties: state.across });
    if (mine !== request) return;
    report = data;
    pairs = data.pairs;
    table.setAttribute('aria-busy', 'false');
    draw();
    await loadLog();
  }
  const changed = (value) => {
    state.min = Math.min(1, Math.max(0, Number(value) || 0));
    range.value = String(state.min);
    number.value = state.min.toFixed(2);
    sync();
    clearTimeout(timer);
    timer = setTimeout(() => load().catch(fail), 200);
  };
  range.addEventListener('input', () => changed(range.value));
  number.addEventListener('change', () => changed(number.value));
  across.addEventListener('change', () => { state.across = across.checked; sync(); load().catch(fail); });
  status.addEventListener('change', () => { state.status = status.value; sync(); draw(); });

  /** j/k move, y/n/l decide (with the row's comment), m merges a confirmed pair. */
  function onKey(e) {
    if (e.ctrlKey || e.metaKey || e.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName)) return;
    const at = shown.findIndex((p) => pairKey(p) === state.sel);
    if (e.key === 'j' || e.key === 'k') {
      const next = shown[Math.max(0, Math.min(shown.length - 1, at + (e.key === 'j' ? 1 : -1)))];
      if (next) { select(pairKey(next)); e.preventDefault(); }
      return;
    }
    const decision = { y: 'confirmed', n: 'rejected', l: 'later' }[e.key];
    const tr = table.querySelector('tr.pair.selected');
    if (!tr || at < 0) return;
    if (decision) { tr.querySelector(`.review-${decision}`).click(); e.preventDefault(); }
    if (e.key === 'm' && tr.querySelector('.merge-btn')) { tr.querySelector('.merge-btn').click(); e.preventDefault(); }
  }
  document.addEventListener('keydown', onKey);

  root.append(
    h('h1', {}, '重复项目'),
    h('p', { class: 'lead' }, '不同县区申报的高度相似项目：按向量余弦、名称相似度和投资额打分，名称中的县区、期次、规模或类型冲突会降低得分。'
      + '逐对审核：确认重复 / 不是重复 / 稍后；经审核不是重复的项目对不再出现，除非其中一方文本有变化。'),
    tokenBox(),
    h('div', { class: 'card controls' },
      h('label', { for: 'min-score' }, '最低得分'), range, number,
      h('label', { class: 'check' }, across, ' 仅显示跨县区的项目对'),
      h('label', { for: 'review-status' }, '审核状态'), status, exports),
    h('p', { class: 'muted small keys' }, '键盘：j / k 上下移动 · y 确认重复 · n 不是重复 · l 稍后 · m 合并已确认的项目对'),
    summary, notice, h('div', { class: 'table-wrap card' }, table), h('section', { class: 'card' }, log));
  sync();
  await load();
  return () => { clearTimeout(timer); document.removeEventListener('keydown', onKey); };
}
