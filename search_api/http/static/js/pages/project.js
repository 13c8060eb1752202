// 项目: details, sources with the original sentence or row, similar
// projects, and a warning box for likely duplicates in other counties.

import { api, lists, seg, chainName } from '../api.js';
import {
  h, badge, hrefs, fmtWan, fmtScore, fmtConflict, section, empty, definitionList, highlight,
  TASK_SOURCES, PLACE_SOURCES, ENTERPRISE_ROLES,
} from '../dom.js';
import { hitCard } from './search.js';
import { reviewBadge, reviewControls, send, tokenBox } from '../write.js';

/** Draw the page again (after a decision, a merge or its undo). */
const redraw = () => window.dispatchEvent(new HashChangeEvent('hashchange'));
const fail = (err) => document.getElementById('app').prepend(h('div', { class: 'error', role: 'alert' }, `出错了：${err.message}`));

/** The decision on a pair and the buttons to take or change it. */
function reviewView(pair) {
  return h('div', { class: 'pair-review' }, reviewBadge(pair.review), reviewControls(pair, redraw, fail));
}

/** Decisions on this project's pairs, and its merge (with undo) or where it was merged to. */
function reviewSection(p) {
  const items = [];
  if (p.merged_into) {
    items.push(h('p', { class: 'warning-box', id: 'merged-into' }, '本项目已与确认重复的项目合并，合并后的项目：',
      h('a', { href: hrefs.project(p.merged_into) }, p.merged_into)));
  }
  if (p.merge) {
    items.push(h('div', { class: 'merge-box', id: 'merge-box' },
      h('p', {}, `由 ${p.merge.members.length} 个确认重复的项目合并而成（${p.merge.reviewer} · ${p.merge.merged_at}），原名：`,
        p.merge.names.join('、')),
      h('button', { type: 'button', id: 'undo-merge', onclick: async () => {
        try { await send('DELETE', `merges/${encodeURIComponent(p.merge.id)}`); redraw(); } catch (err) { fail(err); }
      } }, '撤销合并')));
  }
  if (p.reviews && p.reviews.length) {
    items.push(h('ul', { class: 'review-log', id: 'project-reviews' }, p.reviews.map((r) => {
      const other = r.a === p.id ? { id: r.b, name: r.b_name } : { id: r.a, name: r.a_name };
      return h('li', { dataset: { decision: r.decision } }, reviewBadge(r), ' 与 ',
        h('a', { href: hrefs.project(other.id) }, other.name || other.id),
        h('span', { class: 'muted' }, ` · ${r.reviewer} · ${r.decided_at.replace('T', ' ').replace('+00:00', ' UTC')}`),
        r.comment ? ` · ${r.comment}` : '');
    })));
  }
  return items.length ? section('重复审核', ...items) : null;
}

/** The pair seen from this project: the other side's id, name, county. */
function otherSide(pair, id) {
  return pair.a === id
    ? { id: pair.b, name: pair.b_name, county: pair.b_county }
    : { id: pair.a, name: pair.a_name, county: pair.a_county };
}

/** Evidence of a duplicate pair; `scores: false` leaves out cosine and name similarity (shown as columns elsewhere). */
export function evidenceView(evidence, { scores = true } = {}) {
  const yes = (v) => (v ? '是' : '否');
  const items = [];
  if (scores) items.push(['向量余弦', fmtScore(evidence.cosine)], ['名称相似度', fmtScore(evidence.name_similarity)]);
  items.push(['投资额相同', yes(evidence.same_investment)], ['建设年限相同', yes(evidence.same_years)]);
  if (evidence.same_name_key) items.push(['名称主干相同', '是']);
  const list = h('ul', { class: 'evidence' }, items.map(([k, v]) =>
    h('li', { class: v === '是' ? 'ev-yes' : v === '否' ? 'ev-no' : null }, h('span', {}, k), h('b', {}, v))));
  const conflicts = evidence.conflicts || [];
  return h('div', { class: 'evidence-box' }, list,
    conflicts.length ? h('ul', { class: 'conflicts' }, conflicts.map((c) => h('li', {}, `冲突：${fmtConflict(c)}`))) : null);
}

