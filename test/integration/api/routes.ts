/** The app's route table, turned into concrete requests for the role walk and the fuzz test. */
import { isJsonPath, routeTable, type RouteEntry } from '../../../src/http/index.ts';
import type { ApiBed } from '../../helpers/api-bed.ts';

export function routesOf(bed: ApiBed): RouteEntry[] {
  return routeTable(bed.http.router).sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** `/api/runs/:id` -> `/api/runs/x` (or another value). */
export function concretePath(path: string, value = 'x'): string {
  return path.replace(/:[A-Za-z_]+(\{[^}]*\})?/g, encodeURIComponent(value));
}

/** The stable error code of a response: JSON body, or the header error pages carry. */
export async function errorCode(res: Response): Promise<string | null> {
  const header = res.headers.get('x-psizero-error');
  if (header !== null) return header;
  if (!(res.headers.get('content-type') ?? '').includes('application/json')) return null;
  const body = (await res.clone().json()) as { error?: { code?: string } };
  return body.error?.code ?? null;
}

/** The markdown table docs/api.md shows: every route and who may call it. */
export function accessTableMarkdown(routes: RouteEntry[]): string {
  const rows = routes.map((r) => {
    const d = r.declaration!;
    const who = d.access.kind === 'public' ? `public: ${d.access.reason}` : d.access.roles.join(', ');
    return `| \`${r.method} ${r.path}\` | ${isJsonPath(r.path) ? 'JSON' : 'page'} | ${who} |`;
  });
  return ['| Route | Errors as | Allowed |', '|---|---|---|', ...rows].join('\n');
}
