/**
 * A run's history as a readable timeline (the dashboard's `psizero runs show`). Each entry says in
 * words what happened (the approval gate's steps `gate:<action>:<part>[:<detail>]` and the billing
 * workflows' steps are named for what they mean to a person); what an engineer needs (the event,
 * the step's name and attempt, the recorded data) is folded beneath it.
 */
import { RECOVERY_NEWS_TOPIC } from '../../../domain/billing/index.ts';
import type { HistoryEvent } from '../../../store/types.ts';
import { clockTime, dateTime, json } from '../format.ts';
import { h, type Html } from '../html.ts';
import { choiceOutcomeWords, describeWorkflowStep, type StepTone } from './timeline-steps.ts';

type Tone = StepTone;

interface Item {
  tone: Tone;
  title: string;
  detail?: Html | string;
  /** Data worth a look, collapsed. */
  data?: unknown;
}

/** Turns a directory id into a name for display. */
export type NameOf = (personId: string) => string;

const str = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
const field = (v: unknown, key: string): unknown =>
  v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
const errorMessage = (v: unknown): string => str(field(v, 'message') ?? v);

const GATE_STEP =
  /^gate:(.+?):(decide|request|notify|observe|timeout|verdict|execute|report|conservative-default)(?::(.+))?$/;

function gateItem(part: string, sub: string | undefined, result: unknown, nameOf: NameOf): Item | null {
  if (part === 'notify') {
    if (sub === 'plan') return { tone: '', title: 'Planned who to notify, and how' };
    if (sub === 'audit') return { tone: '', title: 'Recorded the notifications in the audit log' };
    if (sub !== undefined) {
      const [channel, personId] = sub.split(':');
      return { tone: '', title: `Notified ${nameOf(personId ?? '')} by ${channel ?? 'a channel'}`, data: result };
    }
    const recipients = field(result, 'recipients');
    return {
      tone: '',
      title: 'Prepared the notification',
      detail: Array.isArray(recipients) ? `to ${recipients.map((r) => nameOf(str(r))).join(', ')}` : undefined,
    };
  }
  if (sub !== undefined) return null;
  switch (part) {
    case 'decide':
      return {
        tone: 'approval',
        title: `Decision record: Level ${str(field(result, 'level'))}`,
        detail: str(field(result, 'title') ?? ''),
        data: result,
      };
    case 'request':
      return {
        tone: 'approval',
        title: 'Asked for approval',
        detail: h`a ${str(field(result, 'kind'))} approval: <a href="/approvals/${str(field(result, 'id'))}">open it</a>`,
      };
    case 'observe':
      return { tone: '', title: `Checked the approval: ${str(field(result, 'status'))}` };
    case 'timeout':
      return { tone: 'bad', title: `The approval deadline passed: ${str(field(result, 'effect'))}` };
    case 'verdict': {
      // The option the approver chose (approvals with choices); the execute step runs with it.
      const choice = field(result, 'choice');
      const detail =
        typeof choice === 'string'
          ? h`chosen option: <strong data-chosen="${choice}">${choice.replaceAll('_', ' ')}</strong>`
          : undefined;
      return {
        tone: 'approval',
        title: `Verdict: ${str(field(result, 'action')).replaceAll('_', ' ')}`,
        detail,
        data: result,
      };
    }
    case 'execute':
      return { tone: 'ok', title: 'Carried out the approved action', detail: choiceOutcomeWords(result), data: result };
    case 'report':
      return { tone: '', title: 'Recorded the outcome in the audit log' };
    default:
      return { tone: 'approval', title: 'Took the conservative default', data: result };
  }
}

function stepItem(workflow: string, name: string, attempt: unknown, result: unknown, nameOf: NameOf): Item {
  const gate = GATE_STEP.exec(name);
  const described = gate ? gateItem(gate[2]!, gate[3], result, nameOf) : describeWorkflowStep(workflow, name, result);
  if (described !== null) return { ...described, data: result };
  return {
    tone: 'ok',
    title: `Step ${name}`,
    detail: Number(attempt) > 1 ? `attempt ${str(attempt)}` : undefined,
    data: result,
  };
}

const WAIT_WORDS: Record<string, string> = {
  'approval.decided': 'Waiting for the decision',
  [RECOVERY_NEWS_TOPIC]: 'Waiting for the next step, or for the customer to pay or give a new card',
};

const VALUE_WORDS: Record<string, string> = {
  now: 'Noted the current time',
  random: 'Drew a random number',
  uuid: 'Generated an id',
};

