// Benchmark: a shared folder against the guest's own disk, for each sharing
// mechanism this host can run (one VM run each, the guest disk measured in
// the same run): create + stat 20,000 small files, and read a 256 MB file
// sequentially (guest page cache dropped first). Prints each time and the
// ratio share/guest-disk (lower is better; 1.0 = as fast as the guest disk).
// The work runs in the guest in one Perl process, so that process start-up
// under emulation (TCG here) is not what is measured.
//   node test/bench/shares.mjs      (needs `npm run build` and the guest image)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const cli = path.resolve('dist/cli.cjs');
const home = mkdtempSync(path.join(os.tmpdir(), 'berth-bench-shares-'));
const shared = path.join(home, 'shared');
mkdirSync(shared);
const { DOCKER_HOST: _ignored, ...inherited } = process.env;
const env = { ...inherited, BERTH_HOME: home, DOCKER_CONFIG: path.join(home, 'docker-config') };
const berth = (...args) => execFileSync(process.execPath, [cli, ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });

const settings = { cpus: '2', memoryMiB: '2048', diskGiB: '8', backend: 'qemu', shares: JSON.stringify([{ hostPath: shared, writable: true }]) };
for (const [key, value] of Object.entries(settings)) berth('settings', 'set', key, value);
// The mechanisms this host can run, as `berth shares` reports them.
const mechanisms = JSON.parse(berth('shares', '--json'))
  .mechanisms.filter((m) => m.available)
  .map((m) => m.name)
  .filter((name) => !process.env.BERTH_BENCH_MECHANISMS || process.env.BERTH_BENCH_MECHANISMS.split(',').includes(name));

// Prints "<seconds for files> <seconds for the read>" for the folder in ARGV.
// The guest has perl-base only (no Time::HiRes): the clock is /proc/uptime (10 ms).
// Every 4,000 files the guest forgets its cached inodes (drop_caches 2), on the
// share and on the guest disk alike: virtiofsd holds one open file per inode
// the guest remembers, and a host whose hard RLIMIT_NOFILE is 20,000 (this
// one: root without CAP_SYS_RESOURCE) would otherwise fail with EMFILE.
const GUEST_BENCH = `
sub now { open(my $u, '<', '/proc/uptime') or die "uptime: $!"; my ($s) = split(' ', <$u>); return $s }
sub forget { open(my $d, '>', '/proc/sys/vm/drop_caches') or die "drop_caches: $!"; print $d "2\\n"; close $d }
my ($dir, $big) = @ARGV;
mkdir "$dir/small";
my $t0 = now();
for my $i (1..20000) { open(my $f, '>', "$dir/small/f$i") or die "create: $!"; print $f "x"; close $f; forget() if $i % 4000 == 0 }
for my $i (1..20000) { my @s = stat("$dir/small/f$i") or die "stat: $!"; forget() if $i % 4000 == 0 }
my $files = now() - $t0;
system('sync'); open(my $d, '>', '/proc/sys/vm/drop_caches'); print $d "3\\n"; close $d;
my $t1 = now();
open(my $r, '<', $big) or die "open $big: $!"; my ($buf, $n, $total);
while (($n = sysread($r, $buf, 1 << 20)) > 0) { $total += $n }
die "short read: $total" unless $total == 256 << 20;
printf "%.3f %.3f\\n", $files, now() - $t1;
`;

function run(mechanism) {
  berth('settings', 'set', 'shareMechanism', mechanism);
  berth('start');
  try {
    rmSync(path.join(shared, 'small'), { recursive: true, force: true });
    // The 256 MB files: on the share (written on the host) and on the guest disk (written in the guest).
    const chunk = Buffer.alloc(1 << 20, 7);
    writeFileSync(path.join(shared, 'big.bin'), Buffer.concat(Array.from({ length: 256 }, () => chunk)));
    const guestDir = '/mnt/data/berth-bench';
    berth('shell', `rm -rf ${guestDir} && mkdir -p ${guestDir} && dd if=/dev/zero of=${guestDir}/big.bin bs=1M count=256 2>/dev/null && sync`);
    const script = Buffer.from(GUEST_BENCH).toString('base64');
    const measure = (dir) => berth('shell', `echo ${script} | base64 -d > /tmp/bench.pl && perl /tmp/bench.pl ${dir} ${dir}/big.bin`).trim().split(' ').map(Number);
    const [shareFiles, shareRead] = measure(shared);
    const [diskFiles, diskRead] = measure(guestDir);
    berth('shell', `rm -rf ${guestDir}`);
    const { accelerator } = JSON.parse(berth('status', '--json')).vm;
    const used = JSON.parse(berth('shares', '--json')).shares[0].mechanism;
    console.log(`${mechanism} (berth shares says: ${used}; accelerator ${accelerator})`);
    console.log(`  20,000 small files create+stat: share ${shareFiles.toFixed(2)} s, guest disk ${diskFiles.toFixed(2)} s, ratio ${(shareFiles / diskFiles).toFixed(2)}`);
    console.log(`  256 MB sequential read:         share ${shareRead.toFixed(2)} s (${(256 / shareRead).toFixed(0)} MB/s), guest disk ${diskRead.toFixed(2)} s (${(256 / diskRead).toFixed(0)} MB/s), ratio ${(shareRead / diskRead).toFixed(2)}`);
  } finally {
    berth('stop');
  }
}

try {
  for (const mechanism of mechanisms) run(mechanism);
} finally {
  rmSync(home, { recursive: true, force: true });
}
