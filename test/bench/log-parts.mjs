// The log pipeline's parts in Node alone (see log-parts.ts): no engine, no browser.
//   node test/bench/log-parts.mjs
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';

const bundle = path.resolve('dist/bench/log-parts.cjs');
await build({ entryPoints: ['test/bench/log-parts.ts'], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, packages: 'external', logLevel: 'warning' });
execFileSync(process.execPath, [bundle], { stdio: 'inherit' });
