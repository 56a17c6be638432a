/** The page shell: document head, the top bar with what the signed-in person may open, and the content. */
import type { Principal } from '../../auth/index.ts';
import { accessRolesOf } from '../../auth/index.ts';
import type { Access } from '../shared/access.ts';
import { RULES } from '../shared/access-rules.ts';
import { describeRole } from './format.ts';
import { h, type Html } from './html.ts';

export type Section =
  'inbox' | 'notifications' | 'briefing' | 'runs' | 'customers' | 'billing' | 'outbox' | 'audit' | 'policy' | 'none';

export interface Viewer {
  principal: Principal;
  /** Approvals waiting for this person (the badge on Inbox). */
  inboxCount: number;
  /** Unread dashboard notifications of this person (the badge on Notifications). */
  notificationCount: number;
}

export function allows(principal: Principal, access: Access): boolean {
  if (access.kind === 'public') return true;
  const held = accessRolesOf(principal);
  return access.roles.some((r) => held.includes(r));
}

function document(title: string, body: Html): Html {
  return h`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${title} · PsiZero</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/app.css">
<script src="/assets/countdown.js" defer></script>
</head>
<body>
${body}
</body>
</html>`;
}

/** The sections the viewer may open, with the badges; the same links in the wide bar and the phone menu. */
function navLinks(viewer: Viewer, active: Section): Html {
  const p = viewer.principal;
  const item = (section: Section, href: string, label: string, extra: Html | string = '') =>
    h`<a href="${href}" class="${active === section ? 'active' : ''}"${active === section ? h` aria-current="page"` : ''}>${label}${extra}</a>`;
  const count =
    viewer.inboxCount > 0
      ? h`<span class="count" aria-label="${viewer.inboxCount} waiting">${viewer.inboxCount}</span>`
      : '';
  const unread =
    viewer.notificationCount > 0
      ? h`<span class="count" aria-label="${viewer.notificationCount} unread">${viewer.notificationCount}</span>`
      : '';
  return h`${p.personId !== null ? item('inbox', '/inbox', 'Inbox', count) : ''}
    ${p.personId !== null ? item('notifications', '/notifications', 'Notifications', unread) : ''}
    ${allows(p, RULES.briefingRead) ? item('briefing', '/briefing', 'Briefing') : ''}
    ${allows(p, RULES.runsRead) ? item('runs', '/runs', 'Runs') : ''}
    ${allows(p, RULES.businessRead) ? item('customers', '/customers', 'Customers') : ''}
    ${allows(p, RULES.billingRead) ? item('billing', '/billing', 'Billing') : ''}
    ${allows(p, RULES.customerMessagesRead) ? item('outbox', '/outbox', 'Outbox') : ''}
    ${allows(p, RULES.auditRead) ? item('audit', '/audit', 'Audit log') : ''}
    ${allows(p, RULES.policyRead) ? item('policy', '/policy', 'Policy') : ''}`;
}

/**
 * The navigation twice, one shown at a time by the stylesheet (the hidden one is `display: none`,
 * so screen readers and the keyboard meet only one): a bar on wide screens, and on a phone a
 * `<details>` menu, which opens with a tap, Enter or Space and needs no script.
 */
function nav(viewer: Viewer, active: Section): Html {
  const waiting = viewer.inboxCount + viewer.notificationCount;
  const badge =
    waiting > 0 ? h`<span class="count">${waiting}<span class="visually-hidden"> waiting or unread</span></span>` : '';
  return h`<nav class="nav nav-wide" aria-label="Main">${navLinks(viewer, active)}</nav>
  <details class="menu">
    <summary><span class="menu-icon" aria-hidden="true"></span>Menu${badge}</summary>
    <nav class="menu-panel" aria-label="Main">${navLinks(viewer, active)}<p class="menu-who">Signed in as ${viewer.principal.name}</p></nav>
  </details>`;
}

function who(viewer: Viewer): Html {
  const p = viewer.principal;
  if (p.kind === 'key')
    return h`<div class="me"><span class="me-name">${p.name}</span><span class="me-role">${p.role} key</span></div>`;
  const roles = p.roles.map(describeRole).join(', ');
  return h`<div class="me">
    <span><span class="me-name">${p.name}</span> <span class="me-role">· ${roles}</span></span>
    <form method="post" action="/sign-out"><input type="hidden" name="_csrf" value="${p.csrfToken}"><button class="link-button" type="submit">Sign out</button></form>
  </div>`;
}

export function page(viewer: Viewer, active: Section, title: string, content: Html): Html {
  return document(
    title,
    h`<header class="topbar"><div class="topbar-inner">
  <a class="brand" href="/"><span class="brand-mark" aria-hidden="true">Ψ</span>PsiZero</a>
  ${nav(viewer, active)}
  ${who(viewer)}
</div></header>
<main class="container">
${content}
</main>`,
  );
}

/** A single centred card (sign-in, email-link confirmation, errors for people who are not signed in). */
export function standalone(title: string, content: Html, wide = false): Html {
  return document(
    title,
    h`<main class="center-page"><div class="narrow ${wide ? 'wide' : ''}">
  <a class="brand" href="/"><span class="brand-mark" aria-hidden="true">Ψ</span>PsiZero</a>
  ${content}
</div></main>`,
  );
}

/** The hidden CSRF field every form of a signed-in page carries. */
export function csrfField(principal: Principal): Html | string {
  return principal.kind === 'person' ? h`<input type="hidden" name="_csrf" value="${principal.csrfToken}">` : '';
}
