/** The stylesheet, the one small script and the icon, read from disk once when the routes are registered. */
import { readFileSync } from 'node:fs';
import { publicAccess } from '../../shared/access-rules.ts';
import type { ApiRouter, Guarded } from '../../shared/router.ts';

const ASSETS = [
  { path: '/assets/app.css', file: 'app.css', type: 'text/css; charset=utf-8' },
  { path: '/assets/countdown.js', file: 'countdown.js', type: 'text/javascript; charset=utf-8' },
  { path: '/assets/favicon.svg', file: 'favicon.svg', type: 'image/svg+xml' },
] as const;

export function registerAssetRoutes(router: ApiRouter, { guard }: Guarded): void {
  for (const asset of ASSETS) {
    const body = readFileSync(new URL(`../assets/${asset.file}`, import.meta.url), 'utf8');
    router.get(asset.path, guard.allow(publicAccess('static stylesheet, script and icon')), (c) =>
      c.body(body, 200, { 'content-type': asset.type, 'cache-control': 'public, max-age=300' }),
    );
  }
}