const CONFLICT_FIELDS = { investment_wan: '总投资', years: '建设年限', owner: '业主单位', content: '建设内容', category: '类别' };

/** Values the project's sources disagree on: every list's (and row's) value, never silently the last one. */
function conflictsBox(conflicts) {
  if (!conflicts || !conflicts.length) return null;
  return h('div', { class: 'warning-box', id: 'value-conflicts' },
    h('p', {}, '出处之间的数值不一致（上方显示最后写入的值），各出处的值：'),
    h('ul', { class: 'conflicts' }, conflicts.map((c) => h('li', { dataset: { field: c.field } },
      `${CONFLICT_FIELDS[c.field] || c.field}：`,
      c.values.map((v) => `${c.field === 'investment_wan' ? fmtWan(v.value) : v.value}（${v.doc.replace(/^doc:/, '')}`
        + `${v.rows.length ? ` 第 ${v.rows.join('、')} 行` : ''}）`).join(' / ')))));
}

function duplicateWarning(pairs, id) {
  return h('div', { class: 'warning-box', role: 'alert', id: 'duplicate-warning' },
    h('h2', {}, `⚠ 疑似重复：其他县区有 ${pairs.length} 个高度相似的项目`),
    h('p', {}, '以下项目与本项目名称、内容或投资额高度一致，但申报于不同县区，请核实是否为同一项目重复申报或应联合谋划。'),
    h('ul', { class: 'dup-list' }, pairs.map((pair) => {
      const other = otherSide(pair, id);
      return h('li', {},
        h('div', { class: 'dup-head' },
          h('a', { href: hrefs.project(other.id), class: 'dup-name' }, other.name),
          badge(other.county, 'county', hrefs.county(other.county)),
          h('span', { class: 'dup-score' }, `重复得分 ${fmtScore(pair.score)}`)),
        evidenceView(pair.evidence), reviewView(pair));
    })));
}

async function sourcesView(sources, project) {
  if (!sources || !sources.length) return empty('没有记录出处。');
  const needles = [project.name, project.county, ...(project.counties || [])].filter(Boolean);
  const items = await Promise.all(sources.map(async (s) => {
    const doc = await lists.doc(s.doc);
    const where = [];
    if (s.row !== undefined && s.row !== null) where.push(`第 ${s.row} 行`);
    if (s.start !== undefined && s.start !== null) where.push(`字符 ${s.start}–${s.end}`);
    return h('li', { class: 'source' },
      h('div', { class: 'source-head' }, h('b', {}, doc.title),
        doc.path ? h('span', { class: 'muted mono' }, ` ${doc.path}`) : null,
        where.length ? h('span', { class: 'muted' }, ` · ${where.join(' · ')}`) : null),
      s.sentence ? h('blockquote', {}, highlight(s.sentence, needles)) : null);
  }));
  return h('ol', { class: 'sources' }, items);
}

