/**
 * Follow-ups in the plan: new ones for engaged trials and customers near their quota (a customer
 * with a customer-success manager is theirs to follow up), the open
 * ones from earlier mornings carried first (a few by name, the rest counted), none planned again
 * while open or soon after being closed, and each reader only their own.
 */
import { describe, expect, it } from 'vitest';
import {
  briefingSections,
  newFollowUps,
  renderBriefingText,
  type BriefingModel,
} from '../../../src/workflows/briefing/index.ts';
import type { OpenFollowUp } from '../../../src/workflows/briefing/sources/index.ts';
import { collected, compose, personal } from '../../helpers/briefing-model.ts';

/** The constructed company with its two opportunities' customers left without a customer-success manager. */
function withFollowUps(open: OpenFollowUp[], closed: BriefingModel['closedFollowUps'] = []): BriefingModel {
  const sources = collected().map((s) => {
    if (s.name !== 'opportunities' || s.result.status !== 'ok') return s;
    const data = s.result.data as { engagedTrials: { csmId: string | null }[]; nearQuota: { csmId: string | null }[] };
    const free = <T>(xs: T[]) => xs.map((x) => ({ ...x, csmId: null }));
    return {
      ...s,
      result: {
        status: 'ok' as const,
        data: { engagedTrials: free(data.engagedTrials), nearQuota: free(data.nearQuota) },
      },
    };
  });
  return compose([
    ...sources,
    { name: 'follow_ups', title: 'open follow-ups', result: { status: 'ok', data: { open, recentlyClosed: closed } } },
  ]);
}

const upgradeOne: OpenFollowUp = {
  id: 'fu_1',
  personId: 'olivia',
  kind: 'upgrade',
  customerId: 'c1',
  text: "Propose an upgrade to One Co, close to its plan's included calls",
  briefingDate: '2026-03-08',
};

describe('follow-ups in the plan', () => {
  it('plans a follow-up for the engaged trial and an upgrade for the customer near its quota, as new tasks', () => {
    const b = personal(withFollowUps([]), 'olivia');
    expect(newFollowUps(b).map((f) => [f.kind, f.ref, f.carried])).toEqual([
      ['follow_up', 'c2', null],
      ['upgrade', 'c1', null],
    ]);
    expect(b.moreFollowUps).toBe(0);
  });

  it('carries an open follow-up from an earlier morning, by its date, and does not plan it again', () => {
    const b = personal(withFollowUps([upgradeOne]), 'olivia');
    const followUps = b.focus.filter((f) => f.kind !== 'urgent' && f.kind !== 'approval');
    expect(followUps.map((f) => [f.kind, f.ref, f.carried?.id ?? null])).toEqual([
      ['upgrade', 'c1', 'fu_1'],
      ['follow_up', 'c2', null],
    ]);
    expect(newFollowUps(b).map((f) => f.ref)).toEqual(['c2']);
    expect(renderBriefingText(briefingSections(b))).toContain(
      "4. Still open from Sunday, March 8: Propose an upgrade to One Co, close to its plan's included calls\n",
    );
  });

  it('does not plan again a follow-up closed in the weeks before', () => {
    const closed = [{ personId: 'olivia', kind: 'follow_up' as const, customerId: 'c2' }];
    const b = personal(withFollowUps([], closed), 'olivia');
    expect(newFollowUps(b).map((f) => [f.kind, f.ref])).toEqual([['upgrade', 'c1']]);
  });

  it('leaves a customer with a customer-success manager to them', () => {
    const model = compose([
      ...collected(),
      {
        name: 'follow_ups',
        title: 'open follow-ups',
        result: { status: 'ok', data: { open: [], recentlyClosed: [] } },
      },
    ]);
    expect(newFollowUps(personal(model, 'olivia'))).toEqual([]);
    expect(newFollowUps(personal(model, 'hana'))).toEqual([]);
    expect(newFollowUps(personal(model, 'tara')).map((f) => [f.kind, f.ref])).toEqual([['follow_up', 'c2']]);
    expect(newFollowUps(personal(model, 'sam')).map((f) => [f.kind, f.ref])).toEqual([['upgrade', 'c1']]);
  });

  it('shows only the reader’s own: another person’s open task neither shows nor stops the reader’s', () => {
    const hanas = { ...upgradeOne, id: 'fu_2', personId: 'hana' };
    const olivia = personal(withFollowUps([hanas]), 'olivia');
    expect(olivia.focus.some((f) => f.carried !== null)).toBe(false);
    expect(newFollowUps(olivia).map((f) => f.ref)).toEqual(['c2', 'c1']);
    const hana = personal(withFollowUps([hanas]), 'hana');
    expect(hana.focus.filter((f) => f.carried !== null).map((f) => f.carried!.id)).toEqual(['fu_2']);
  });

  it('names three open ones and counts the rest on the Briefing page', () => {
    const open = Array.from({ length: 5 }, (_, i) => ({
      ...upgradeOne,
      id: `fu_${i}`,
      customerId: `cx${i}`,
      text: `Follow up with Customer ${i}`,
      kind: 'follow_up' as const,
    }));
    const b = personal(withFollowUps(open), 'olivia');
    expect(b.focus.filter((f) => f.carried !== null).map((f) => f.carried!.id)).toEqual(['fu_0', 'fu_1', 'fu_2']);
    expect(b.moreFollowUps).toBe(2);
    expect(renderBriefingText(briefingSections(b))).toContain('2 more open follow-ups on your Briefing page\n');
  });

  it('has no follow-up section data in a briefing stored before follow-ups existed', () => {
    const { followUps: _open, closedFollowUps: _closed, ...old } = withFollowUps([upgradeOne]);
    const b = personal(old, 'olivia');
    expect(b.focus.some((f) => f.carried !== null)).toBe(false);
    expect(b.moreFollowUps).toBe(0);
  });
});
