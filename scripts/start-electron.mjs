// `npm start`: launch the desktop app. Electron 45 fetches its binary on the
// first launch; where that cannot happen (offline, or a closed network), say
// so in one line and point at the web mode instead of a stack trace.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = path.dirname(require.resolve('electron/package.json'));

if (!existsSync(path.join(electronDir, 'path.txt'))) {
  console.log('Downloading the Electron binary (first launch only)…');
  const install = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { encoding: 'utf8' });
  if (install.status !== 0) {
    const why = `${install.stderr}`.split('\n').find((line) => /Error/.test(line))?.trim() ?? 'unknown error';
    console.error(
      `berth: could not download the Electron binary (${why}).\n` +
        'Connect to the internet and run `npm start` again, or use the same UI in a browser: `npm run web`.',
    );
    process.exit(1);
  }
}
const electron = require('electron');
const result = spawnSync(electron, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
