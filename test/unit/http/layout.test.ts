/**
 * The page shell: the favicon is linked and served, and the navigation exists twice with the same
 * links, as a bar and as a phone menu (a `<details>`, so it works without a script), the badges
 * counted on the menu's button.
 */
import { describe, expect, it } from 'vitest';
import { registerAssetRoutes } from '../../../src/http/web/routes/assets.ts';
import { h } from '../../../src/http/web/html.ts';
import { page } from '../../../src/http/web/layout.ts';
import { personCaller, routeBed } from '../../helpers/route-bed.ts';

const hrefs = (html: string): string[] => [...html.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]!);

describe('the page shell', () => {
  const html = String(
    page(
      { principal: personCaller('fiona', 'finance_manager'), inboxCount: 2, notificationCount: 3 },
      'inbox',
      'Inbox',
      h`<p>content</p>`,
    ),
  );

  it('links the SVG favicon', () => {
    expect(html).toContain('<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">');
  });

  it('offers the same sections in the bar and in the phone menu, which is a details element', () => {
    const bar = /<nav class="nav nav-wide" aria-label="Main">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
    const menu = /<details class="menu">([\s\S]*?)<\/details>/.exec(html)?.[1] ?? '';
    expect(hrefs(bar)).toEqual([
      '/inbox',
      '/notifications',
      '/briefing',
      '/runs',
      '/customers',
      '/billing',
      '/outbox',
      '/audit',
      '/policy',
    ]);
    expect(hrefs(menu)).toEqual(hrefs(bar));
    expect(menu).toMatch(/<summary>[\s\S]*Menu<span class="count">5<span class="visually-hidden"> waiting or unread/);
    expect(menu).toContain('aria-current="page">Inbox');
  });

  it('serves the favicon as SVG', async () => {
    const bed = routeBed((router, guard) => registerAssetRoutes(router, { guard }));
    const res = await bed.request('GET', '/assets/favicon.svg');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(await res.text()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });
});
