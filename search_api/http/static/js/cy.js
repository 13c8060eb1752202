// Cytoscape.js and the dagre layout, vendored in /vendor (no CDN), and the
// look shared by the chain drawing and the graph view.

import cytoscape from '../vendor/cytoscape/cytoscape.esm.min.js';
import dagre from '../vendor/cytoscape-dagre/cytoscape-dagre.min.js';

cytoscape.use(dagre);

export { cytoscape };

/** Node colours by label (fill, border). */
export const COLORS = {
  Project: ['#e8f1fb', '#3b73b9'],
  County: ['#fdf0e0', '#c77a1a'],
  Block: ['#e6f4ea', '#2e7d4f'],
  Task: ['#fff6d6', '#a8860b'],
  IndustrialChain: ['#f1e9fb', '#7b4fb5'],
  ChainLink: ['#f1e9fb', '#7b4fb5'],
  Industry: ['#eef0f3', '#69707d'],
  Enterprise: ['#fde8ec', '#b8435b'],
  Region: ['#fde8ec', '#8c2f44'],
  River: ['#e3f5f8', '#237a8a'],
  Mountain: ['#eeeae3', '#7a6a4f'],
  DevelopmentZone: ['#edf5e3', '#5b7f2a'],
  Park: ['#edf5e3', '#5b7f2a'],
  UrbanArea: ['#f3ecea', '#8a5a4a'],
  PolicyDocument: ['#f4f4f4', '#555b66'],
  Section: ['#f4f4f4', '#555b66'],
  Measure: ['#f4f4f4', '#555b66'],
};

export const FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", system-ui, sans-serif';

export function labelStyles() {
  return Object.entries(COLORS).map(([label, [fill, border]]) => ({
    selector: `node[label = "${label}"]`,
    style: { 'background-color': fill, 'border-color': border },
  }));
}

/** Expose the live instance for debugging and the browser tests. */
export function expose(name, cy) {
  window.PlanAtlas = window.PlanAtlas || {};
  window.PlanAtlas[name] = cy;
}

/** Names are long: cut them for a node label (the full name is in the tooltip/panel). */
export function short(text, max = 16) {
  const s = String(text || '');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
