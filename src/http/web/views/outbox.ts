/**
 * The Outbox: what customers would have received while no SMTP server or SMS provider is
 * configured, newest first, and one message as the customer would see it. An email's HTML is shown
 * in a sandboxed iframe (`srcdoc`, no scripts, no forms, an origin of its own), never inlined into
 * the page; text messages are plain text, escaped like everything else.
 */
import { OUTBOX_CHANNELS, type OutboxMessage } from '../../../outbox/index.ts';
import { dateTime } from '../format.ts';
import { h, type Html } from '../html.ts';

export interface OutboxFilters {
  customerId: string;
  channel: string;
}

const CHANNEL_LABEL: Record<string, string> = { email: 'Email', sms: 'Text message' };

const channelLabel = (channel: string): string => CHANNEL_LABEL[channel] ?? channel;
const templateLabel = (template: string): string => template.replaceAll('_', ' ');

function customerLink(m: OutboxMessage): Html {
  return h`<a href="/customers/${encodeURIComponent(m.customerId)}">${m.customerName ?? m.customerId}</a>`;
}

/** The subject of an email, the start of a text message. */
function gist(m: OutboxMessage): string {
  if (m.subject !== null) return m.subject;
  return m.text.length > 90 ? `${m.text.slice(0, 87)}...` : m.text;
}

export function outboxView(messages: OutboxMessage[], filters: OutboxFilters, shownAtMost: number): Html {
  return h`<div class="page-head"><div><h1>Outbox</h1><p>What customers would have received. PsiZero keeps email here while no SMTP server is configured, and text messages while no SMS provider is; configure them to send for real. Newest first.</p></div></div>
<form class="filters" method="get" action="/outbox">
  <div class="field"><label for="customerId">Customer id</label><input id="customerId" name="customerId" value="${filters.customerId}" maxlength="200"></div>
  <div class="field"><label for="channel">Channel</label><select id="channel" name="channel"><option value="">Email and text</option>${OUTBOX_CHANNELS.map(
    (ch) => h`<option value="${ch}"${ch === filters.channel ? h` selected` : ''}>${channelLabel(ch)}</option>`,
  )}</select></div>
  <div class="field min-w-0"><button class="btn btn-secondary" type="submit">Filter</button></div>
</form>
<div class="card">${
    messages.length === 0
      ? h`<div class="empty"><h2>Nothing in the outbox</h2><p>Messages to customers appear here when their channel has nothing configured to send them.</p></div>`
      : h`<div class="table-wrap"><table class="data responsive">
  <thead><tr><th>When</th><th>Customer</th><th>Channel</th><th>To</th><th>Message</th></tr></thead>
  <tbody>${messages.map(
    (m) => h`<tr>
      <td data-label="When" class="nowrap">${dateTime(m.capturedAt)}</td>
      <td data-label="Customer">${customerLink(m)}</td>
      <td data-label="Channel">${channelLabel(m.channel)}</td>
      <td data-label="To" class="mono">${m.recipient}</td>
      <td data-label="Message"><a href="/outbox/${encodeURIComponent(m.id)}">${gist(m)}</a></td>
    </tr>`,
  )}</tbody></table></div>`
  }</div>
${messages.length >= shownAtMost ? h`<p class="muted small mt">Showing the latest ${shownAtMost}.</p>` : ''}`;
}

function body(m: OutboxMessage): Html {
  if (m.channel === 'sms')
    return h`<h2 class="mb-s">The text message</h2><p class="sms-bubble">${m.text}</p><p class="muted small">${m.text.length} characters.</p>`;
  return h`<h2 class="mb-s">${m.subject ?? '(no subject)'}</h2>
${
  m.html === null
    ? ''
    : h`<iframe class="outbox-frame" sandbox="" referrerpolicy="no-referrer" title="The email as the customer sees it" srcdoc="${m.html}"></iframe>`
}
<details class="data mt-s"${m.html === null ? h` open` : ''}><summary>Plain-text part</summary><pre>${m.text}</pre></details>`;
}

export function outboxMessageView(m: OutboxMessage, runLink: boolean): Html {
  return h`<div class="crumbs"><a href="/outbox">Outbox</a> / ${m.id}</div>
<div class="stack">
<section class="card"><div class="card-body">
  <div class="run-head"><div><h1>${channelLabel(m.channel)} to ${m.customerName ?? m.customerId}</h1><p class="muted small mt-xs">Captured in the local outbox, not sent: nothing is configured to send ${m.channel === 'sms' ? 'text messages' : 'email'}.</p></div></div>
  <dl class="facts">
    <div class="fact"><dt>Customer</dt><dd>${customerLink(m)}</dd></div>
    <div class="fact"><dt>To</dt><dd class="mono">${m.recipient}</dd></div>
    <div class="fact"><dt>When</dt><dd>${dateTime(m.capturedAt)}</dd></div>
    <div class="fact"><dt>Message</dt><dd>${templateLabel(m.template)}</dd></div>
    <div class="fact"><dt>Invoice</dt><dd class="mono">${m.invoiceId ?? '—'}</dd></div>
    <div class="fact"><dt>Sent by run</dt><dd class="mono">${runLink ? h`<a href="/runs/${encodeURIComponent(m.runId)}">${m.runId}</a>` : m.runId}</dd></div>
  </dl>
</div></section>
<section class="card"><div class="card-body">${body(m)}</div></section>
</div>`;
}