export async function render(root, { arg: id }) {
  const p = await api(`projects/${seg(id)}`);
  document.title = `${p.name} · PlanAtlas`;
  const chainLinks = await Promise.all((p.chains || []).map(async (c) =>
    badge(await chainName(c), 'chain', hrefs.chain(c))));
  const task = p.task
    ? h('span', {}, badge(`${(await lists.tasks()).find((t) => t.id === p.task.id)?.ordinal || p.task.number} ${p.task.title}`,
      'task', hrefs.search({ q: p.task.title, task: p.task.number })),
    h('span', { class: 'muted' }, ` 匹配分数 ${fmtScore(p.task.score, 2)} · 来源：${TASK_SOURCES[p.task.source] || p.task.source || '未知'}`))
    : '未关联';
  const counties = p.counties && p.counties.length ? p.counties : [p.county].filter(Boolean);
  const placeSource = (q) => {
    const label = PLACE_SOURCES[q.place_source] || q.place_source || '—';
    return q.place_source_text ? `${label}「${q.place_source_text}」` : label;
  };

  const header = h('div', { class: 'page-head' },
    h('p', { class: 'crumbs' }, h('a', { href: '#/search' }, '搜索'), ' / 项目'),
    h('h1', {}, p.name),
    h('div', { class: 'badges' },
      counties.map((c) => badge(c, 'county', hrefs.county(c))),
      p.home === false ? badge(`${p.province || ''}${p.city || ''}（外市）`, 'warn') : null,
      p.block ? badge(`${p.block}板块`, 'block', hrefs.block(p.block)) : null,
      chainLinks,
      h('a', { class: 'graph-link', href: hrefs.graph(p.id) }, '在图谱中查看 →')),
    p.aliases && p.aliases.length ? h('p', { class: 'aliases' }, `别名：${p.aliases.join('、')}`) : null,
    h('p', { class: 'muted mono small' }, p.id));

  const warning = p.duplicate_warning && p.duplicate_warning.length ? duplicateWarning(p.duplicate_warning, p.id) : null;
  const sameCounty = (p.likely_duplicates || []).filter((d) => !p.duplicate_warning.some((w) => w.a === d.a && w.b === d.b));

  const details = section('项目信息', definitionList([
    ['县区', h('span', {}, counties.join('、') || '未知', p.county && counties.length > 1 ? h('span', { class: 'muted' }, `（申报：${p.county}）`) : null)],
    ['所在城市', [p.province, p.city].filter(Boolean).join(' ') || '—'],
    ['地点依据', placeSource(p)],
    ['板块', p.block ? `${p.block}板块` : '—'],
    ['重点任务', task],
    ['总投资', fmtWan(p.investment_wan)],
    ['建设年限', p.years || '—'],
    ['建设内容', p.content || '—'],
    ['业主单位', p.owner || '—'],
    ['参与企业', p.parties && p.parties.length ? h('ul', { class: 'plain', id: 'project-parties' }, p.parties.map((e) =>
      h('li', {}, `${ENTERPRISE_ROLES[e.role] || e.role}：${e.name}`,
        e.located.length ? h('span', { class: 'muted' }, `（${e.located.join('、')}）`) : null))) : null],
    ['所属产业', p.industries && p.industries.length ? h('span', { class: 'badges' }, p.industries.map((i) =>
      badge(i, 'industry', hrefs.search({ q: i, industry: i })))) : '—'],
    ['产业链环节', p.chain_links && p.chain_links.length ? h('span', { class: 'badges' },
      p.chain_links.map((l) => badge(l, 'link')), chainLinks.map((b) => b.cloneNode(true))) : '—'],
    ['所在园区/开发区', p.zones && p.zones.length ? p.zones.join('、') : null],
  ]));

  const sources = section('出处（原文）', await sourcesView(p.sources, p));
  const similarBox = h('ol', { class: 'results compact', id: 'similar' }, h('li', { class: 'muted' }, '加载中…'));
  const similar = section('相似项目', similarBox);

  const needsToken = (p.likely_duplicates || []).length || p.merge;
  root.append(header, needsToken ? tokenBox() : '', warning || '', h('div', { class: 'columns' },
    h('div', {}, details, conflictsBox(p.conflicts), sources,
      sameCounty.length ? section('同县区内的疑似重复', h('ul', { class: 'dup-list' }, sameCounty.map((pair) => {
        const other = otherSide(pair, p.id);
        return h('li', {}, h('a', { href: hrefs.project(other.id) }, other.name), ` · 得分 ${fmtScore(pair.score)}`,
          evidenceView(pair.evidence), reviewView(pair));
      }))) : null,
      reviewSection(p)),
    h('div', {}, similar)));

  const sim = await api(`projects/${seg(p.id)}/similar`, { k: 8 });
  const dupIds = new Set((p.duplicate_warning || []).map((d) => otherSide(d, p.id).id));
  similarBox.replaceChildren();
  if (!sim.data.length) similarBox.append(empty('没有相似项目。'));
  for (const hit of sim.data) {
    similarBox.appendChild(await hitCard(hit, {
      compact: true, extra: dupIds.has(hit.id) ? badge('疑似重复', 'warn', null, '与本项目疑似重复') : null }));
  }
}
