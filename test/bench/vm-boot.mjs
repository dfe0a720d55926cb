// Benchmark: time from `berth start` (VM stopped) to Docker answering in the
// VM, median of 3 starts after a first boot, with the accelerator used. The
// baseline, measured in the same runs, is the guest's own boot (QEMU start to
// the init's BERTH-READY line), so the ratio shows what Berth adds around it
// (image check, disk, SSH channel, socket bridge, Docker ping).
//   node test/bench/vm-boot.mjs          (needs `npm run build` and the guest image)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const cli = path.resolve('dist/cli.cjs');
const home = mkdtempSync(path.join(os.tmpdir(), 'berth-bench-'));
const { DOCKER_HOST: _ignored, ...inherited } = process.env;
const env = { ...inherited, BERTH_HOME: home, DOCKER_CONFIG: path.join(home, 'docker-config') };
const berth = (...args) => execFileSync(process.execPath, [cli, ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const [key, value] of [['cpus', '2'], ['memoryMiB', '2048'], ['diskGiB', '8'], ['backend', 'qemu']]) berth('settings', 'set', key, value);

function timedStart() {
  const started = process.hrtime.bigint();
  berth('start');
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const log = readFileSync(path.join(home, 'logs', 'berth-daemon.log'), 'utf8');
  const guest = Number([...log.matchAll(/guest ready ([\d.]+) s after QEMU started \((\w+)\)/g)].at(-1)[1]);
  const accelerator = JSON.parse(berth('status', '--json')).vm.accelerator;
  berth('stop');
  return { seconds, guest, accelerator };
}

try {
  const first = timedStart();
  console.log(`first boot (formats the data disk): ${first.seconds.toFixed(1)} s, guest ${first.guest.toFixed(1)} s`);
  const runs = [timedStart(), timedStart(), timedStart()];
  for (const [i, r] of runs.entries()) console.log(`start ${i + 1}: ${r.seconds.toFixed(1)} s (guest ${r.guest.toFixed(1)} s)`);
  const total = median(runs.map((r) => r.seconds));
  const guest = median(runs.map((r) => r.guest));
  console.log(`accelerator: ${runs[0].accelerator}`);
  console.log(`median start to Docker answering: ${total.toFixed(1)} s`);
  console.log(`median guest boot (baseline): ${guest.toFixed(1)} s; start/guest ratio ${(total / guest).toFixed(2)}`);
} finally {
  try {
    berth('stop'); // never leave a VM behind, even when a start failed
  } catch {
    // nothing was running
  }
  rmSync(home, { recursive: true, force: true });
}
