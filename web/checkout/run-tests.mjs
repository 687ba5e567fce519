// Unit tests with node:test: esbuild compiles test/*.test.ts (and what they import) into
// .test-out/, then `node --test` runs them. No browser: the tests cover the pure card rules.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';

const tests = readdirSync('test').filter((f) => f.endsWith('.test.ts')).map((f) => `test/${f}`);
rmSync('.test-out', { recursive: true, force: true });
await build({
  entryPoints: tests,
  bundle: true,
  platform: 'node',
  format: 'esm',
  outdir: '.test-out',
  outExtension: { '.js': '.mjs' },
  external: ['node:*'],
  logLevel: 'warning',
});
const files = tests.map((t) => `.test-out/${t.slice(5, -3)}.mjs`);
const run = spawnSync(process.execPath, ['--test', ...files], { stdio: 'inherit' });
process.exit(run.status ?? 1);
