// Builds everything the app runs: the renderer (Vite) and three Node bundles
// (esbuild): the CLI and web host, the Electron main process, and the preload.
import { chmod } from 'node:fs/promises';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: 'linked', logLevel: 'warning' };

await Promise.all([
  viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' }),
  // Dependencies stay in node_modules: node-pty and ssh2 are native, dockerode is large.
  esbuild({ ...common, entryPoints: ['main/cli/berth.ts'], outfile: 'dist/cli.cjs', packages: 'external' }),
  esbuild({ ...common, entryPoints: ['main/electron/main.ts'], outfile: 'dist/electron.cjs', packages: 'external' }),
  // A sandboxed preload cannot require from node_modules: bundle all but electron.
  esbuild({ ...common, entryPoints: ['preload/index.ts'], outfile: 'dist/preload.cjs', external: ['electron'], minify: true }),
]);
await chmod('dist/cli.cjs', 0o755);
console.log('built dist/ (renderer, cli.cjs, electron.cjs, preload.cjs)');
