/**
 * The dashboard's one way to draw a chart: Observable Plot renders on the server into a linkedom
 * document, and the page gets the SVG inline. No client script, no bundle, no build step. Every
 * chart is accessible the same way: `role="img"` with a label and a `<title>`, and the same figures
 * as a table beneath it (folded), so a screen reader or a person who wants the numbers has them.
 *
 * The Content-Security-Policy allows only our own stylesheet (`style-src 'self'`), which also
 * forbids inline `<style>` elements and `style` attributes: Plot's own small stylesheet is removed
 * here and its rules live in app.css under `.psz-chart`; colours are SVG presentation attributes
 * (`fill="#…"`), which the policy does not govern.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { InternalError } from '../../../lib/errors.ts';
import { h, raw, type Html } from '../html.ts';

export interface ChartTable {
  columns: string[];
  /** Cells as shown (already formatted). */
  rows: string[][];
  /** Columns to align right (figures). */
  numeric?: number[];
}

export interface ChartKey {
  label: string;
  colour: string;
}

export interface ChartSpec {
  /** Names the chart's kind on the figure and the SVG (`chart-<kind>`, and the SVG's class). */
  kind: string;
  /** Short name: the SVG's `<title>` and the start of its label. */
  title: string;
  /** What the chart shows, in a sentence or two (the rest of the label). */
  summary: string;
  /** Plot's options (marks, scales, size); `document` and `className` are set here. */
  plot: Omit<Plot.PlotOptions, 'document' | 'className'>;
  /** The same figures as a table. */
  table: ChartTable;
  /** Colour keys shown under the chart (Plot's own legends are HTML with inline styles). */
  keys?: ChartKey[];
}

/** The little of linkedom's DOM used here (the project compiles without the browser's DOM types). */
interface Node {
  tagName: string;
  outerHTML: string;
  textContent: string | null;
  firstChild: Node | null;
  querySelectorAll(selector: string): Iterable<Node>;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  insertBefore(node: Node, before: Node | null): Node;
  remove(): void;
}

interface ServerDocument {
  createElementNS(namespace: string, name: string): Node;
}

/** The SVG markup of a Plot chart, without Plot's inline stylesheet. */
export function renderSvg(spec: Pick<ChartSpec, 'kind' | 'title' | 'summary' | 'plot'>): string {
  const window = parseHTML('<!doctype html><html><body></body></html>') as unknown as { document: ServerDocument };
  const document = window.document;
  const options: Plot.PlotOptions = { ...spec.plot, className: 'psz-chart' };
  // Plot draws into whatever document it is given; a linkedom one on the server.
  Object.assign(options, { document });
  const chart = Plot.plot(options) as unknown as Node;
  if (chart.tagName.toLowerCase() !== 'svg')
    throw new InternalError(`chart '${spec.kind}' rendered a ${chart.tagName}: no Plot titles, captions or legends`);
  for (const style of [...chart.querySelectorAll('style')]) style.remove();
  for (const styled of [chart, ...chart.querySelectorAll('[style]')]) styled.removeAttribute('style');
  // The chart is one image (role img, its own label, the figures in a table beneath): Plot's labels on
  // its groups ("rule", "bar") are not allowed on a plain g and say nothing to a screen reader.
  for (const labelled of [...chart.querySelectorAll('[aria-label]')]) labelled.removeAttribute('aria-label');
  chart.setAttribute('class', `psz-chart ${spec.kind}`);
  chart.setAttribute('role', 'img');
  const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
  title.textContent = spec.title;
  chart.insertBefore(title, chart.firstChild);
  // linkedom escapes text but only quotes in attributes: the label (which may hold names) is escaped here.
  return `<svg aria-label="${escapeAttribute(`${spec.title}. ${spec.summary}`)}"${chart.outerHTML.slice('<svg'.length)}`;
}

const ATTRIBUTE_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeAttribute(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ATTRIBUTE_ESCAPES[c]!);
}

function tableOf(table: ChartTable, title: string): Html {
  const numeric = new Set(table.numeric ?? []);
  const cls = (i: number): string => (numeric.has(i) ? 'num' : '');
  return h`<details class="chart-table"><summary>${title}: the figures as a table</summary>
<table class="data"><thead><tr>${table.columns.map((c, i) => h`<th scope="col" class="${cls(i)}">${c}</th>`)}</tr></thead>
<tbody>${table.rows.map((row) => h`<tr>${row.map((cell, i) => (i === 0 ? h`<th scope="row">${cell}</th>` : h`<td class="${cls(i)}">${cell}</td>`))}</tr>`)}</tbody></table></details>`;
}

/** A chart as the page shows it: the SVG, its colour keys, and its figures as a table. */
export function renderChart(spec: ChartSpec): Html {
  const keys = spec.keys ?? [];
  return h`<figure class="chart chart-${spec.kind}">
${raw(renderSvg(spec))}
${keys.length > 0 ? h`<figcaption class="chart-keys">${keys.map((k) => h`<span class="chart-key"><svg class="key-swatch" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true"><rect width="12" height="12" rx="3" fill="${k.colour}"/></svg>${k.label}</span>`)}</figcaption>` : ''}
${tableOf(spec.table, spec.title)}
</figure>`;
}
