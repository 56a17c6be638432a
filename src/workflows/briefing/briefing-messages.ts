/**
 * The briefing and its urgent items as messages for every channel: the plain text of the seed's
 * layout, a simple HTML email (inline styles only, every value escaped), Slack Block Kit, and the
 * few lines a dashboard notification shows. Each links to the briefing's page in the dashboard.
 * The briefing is rated from every channel: the Slack message ends with five buttons (1-5), the
 * email gets signed per-recipient rating links at delivery (`rating`), the dashboard has a form. Pure.
 */
import { escapeHtml, escapeMrkdwn, ratingBlocks, type ReportMessage } from '../../channels/index.ts';
import type { PersonalBriefing } from './audience.ts';
import { briefingSections, type BriefingText } from './briefing-sections.ts';
import { longDay } from './briefing-words.ts';
import type { EscalationCheck } from './escalation-checks.ts';
import { renderBriefingText } from './render-text.ts';

/** Slack shows at most 3,000 characters in a section and 50 blocks in a message. */
const SLACK_SECTION = 3_000;

export function briefingMessage(b: PersonalBriefing, pageUrl: string | null): ReportMessage {
  const sections = briefingSections(b);
  const text = renderBriefingText(sections);
  const urgent = b.urgent.length > 0 ? ` (${b.urgent.length} urgent)` : '';
  const link = pageUrl === null ? '' : `\n\nOpen it in PsiZero: ${pageUrl}`;
  return {
    type: 'briefing',
    title: `Your morning briefing for ${longDay(b.date)}${urgent}`,
    summary: summaryOf(sections, b),
    text: `${text}${link}\n`,
    html: htmlOf(sections, pageUrl),
    slack: slackOf(sections, b.date, pageUrl),
    // The email's rating footer (signed links per recipient, or the dashboard's form) is added at delivery.
    rating: { date: b.date, pageUrl },
  };
}

export function urgentMessage(check: EscalationCheck, date: string, pageUrl: string | null): ReportMessage {
  const title = `Urgent: ${check.criterion} (morning briefing, ${longDay(date)})`;
  const lines = [check.summary, ...check.details.map((d) => `– ${d.text}`)];
  const text = [
    `🚨 ${title}`,
    '',
    ...lines,
    '',
    `Escalated by the morning briefing's health check before the routine briefing.`,
  ]
    .concat(pageUrl === null ? [] : ['', `Open the briefing: ${pageUrl}`])
    .join('\n');
  const html = page(
    `<p style="margin:0 0 12px"><strong>🚨 ${escapeHtml(title)}</strong></p>` +
      `<p style="margin:0 0 8px">${escapeHtml(check.summary)}</p>` +
      list(
        check.details.map((d) => escapeHtml(d.text)),
        false,
      ) +
      `<p style="margin:12px 0 0;color:#4b5563">Escalated by the morning briefing's health check before the routine briefing.</p>` +
      (pageUrl === null ? '' : `<p><a href="${escapeHtml(pageUrl)}">Open the briefing in PsiZero</a></p>`),
  );
  const blocks: unknown[] = [
    mrkdwn(`*🚨 ${escapeMrkdwn(title)}*\n${escapeMrkdwn(check.summary)}`),
    ...(check.details.length > 0 ? [mrkdwn(check.details.map((d) => `• ${escapeMrkdwn(d.text)}`).join('\n'))] : []),
  ];
  if (pageUrl !== null) blocks.push(context(`<${pageUrl}|Open the briefing in PsiZero>`));
  return {
    type: 'briefing_urgent',
    title,
    summary: lines.join('\n'),
    text: `${text}\n`,
    html,
    slack: { text: title, blocks },
  };
}

function summaryOf(s: BriefingText, b: PersonalBriefing): string {
  const lines: string[] = [];
  for (const u of b.urgent) lines.push(`🚨 ${u.summary}`);
  const performance = s.sections.find((x) => x.id === 'performance');
  for (const item of performance?.items.slice(0, 3) ?? []) lines.push(`• ${item.text}`);
  if (b.focus.length > 0) lines.push(`${b.focus.length} focus area${b.focus.length === 1 ? '' : 's'} for today.`);
  return lines.join('\n');
}

function page(body: string): string {
  return (
    '<!doctype html><html><body style="margin:0;padding:16px;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;' +
    `font-size:15px;line-height:1.5;color:#111827;background:#ffffff"><div style="max-width:680px">${body}</div></body></html>`
  );
}

function list(items: string[], numbered: boolean): string {
  if (items.length === 0) return '';
  const tag = numbered ? 'ol' : 'ul';
  return `<${tag} style="margin:0 0 12px;padding-left:22px">${items.map((i) => `<li>${i}</li>`).join('')}</${tag}>`;
}

function htmlOf(s: BriefingText, pageUrl: string | null): string {
  let body = `<p style="margin:0 0 16px">${escapeHtml(s.greeting)}</p>`;
  for (const section of s.sections) {
    body += `<h2 style="font-size:16px;margin:16px 0 6px">${escapeHtml(`${section.emoji} ${section.title}`)}</h2>`;
    if (section.items.length === 0) body += `<p style="margin:0 0 12px">${escapeHtml(section.empty ?? '')}</p>`;
    body += list(
      section.items.map(
        (item) => escapeHtml(item.text) + (item.details.length > 0 ? list(item.details.map(escapeHtml), false) : ''),
      ),
      section.numbered,
    );
  }
  body += `<p style="margin:16px 0">${escapeHtml(s.closing)}</p>`;
  if (pageUrl !== null) body += `<p style="margin:0"><a href="${escapeHtml(pageUrl)}">Open it in PsiZero</a></p>`;
  return page(body);
}

function mrkdwn(text: string): Record<string, unknown> {
  const clipped = text.length <= SLACK_SECTION ? text : `${text.slice(0, SLACK_SECTION - 1)}…`;
  return { type: 'section', text: { type: 'mrkdwn', text: clipped } };
}

function context(text: string): Record<string, unknown> {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}

function slackOf(s: BriefingText, date: string, pageUrl: string | null): { text: string; blocks: unknown[] } {
  const blocks: unknown[] = [mrkdwn(escapeMrkdwn(s.greeting))];
  for (const section of s.sections) {
    const lines = [`*${escapeMrkdwn(`${section.emoji} ${section.title}`)}*`];
    if (section.items.length === 0) lines.push(escapeMrkdwn(section.empty ?? ''));
    section.items.forEach((item, i) => {
      lines.push(`${section.numbered ? `${i + 1}.` : '•'} ${escapeMrkdwn(item.text)}`);
      for (const d of item.details) lines.push(`      – ${escapeMrkdwn(d)}`);
    });
    blocks.push(mrkdwn(lines.join('\n')));
  }
  blocks.push(mrkdwn(escapeMrkdwn(s.closing)));
  if (pageUrl !== null) blocks.push(context(`<${pageUrl}|Open it in PsiZero>`));
  blocks.push(...ratingBlocks(date));
  return { text: s.greeting, blocks };
}
