/** The effective policy, as tables a person can check against what PsiZero does. */
import type { Policy, Weekday, WorkflowSummary } from '../../../policy/index.ts';
import { WEEKDAYS } from '../../../policy/index.ts';
import { describeRole, formatUsd } from '../format.ts';
import { h, type Html } from '../html.ts';
import { workflowsSection } from './policy-workflows.ts';

const threshold = (v: number | null, unit: (n: number) => string): string => (v === null ? 'off' : unit(v));

export function policyView(policy: Policy, source: string, workflows: readonly WorkflowSummary[]): Html {
  const escalation = policy.escalation;
  const tiers = policy.routing.financial.tiers;
  const customerRouting = policy.routing.customer;
  return h`<div class="page-head"><div><h1>Effective policy</h1><p>From ${source}. Every threshold, route and timeout PsiZero acts on.</p></div></div>
<div class="stack">
<div class="grid-2">
  <section class="card"><div class="card-body"><h2 class="mb-s">Autonomy levels</h2>
    <dl class="kv">
      <dt>Level 1</dt><dd>acts alone when impact is low, simple, easily reversible and under ${formatUsd(policy.autonomy.level1BelowUsd)}</dd>
      <dt>Level 2</dt><dd>acts after approval: everything between</dd>
      <dt>Level 3</dt><dd>only recommends when critical, strategic, irreversible or above ${formatUsd(policy.autonomy.level3AboveUsd)}</dd>
    </dl></div></section>
  <section class="card"><div class="card-body"><h2 class="mb-s">Escalation triggers</h2>
    <table class="data"><thead><tr><th>Signal</th><th>Level 2</th><th>Level 3</th></tr></thead><tbody>
      <tr><td>Financial impact</td><td>${threshold(escalation.financialImpact.level2AtOrAboveUsd, (n) => `≥ ${formatUsd(n)}`)}</td><td>${threshold(escalation.financialImpact.level3AboveUsd, (n) => `> ${formatUsd(n)}`)}</td></tr>
      <tr><td>Customers affected</td><td>${threshold(escalation.customersAffected.level2Above, (n) => `> ${n}`)}</td><td>${threshold(escalation.customersAffected.level3Above, (n) => `> ${n}`)}</td></tr>
      <tr><td>System health</td><td>${threshold(escalation.systemHealth.level2Below, (n) => `< ${n}%`)}</td><td>${threshold(escalation.systemHealth.level3Below, (n) => `< ${n}%`)}</td></tr>
      <tr><td>Model confidence</td><td>${threshold(escalation.modelConfidence.level2Below, (n) => `< ${Math.round(n * 100)}%`)}</td><td>${threshold(escalation.modelConfidence.level3Below, (n) => `< ${Math.round(n * 100)}%`)}</td></tr>
    </tbody></table></div></section>
</div>
<div class="grid-2">
  <section class="card"><div class="card-body"><h2 class="mb-s">Who approves money</h2>
    <table class="data"><thead><tr><th>Amount</th><th>Approver</th></tr></thead><tbody>${tiers.map((t, i) => {
      const lower = i === 0 ? null : tiers[i - 1]!.underUsd;
      const band =
        t.underUsd === null
          ? `${formatUsd(lower ?? 0)} and above`
          : lower === null
            ? `under ${formatUsd(t.underUsd)}`
            : `${formatUsd(lower)} – under ${formatUsd(t.underUsd)}`;
      return h`<tr><td>${band}</td><td>${t.role === null ? h`<span class="badge ok">automatic</span>` : describeRole(t.role)}</td></tr>`;
    })}</tbody></table></div></section>
  <section class="card"><div class="card-body"><h2 class="mb-s">Who approves for customers</h2>
    <dl class="kv">
      <dt>One customer</dt><dd>their ${describeRole(customerRouting.singleCustomerRole)}</dd>
      <dt>Several customers</dt><dd>${describeRole(customerRouting.multipleCustomersRole)}</dd>
      <dt>Any enterprise customer</dt><dd>${describeRole(customerRouting.enterpriseRole)}</dd>
      <dt>Nothing else applies</dt><dd>${describeRole(policy.routing.defaultApproverRole)}</dd>
    </dl>
    <p class="muted small mt-s">When money and customers both name someone, both must approve. Nobody approves their own proposal.</p></div></section>
</div>
<div class="grid-2">
  <section class="card"><div class="card-body"><h2 class="mb-s">Approval kinds</h2>
    <div class="table-wrap"><table class="data responsive"><thead><tr><th>Kind</th><th>Waits</th><th>Counts</th><th>Then</th></tr></thead><tbody>${Object.entries(
      policy.approvals.kinds,
    ).map(
      ([name, k]) =>
        h`<tr><td data-label="Kind">${name}${name === policy.approvals.defaultKind ? h` <span class="badge accent">default</span>` : ''}</td><td data-label="Waits">${k.timeoutMinutes >= 60 ? `${k.timeoutMinutes / 60} h` : `${k.timeoutMinutes} min`}</td><td data-label="Counts">${k.businessHours ? 'business hours' : 'wall-clock time'}</td><td data-label="Then">${k.fallback.replaceAll('_', ' ')}</td></tr>`,
    )}</tbody></table></div>
    <p class="muted small mt-s">A backup who does not answer is followed by their own backup, up to ${policy.approvals.maxBackupHops} ${policy.approvals.maxBackupHops === 1 ? 'backup' : 'backups'} deep, one round each.</p></div></section>
  ${calendarCard(policy)}
</div>
${workflowsSection(workflows)}
<section class="card"><div class="card-body"><h2 class="mb-s">People</h2>
  <div class="table-wrap"><table class="data responsive"><thead><tr><th>Name</th><th>Roles</th><th>Backup</th><th>Time zone</th><th>Email</th></tr></thead><tbody>${policy.directory.people.map(
    (p) =>
      h`<tr><td data-label="Name">${p.name} <span class="faint mono small">${p.id}</span></td><td data-label="Roles">${p.roles.map(describeRole).join(', ')}</td><td data-label="Backup">${backupName(policy, p.backupId)}</td><td data-label="Time zone">${p.timeZone ?? h`<span class="muted">the calendar's</span>`}</td><td data-label="Email">${p.email}</td></tr>`,
  )}</tbody></table></div></div></section>
</div>`;
}

/** The backup's name; "—" for the top of the organisation, who has none. */
function backupName(policy: Policy, backupId: string | undefined): string {
  if (backupId === undefined) return '—';
  return policy.directory.people.find((b) => b.id === backupId)?.name ?? backupId;
}

const DAY_NAMES: Readonly<Record<Weekday, string>> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** When the business is open: the clock of the approval kinds that count business hours. */
function calendarCard(policy: Policy): Html {
  const calendar = policy.businessCalendar;
  const days = WEEKDAYS.filter((d) => calendar.workingDays.includes(d)).map((d) => DAY_NAMES[d]);
  return h`<section class="card"><div class="card-body"><h2 class="mb-s">Business hours</h2>
    <dl class="kv">
      <dt>Time zone</dt><dd>${calendar.timeZone}</dd>
      <dt>Working days</dt><dd>${days.join(', ')}</dd>
      <dt>Hours</dt><dd>${calendar.hours.start}–${calendar.hours.end}</dd>
      <dt>Holidays</dt><dd>${calendar.holidays.length === 0 ? 'none listed' : calendar.holidays.join(', ')}</dd>
    </dl>
    <p class="muted small mt-s">A timeout that counts business hours runs only while the business is open, in the approver's own time zone when the directory gives one and only one approver is asked.</p></div></section>`;
}
