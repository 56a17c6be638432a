import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The PostgreSQL the tests use. PSIZERO_TEST_PG_URL (or DATABASE_URL) points at a database the
 * tests may fill with throwaway schemas; scripts/pg-test-cluster.sh starts a private cluster for it
 * (as root on Debian) and prints its URL. Unset: the PostgreSQL half of the suite is skipped.
 */
export function pgTestUrl(): string | null {
  return process.env.PSIZERO_TEST_PG_URL || process.env.DATABASE_URL || null;
}

/** Names used by scripts/pg-test-cluster.sh (overridable there through the same variables). */
export const PG_TEST_CLUSTER = {
  name: process.env.PSIZERO_PG_CLUSTER ?? 'psizero_test',
  port: Number(process.env.PSIZERO_PG_PORT ?? 5433),
} as const;

const script = fileURLToPath(new URL('../../scripts/pg-test-cluster.sh', import.meta.url));

/** Creates and starts the private test cluster if needed; returns its URL. */
export function startPgTestCluster(): string {
  return execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

/** The newest installed major version, as the script picks it. */
export function pgVersion(): string {
  const versions = readdirSync('/etc/postgresql')
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(a) - Number(b));
  const newest = versions.at(-1);
  if (!newest) throw new Error('no PostgreSQL version under /etc/postgresql');
  return newest;
}

/**
 * Stops, starts or restarts the private test cluster (root only), for tests that prove workers
 * survive a database restart. 'immediate' stops without a checkpoint, as a crash would.
 */
export function controlPgTestCluster(action: 'start' | 'stop' | 'restart', mode: 'fast' | 'immediate' = 'fast'): void {
  const args = [pgVersion(), PG_TEST_CLUSTER.name, action];
  if (action !== 'start') args.push('-m', mode);
  execFileSync('pg_ctlcluster', args, { stdio: ['ignore', 'inherit', 'inherit'] });
}
