// 上传: drop a project list or policy text (CSV / XLSX / JSON / DOCX / MD);
// the bytes go up with a progress bar, then the ingest summary: projects
// stored, how many were placed at county or city level, each row's warning,
// links to the new projects and to the duplicates they created.
// #/upload?doc=<id> shows the summary of a stored document again.

import { api, seg } from '../api.js';
import { h, badge, hrefs, fmtScore, empty } from '../dom.js';
import { replaceParams } from '../router.js';
import { session, tokenBox, upload } from '../write.js';

const ACCEPT = '.csv,.xlsx,.json,.jsonl,.docx,.md,.txt';

function warningList(warnings, name) {
  if (!warnings.length) return h('p', { class: 'muted' }, '没有警告：每一行都已完整入库。');
  return h('ul', { class: 'warnings', id: 'upload-warnings' }, warnings.map((w) => {
    const text = w.startsWith(`${name}, `) ? w.slice(name.length + 2) : w;
    const row = /^row (\d+)/.exec(text);
    return h('li', { class: 'warning' }, row ? badge(`第 ${row[1]} 行`, 'warn') : null, ' ', text);
  }));
}

async function summaryView(docId, result) {
  const s = await api(`documents/${seg(docId)}/summary`);
  const name = result ? result.path : docId;
  const unchanged = result && result.status === 'unchanged';
  return h('section', { class: 'card upload-summary', id: 'upload-summary', dataset: { doc: docId } },
    h('h2', {}, `入库结果：${name}`),
    h('p', { class: 'summary' }, unchanged ? '文件与已入库版本相同，未重复导入。 ' : '',
      `入库项目 ${s.projects.length} 个 · 落到县区/市级 ${s.placed} 个`
      + (result ? ` · 节点 ${result.nodes} · 关系 ${result.edges} · 警告 ${result.warnings.length} 条` : '')),
    result ? h('div', {}, h('h3', {}, '逐行警告'), warningList(result.warnings, name)) : null,
    h('h3', {}, `新项目（${s.projects.length}）`),
    s.projects.length ? h('ul', { class: 'upload-projects' }, s.projects.map((p) => h('li', {},
      h('a', { href: hrefs.project(p.id) }, p.name || p.id), ' ',
      p.counties.length ? p.counties.map((c) => badge(c, 'county', hrefs.county(c))) : badge('未定位到县区', 'warn')))) : empty('该文件没有项目。'),
    h('h3', {}, `由此产生的疑似重复（${s.duplicates.length}）`),
    s.duplicates.length ? h('ul', { class: 'upload-duplicates' }, s.duplicates.map((d) => h('li', {},
      h('a', { href: hrefs.project(d.a) }, d.a_name), ' ↔ ', h('a', { href: hrefs.project(d.b) }, d.b_name),
      h('span', { class: 'muted' }, ` · 得分 ${fmtScore(d.score)} · `),
      h('a', { href: `#/duplicates?min=0.30&across=false&sel=${encodeURIComponent(`${d.a}|${d.b}`)}` }, '去审核')))) : empty('没有疑似重复。'));
}

export async function render(root, { params }) {
  const input = h('input', { type: 'file', id: 'upload-input', accept: ACCEPT, multiple: true });
  const zone = h('label', { class: 'drop-zone', id: 'drop-zone', for: 'upload-input' },
    h('b', {}, '把文件拖到这里，或点击选择'), h('span', { class: 'muted' }, '支持 CSV、XLSX、JSON、DOCX、MD（项目清单或政策文本）'), input);
  const progress = h('div', { id: 'upload-progress', 'aria-live': 'polite' });
  const results = h('div', { id: 'upload-results' });

  async function send(file) {
    const bar = h('progress', { max: '100', value: '0' });
    const label = h('span', {}, `正在上传 ${file.name}…`);
    progress.replaceChildren(h('div', { class: 'card progress-row' }, label, bar));
    try {
      const result = await upload(file, (f) => {
        bar.value = Math.round(f * 100);
        if (f >= 1) { label.textContent = `${file.name}：已上传，正在解析、抽取并建立索引…`; bar.removeAttribute('value'); }
      });
      progress.replaceChildren();
      replaceParams({ doc: result.doc_id });
      results.prepend(await summaryView(result.doc_id, result));
    } catch (err) {
      progress.replaceChildren();
      const detail = err.detail && typeof err.detail === 'object' ? err.detail : null;
      results.prepend(h('div', { class: 'error', role: 'alert' }, `${file.name} 未能入库：${detail ? detail.error : err.message}`,
        detail && detail.warnings && detail.warnings.length ? warningList(detail.warnings, file.name) : null));
    }
  }
  async function sendAll(files) {
    if (!session.token()) { results.prepend(h('div', { class: 'error', role: 'alert' }, '请先输入 API 令牌再上传。')); return; }
    for (const file of files) await send(file); // one ingest at a time, as the server allows
  }
  input.addEventListener('change', () => { sendAll([...input.files]); input.value = ''; });
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => { e.preventDefault(); zone.classList.remove('over'); sendAll([...e.dataTransfer.files]); });

  root.append(h('h1', {}, '上传项目清单'),
    h('p', { class: 'lead' }, '上传县区报送的项目清单或政策文件：每一行都会入库，无法确定的字段留空并逐行给出警告；入库后可直接查看新项目和疑似重复。'),
    tokenBox(), h('div', { class: 'card' }, zone), progress, results);
  const doc = params.get('doc');
  if (doc) results.append(await summaryView(doc, null).catch((err) => h('div', { class: 'error' }, err.message)));
}