function describe(event: HistoryEvent, nameOf: NameOf, workflow: string): Item {
  const data = event.data;
  switch (event.type) {
    case 'run_started':
      return { tone: 'start', title: 'Run started', data: data.input };
    case 'step_completed':
      return stepItem(workflow, String(data.name), data.attempt, data.result, nameOf);
    case 'step_failed':
      return {
        tone: 'bad',
        title: `Step ${str(data.name)} failed (attempt ${str(data.attempt)})`,
        detail: h`${errorMessage(data.error)}${typeof data.retryAt === 'number' ? h`; retrying ${dateTime(data.retryAt)}` : '; no more retries'}`,
      };
    case 'timer_set':
      return { tone: 'wait', title: 'Waiting for the next step', detail: h`until ${dateTime(Number(data.due))}` };
    case 'timer_fired':
      return { tone: '', title: 'Woke up for the next step' };
    case 'wait_started':
      return {
        tone: 'wait',
        title: WAIT_WORDS[str(data.topic)] ?? `Waiting for ${str(data.topic)}`,
        detail: typeof data.timeoutAt === 'number' ? h`at most until ${dateTime(data.timeoutAt)}` : 'no deadline',
      };
    case 'event_received': {
      const payload = field(data.event, 'payload');
      const status = field(payload, 'status');
      return {
        tone: 'ok',
        title: status === undefined ? `Received ${str(field(data.event, 'topic'))}` : `Approval ${str(status)}`,
        data: payload,
      };
    }
    case 'wait_timed_out':
      return { tone: 'bad', title: 'Stopped waiting: the deadline passed' };
    case 'event_emitted':
      return { tone: '', title: `Announced ${str(data.topic)}` };
    case 'child_started':
      return {
        tone: 'start',
        title: `Started ${str(data.workflow)}`,
        detail: h`child run <a class="mono" href="/runs/${str(data.childId)}">${str(data.childId)}</a>`,
      };
    case 'child_finished':
      return {
        tone: data.status === 'completed' ? 'ok' : 'bad',
        title: `Child run ${str(data.status)}`,
        detail: h`<a class="mono" href="/runs/${str(data.childId)}">${str(data.childId)}</a>`,
      };
    case 'compensation_completed':
      return { tone: '', title: `Undid step ${str(data.name)}` };
    case 'compensation_failed':
      return { tone: 'bad', title: `Undoing step ${str(data.name)} failed`, detail: errorMessage(data.error) };
    case 'value_recorded':
      return { tone: '', title: VALUE_WORDS[str(data.kind)] ?? `Recorded ${str(data.kind)}` };
    case 'run_completed':
      return { tone: 'ok', title: 'Run completed', data: data.output };
    case 'run_failed':
      return { tone: 'bad', title: 'Run failed', detail: errorMessage(data.error) };
    case 'run_cancelled':
      return { tone: 'bad', title: 'Run cancelled', detail: str(data.reason ?? '') };
    case 'run_retried':
      return { tone: 'start', title: 'Retried by an operator' };
    case 'needs_attention':
      return { tone: 'bad', title: 'Needs attention', detail: str(data.message ?? '') };
    default:
      return { tone: '', title: event.type.replaceAll('_', ' '), data };
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const dayOf = (ms: number): string => {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
};

/** What an engineer looks for: the event, the step's name and attempt, and the data recorded. */
function engineerDetail(event: HistoryEvent, item: Item): Html {
  const step = typeof event.data.name === 'string' ? event.data.name : null;
  const attempt =
    typeof event.data.attempt === 'number' && event.data.attempt > 1 ? ` · attempt ${event.data.attempt}` : '';
  const data = item.data !== undefined && item.data !== null ? item.data : event.data;
  return h`<details class="engineer"><summary>Engineer detail</summary><p class="mono small">#${event.seq} ${event.type}${step === null ? '' : h` · <span data-step>${step}</span>`}${attempt}</p><pre>${json(data)}</pre></details>`;
}

/** `workflow` picks the step words of that workflow (billing steps are described by name). */
export function timelineView(history: HistoryEvent[], nameOf: NameOf, workflow = ''): Html {
  return h`<ol class="timeline">${history.map((e, i) => {
    const item = describe(e, nameOf, workflow);
    // A run can last weeks: the date shows whenever it changes (UTC, like the times).
    const day = dayOf(e.at);
    const newDay = i === 0 || dayOf(history[i - 1]!.at) !== day;
    return h`<li class="${item.tone === '' ? 'minor' : ''}"><span class="when" title="${new Date(e.at).toISOString()}">${newDay ? h`<span class="when-day">${day}</span> ` : ''}${clockTime(e.at)}</span><span class="marker ${item.tone}"></span><div class="what">
      <div class="title">${item.title}</div>
      ${item.detail ? h`<div class="detail">${item.detail}</div>` : ''}
      ${engineerDetail(e, item)}
    </div></li>`;
  })}</ol>`;
}
