/**
 * Email bodies: a plain-text part every client shows, and a simple HTML part (inline styles, one
 * table, two link-buttons) that survives the clients that strip <style>. Every value from a
 * workflow or the directory is escaped in the HTML part.
 */
import type { ApprovalMessage } from './message.ts';
import { factLines } from './message.ts';

export interface DecisionLinks {
  approve: string;
  reject: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const LINK_NOTE =
  'Each link opens a confirmation page in PsiZero; nothing is decided until you confirm there. ' +
  'A rejection asks for a reason. The links are for you alone and work once.';

/**
 * `links` are present only when the person may decide and links can be signed; `dashboardUrl`
 * is where the approval inbox lives, for when they are not (or to look around first).
 */
export function renderApprovalEmail(
  message: ApprovalMessage,
  links: DecisionLinks | null,
  dashboardUrl: string | null,
): RenderedEmail {
  const subject = `[PsiZero] ${message.headline}${message.canDecide && message.deadlineShort ? ` (decide by ${message.deadlineShort})` : ''}`;
  return { subject, text: renderText(message, links, dashboardUrl), html: renderHtml(message, links, dashboardUrl) };
}

function dashboardLabel(m: ApprovalMessage, links: DecisionLinks | null): string {
  if (!m.canDecide) return 'See it in the PsiZero dashboard';
  return links === null ? 'Decide in the PsiZero dashboard' : 'Or decide in the PsiZero dashboard';
}

function renderText(m: ApprovalMessage, links: DecisionLinks | null, dashboardUrl: string | null): string {
  const lines = [m.greeting, '', m.intro, '', ...factLines(m)];
  if (m.decisions.length > 0) lines.push('', `${m.decisionsHeading}:`, ...m.decisions.map((d) => `  - ${d}`));
  if (links !== null)
    lines.push('', `${m.approveLabel}: ${links.approve}`, `${m.rejectLabel}: ${links.reject}`, '', LINK_NOTE);
  if (dashboardUrl !== null) lines.push('', `${dashboardLabel(m, links)}: ${dashboardUrl}`);
  if (m.details !== '') lines.push('', 'Why PsiZero asks (the decision record):', '', m.details);
  lines.push('', '-- ', 'PsiZero');
  return `${lines.join('\n')}\n`;
}

function button(href: string, label: string, colour: string): string {
  const style = `display:inline-block;padding:10px 18px;margin-right:8px;border-radius:6px;background:${colour};color:#ffffff;text-decoration:none;font-weight:600`;
  return `<a href="${escapeHtml(href)}" style="${style}">${escapeHtml(label)}</a>`;
}

function renderHtml(m: ApprovalMessage, links: DecisionLinks | null, dashboardUrl: string | null): string {
  const rows = m.facts
    .map(
      (f) =>
        `<tr><th align="left" valign="top" style="padding:4px 16px 4px 0;color:#555;font-weight:600;white-space:nowrap">${escapeHtml(f.label)}</th><td style="padding:4px 0">${escapeHtml(f.value)}</td></tr>`,
    )
    .join('');
  const parts = [
    `<p>${escapeHtml(m.greeting)}</p>`,
    `<p>${escapeHtml(m.intro)}</p>`,
    `<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:12px 0">${rows}</table>`,
  ];
  if (m.decisions.length > 0) {
    parts.push(
      `<p style="margin-bottom:4px"><strong>${escapeHtml(m.decisionsHeading)}</strong></p><ul style="margin-top:0">${m.decisions.map((d) => `<li>${escapeHtml(d)}</li>`).join('')}</ul>`,
    );
  }
  if (links !== null) {
    parts.push(
      `<p style="margin:20px 0">${button(links.approve, m.approveLabel, '#1a7f37')}${button(links.reject, m.rejectLabel, '#b42318')}</p>`,
    );
    parts.push(`<p style="color:#555;font-size:13px">${escapeHtml(LINK_NOTE)}</p>`);
  }
  if (dashboardUrl !== null)
    parts.push(`<p><a href="${escapeHtml(dashboardUrl)}">${escapeHtml(dashboardLabel(m, links))}</a></p>`);
  if (m.details !== '') {
    parts.push(
      '<p style="color:#555;margin:24px 0 4px">Why PsiZero asks (the decision record):</p>' +
        `<pre style="white-space:pre-wrap;font-size:12px;color:#333;margin-top:0">${escapeHtml(m.details)}</pre>`,
    );
  }
  const body = parts.join('\n');
  return `<!doctype html>\n<html><body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#111;max-width:640px">\n${body}\n<p style="color:#888;font-size:12px">PsiZero</p>\n</body></html>\n`;
}
