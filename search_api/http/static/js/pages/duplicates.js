// 重复项目: pairs of likely duplicates side by side, with evidence, sortable,
// with a minimum-score control.

import { api } from '../api.js';
import { h, badge, hrefs, fmtScore, empty } from '../dom.js';
import { replaceParams } from '../router.js';
import { evidenceView } from './project.js';

const DEFAULT_MIN = 0.55;
const SORT_KEYS = {
  score: (p) => p.score,
  cosine: (p) => p.evidence.cosine ?? 0,
  name: (p) => p.evidence.name_similarity ?? 0,
};

function side(id, name, county) {
  return h('div', { class: 'pair-side' },
    h('a', { href: hrefs.project(id), class: 'pair-name' }, name),
    county ? badge(county, 'county', hrefs.county(county)) : badge('县区未知', 'muted'));
}

export async function render(root, { params }) {
  const state = {
    min: Number(params.get('min') ?? DEFAULT_MIN),
    across: params.get('across') !== 'false',
    sort: SORT_KEYS[params.get('sort')] ? params.get('sort') : 'score',
    dir: params.get('dir') === 'asc' ? 'asc' : 'desc',
  };
  if (!(state.min >= 0 && state.min <= 1)) state.min = DEFAULT_MIN;

  const range = h('input', { type: 'range', min: '0.3', max: '1', step: '0.01', value: String(state.min),
    id: 'min-score', 'aria-label': '最低重复得分' });
  const number = h('input', { type: 'number', min: '0', max: '1', step: '0.01', value: state.min.toFixed(2),
    id: 'min-score-number', 'aria-label': '最低重复得分（数值）' });
  const across = h('input', { type: 'checkbox', id: 'across', checked: state.across });
  const summary = h('p', { class: 'summary', id: 'dup-summary' });
  const table = h('table', { class: 'pairs', id: 'pairs' });
  let pairs = [];
  let report = null;

  const header = (key, text) => {
    const th = h('th', { scope: 'col', class: 'sortable', dataset: { sort: key } },
      h('button', { type: 'button', onclick: () => {
        state.dir = state.sort === key && state.dir === 'desc' ? 'asc' : 'desc';
        state.sort = key;
        sync(); draw();
      } }, text, h('span', { class: 'sort-mark', 'aria-hidden': 'true' })));
    return th;
  };

  function sync() {
    replaceParams({ min: state.min.toFixed(2), ...(state.across ? {} : { across: 'false' }),
      ...(state.sort !== 'score' ? { sort: state.sort } : {}), ...(state.dir !== 'desc' ? { dir: state.dir } : {}) });
  }

  function draw() {
    const key = SORT_KEYS[state.sort];
    const sorted = [...pairs].sort((a, b) => (state.dir === 'asc' ? key(a) - key(b) : key(b) - key(a)));
    const thead = h('thead', {}, h('tr', {},
      header('score', '重复得分'), h('th', { scope: 'col' }, '项目 A'), h('th', { scope: 'col' }, '项目 B'),
      header('cosine', '向量余弦'), header('name', '名称相似度'), h('th', { scope: 'col' }, '证据')));
    for (const th of thead.querySelectorAll('th.sortable')) {
      const active = th.dataset.sort === state.sort;
      th.setAttribute('aria-sort', active ? (state.dir === 'asc' ? 'ascending' : 'descending') : 'none');
      th.querySelector('.sort-mark').textContent = active ? (state.dir === 'asc' ? ' ▲' : ' ▼') : ' ↕';
    }
    const tbody = h('tbody', {}, sorted.map((p) => h('tr', { class: 'pair', dataset: { score: String(p.score) } },
      h('td', { class: 'num score-cell' }, h('span', { class: `score-pill ${p.score >= 0.75 ? 'high' : p.score >= 0.6 ? 'mid' : 'low'}` },
        fmtScore(p.score))),
      h('td', {}, side(p.a, p.a_name, p.a_county)),
      h('td', {}, side(p.b, p.b_name, p.b_county)),
      h('td', { class: 'num' }, fmtScore(p.evidence.cosine)),
      h('td', { class: 'num' }, fmtScore(p.evidence.name_similarity)),
      h('td', {}, evidenceView(p.evidence, { scores: false })))));
    table.replaceChildren(thead, tbody);
    summary.textContent = `${pairs.length} 对疑似重复项目（得分 ≥ ${state.min.toFixed(2)}${state.across ? '，仅跨县区' : ''}）`
      + (report ? ` · 候选对 ${report.candidates} · 聚为 ${report.clusters.length} 组` : '');
    if (!pairs.length) table.replaceChildren(h('tbody', {}, h('tr', {}, h('td', { colspan: '6' }, empty('没有达到该得分的项目对。')))));
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
  }
  const changed = (value) => {
    state.min = Math.min(1, Math.max(0, Number(value) || 0));
    range.value = String(state.min);
    number.value = state.min.toFixed(2);
    sync();
    clearTimeout(timer);
    timer = setTimeout(() => load().catch(showError), 200);
  };
  const showError = (err) => summary.replaceChildren(h('span', { class: 'error' }, `出错了：${err.message}`));
  range.addEventListener('input', () => changed(range.value));
  number.addEventListener('change', () => changed(number.value));
  across.addEventListener('change', () => { state.across = across.checked; sync(); load().catch(showError); });

  root.append(
    h('h1', {}, '重复项目'),
    h('p', { class: 'lead' }, '不同县区申报的高度相似项目：按向量余弦、名称相似度和投资额打分，名称中的县区、期次、规模或类型冲突会降低得分。'),
    h('div', { class: 'card controls' },
      h('label', { for: 'min-score' }, '最低得分'), range, number,
      h('label', { class: 'check' }, across, ' 仅显示跨县区的项目对')),
    summary, h('div', { class: 'table-wrap card' }, table));
  await load();
  return () => clearTimeout(timer);
}
