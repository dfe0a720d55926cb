/**
 * Folder sharing end to end: the same conformance suite for each mechanism
 * this host and the guest image can run (virtiofs when its virtiofsd can run;
 * 9p when the guest kernel has it, which Berth's own does not yet), one VM
 * boot each, one after the other (TCG here). Host folders at the same path,
 * seen by `docker run -v` in the VM both ways, with faithful contents,
 * ownership, chown, symlinks and case-only renames, read-only shares, file
 * change events, refused binds, and `berth shares` reporting what is mounted.
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShareMechanism } from '../../preload/contract';
import { hostMechanismFacts, mechanismsOnHost } from '../../main/core/sharing/mechanism';
import { GuestChannel } from '../../main/core/vm/guest-channel';
import { instancePaths } from '../../main/core/vm/instance-files';
import { runBerth } from '../fixtures/berth-cli';
import { ensureBusyboxImage, BUSYBOX_TAG } from '../fixtures/busybox-image';

const run = promisify(execFile);
/**
 * An inotify watcher for the guest, in Perl (the guest's busybox has no
 * inotifyd): inotify_init1 and inotify_add_watch (x86-64 syscalls 294, 254)
 * on the folder in ARGV, then one "MASK<TAB>NAME" line per event.
 */
const INOTIFY_WATCHER = `
my $fd = syscall(294, 0); die "inotify_init1: $!\\n" if $fd < 0;
syscall(254, $fd, $ARGV[0], 0xfff) >= 0 or die "inotify_add_watch: $!\\n";
open(my $fh, '<&=', $fd) or die "open: $!\\n";
$| = 1; print "READY\\n";
while (sysread($fh, my $buf, 65536)) {
  while (length $buf) {
    my ($wd, $mask, $cookie, $len) = unpack('iIII', $buf);
    printf "%x\\t%s\\n", $mask, unpack('Z*', substr($buf, 16, $len));
    $buf = substr($buf, 16 + $len);
  }
}
`;
/** The mechanisms this host can run: each gets the whole suite. */
const MECHANISM_TABLE = mechanismsOnHost(hostMechanismFacts()).map((m) => [m.name, m.available]);
const MECHANISMS = MECHANISM_TABLE.filter(([, available]) => available).map(([name]) => name as ShareMechanism);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.each(MECHANISMS)('shared folders over %s', (mechanism: ShareMechanism) => {
  let home: string;
  let env: NodeJS.ProcessEnv;
  /** The writable share, and a read-only one next to it. */
  let shared: string;
  let readOnly: string;
  let outside: string;

  const berth = (...args: string[]) => runBerth(env, args, 240_000);
  const socketPath = () => path.join(home, 'run', 'vm-default', 'docker.sock');
  /** `docker run --rm -v <shared>:<shared> busybox sh -c script`, as a user would from a shared folder. */
  async function inContainer(script: string, options: { user?: string; volume?: string; extraVolumes?: string[] } = {}): Promise<string> {
    const volumes = [options.volume ?? `${shared}:${shared}`, ...(options.extraVolumes ?? [])].flatMap((v) => ['-v', v]);
    const user = options.user ? ['--user', options.user] : [];
    const { stdout } = await run('docker', ['--context', 'berth', 'run', '--rm', ...user, ...volumes, '-w', shared, BUSYBOX_TAG, 'sh', '-c', script], {
      env,
      timeout: 180_000,
    });
    return stdout;
  }

  /** The guest's SSH channel, as the tests' own way in (not Berth's). */
  async function openGuestChannel(): Promise<GuestChannel> {
    const instance = instancePaths(path.join(home, 'state', 'vms', 'default'), path.join(home, 'run'));
    return GuestChannel.connect({
      port: Number(await readFile(instance.sshPort, 'utf8')),
      privateKey: await readFile(instance.sshPrivateKey),
      knownHostFile: instance.knownHost,
      deadlineMs: 10_000,
    });
  }

  /** An inotify watcher on `dir` in the VM: the events it printed so far, once it is ready. */
  async function watchInGuest(dir: string): Promise<{ lines: string[]; close: () => void }> {
    const channel = await openGuestChannel();
    const lines: string[] = [];
    const session = await channel.spawn(`exec perl - '${dir}'`);
    session.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    session.end(INOTIFY_WATCHER);
    const close = () => {
      session.close();
      channel.close();
    };
    await expect.poll(() => lines, { timeout: 10_000 }).toContain('READY').catch((error: unknown) => {
      close();
      throw error;
    });
    lines.length = 0;
    return { lines, close };
  }

  const refusedBind = () =>
    inContainer('true', { volume: `${outside}:/x` }).then(
      () => 'ran',
      (error: { stderr: string }) => error.stderr,
    );

  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'berth-shares-'));
    shared = path.join(home, 'my project, shared');
    readOnly = path.join(home, 'reference');
    outside = path.join(home, 'not-shared');
    for (const dir of [shared, outside, `${readOnly}-real`]) await mkdir(dir);
    // A shared folder may itself be a symlink (a home, /tmp on macOS): it is shared at the path given.
    await symlink(`${readOnly}-real`, readOnly);
    const { DOCKER_HOST: _hostEngine, ...inherited } = process.env;
    env = { ...inherited, BERTH_HOME: home, DOCKER_CONFIG: path.join(home, 'docker-config') };
    const settings = {
      cpus: '2',
      memoryMiB: '2048',
      diskGiB: '8',
      shareMechanism: mechanism,
      shares: JSON.stringify([
        { hostPath: shared, writable: true },
        { hostPath: readOnly, writable: false },
        { hostPath: path.join(shared, 'nested'), writable: true },
      ]),
    };
    await mkdir(path.join(shared, 'nested'));
    for (const [key, value] of Object.entries(settings)) expect((await berth('settings', 'set', key, value)).code).toBe(0);
    const started = Date.now();
    const result = await berth('start', '--backend', 'qemu');
    expect(result.stderr).not.toMatch(/^berth: /m);
    expect(result.code).toBe(0);
    console.log(`berth tests: VM with shares over ${mechanism} up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await ensureBusyboxImage(new Dockerode({ socketPath: socketPath() }));
  }, 400_000);

  afterAll(async () => {
    await berth('stop');
    await rm(home, { recursive: true, force: true });
  }, 120_000);

  describe('in the VM', { timeout: 300_000 }, () => {
    it(`\`berth shares --json\` lists each share with ${mechanism} and mounted, the nested one merged`, async () => {
      const result = await berth('shares', '--json');
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout);
      expect(report.shares).toEqual([
        { hostPath: shared, writable: true, mechanism, state: 'mounted', message: `mounted at ${shared} in the VM` },
        { hostPath: readOnly, writable: false, mechanism, state: 'mounted', message: `mounted at ${readOnly} in the VM` },
        { hostPath: path.join(shared, 'nested'), writable: true, mechanism, state: 'merged', message: `shared as part of ${shared}` },
      ]);
      expect(report.mechanisms.map((m: { name: string; available: boolean }) => [m.name, m.available])).toEqual(MECHANISM_TABLE);
    });

    it('reads and writes both ways', async () => {
      await writeFile(path.join(shared, 'from-host.txt'), 'hello from the host\n');
      expect(await inContainer('cat from-host.txt && echo "hello from the container" > from-container.txt')).toBe('hello from the host\n');
      expect(await readFile(path.join(shared, 'from-container.txt'), 'utf8')).toBe('hello from the container\n');
    });

    it('keeps a 100 MB file written in a container byte for byte (same sha256 on the host)', async () => {
      const out = await inContainer('dd if=/dev/urandom of=big.bin bs=1M count=100 2>/dev/null && sha256sum big.bin');
      const inGuest = out.split(' ')[0];
      const onHost = createHash('sha256');
      for await (const chunk of createReadStream(path.join(shared, 'big.bin'))) onHost.update(chunk as Buffer);
      expect((await stat(path.join(shared, 'big.bin'))).size).toBe(100 * 2 ** 20);
      expect(onHost.digest('hex')).toBe(inGuest);
      await rm(path.join(shared, 'big.bin'));
    });

    it('gives files made in containers as root and as uid 1000 the owners below, and lets chown work', async () => {
      await inContainer('touch by-root && mkdir -p data && chown -R 999:999 data && touch data/db');
      // As on a Linux host, uid 1000 writes only where the folder's mode lets it.
      await mkdir(path.join(shared, 'open'), { mode: 0o1777 });
      await run('chmod', ['1777', path.join(shared, 'open')]);
      await inContainer('touch open/by-1000', { user: '1000:1000' });
      // Inside the VM every mechanism shows the owners the container set (a database's ownership check passes).
      expect(await inContainer('stat -c %u:%g by-root open/by-1000 data data/db')).toBe('0:0\n1000:1000\n999:999\n0:0\n');
      const me = process.getuid!();
      const onHost = async (name: string) => {
        const s = await stat(path.join(shared, name));
        return `${s.uid}:${s.gid}`;
      };
      const hostOwners = await Promise.all(['by-root', 'open/by-1000', 'data', 'data/db'].map(onHost));
      if (mechanism === '9p') {
        // security_model=mapped-xattr: QEMU creates every file as the user running it, so the host
        // user owns all of them; the owners the guest set live in user.virtfs.* xattrs.
        expect(hostOwners).toEqual(Array(4).fill(`${me}:${process.getgid!()}`));
      } else {
        // virtiofs: the C virtiofsd runs as root here (it cannot run otherwise) and passes every
        // uid through unchanged, as a Linux host would: root's files are the host user's only
        // because Berth runs as root; uid 1000 and the chown to 999 land on the host as they are.
        expect(me).toBe(0);
        expect(hostOwners).toEqual(['0:0', '1000:1000', '999:999', '0:0']);
      }
    });

    it('resolves relative file and directory symlinks made on the host', async () => {
      await mkdir(path.join(shared, 'lib'));
      await writeFile(path.join(shared, 'lib', 'target.txt'), 'through the link\n');
      await symlink('lib/target.txt', path.join(shared, 'file-link'));
      await symlink('lib', path.join(shared, 'dir-link'));
      expect(await inContainer('cat file-link && cat dir-link/target.txt && readlink file-link')).toBe('through the link\nthrough the link\nlib/target.txt\n');
    });

    it('renames a file to a different case only, from the container and from the host', async () => {
      await writeFile(path.join(shared, 'README.md'), 'x');
      await inContainer('mv README.md readme.md');
      expect((await readdir(shared)).filter((n) => n.toLowerCase() === 'readme.md')).toEqual(['readme.md']);
      await run('mv', [path.join(shared, 'readme.md'), path.join(shared, 'ReadMe.md')]);
      // The guest may trust a cached directory entry for up to 1 s (cache=auto).
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await inContainer('ls | grep -i readme.md')).toBe('ReadMe.md\n');
    });

    it('refuses writes to a read-only share, and reads it', async () => {
      await writeFile(path.join(readOnly, 'doc.txt'), 'reference\n');
      const out = await inContainer(`cat "${readOnly}/doc.txt"; touch "${readOnly}/new" 2>&1; echo "exit=$?"`, { volume: `${readOnly}:${readOnly}` });
      expect(out).toMatch(/^reference\n.*Read-only file system\nexit=1\n$/s);
    });

    it('replays host-side create, modify, rename and delete to an inotify watcher in the VM within 1 s', async () => {
      const watched = path.join(shared, 'watched');
      await mkdir(watched);
      await writeFile(path.join(watched, 'old.txt'), '');
      const { lines, close } = await watchInGuest(watched);
      try {
        const within1s = async (change: () => Promise<void>, expected: RegExp) => {
          lines.length = 0;
          const started = Date.now();
          await change();
          await expect.poll(() => lines.join('\n'), { timeout: 1_000, interval: 20 }).toMatch(expected);
          return Date.now() - started;
        };
        const times = {
          create: await within1s(() => writeFile(path.join(watched, 'new.txt'), ''), /\tnew\.txt$/m),
          modify: await within1s(() => appendFile(path.join(watched, 'new.txt'), 'content'), /\tnew\.txt$/m),
          rename: await within1s(() => rename(path.join(watched, 'old.txt'), path.join(watched, 'renamed.txt')), /\trenamed\.txt$/m),
          // A gone file is replayed on its name while the guest still holds its entry (up to 1 s), else on its folder (no name).
          delete: await within1s(() => rm(path.join(watched, 'renamed.txt')), /^[0-9a-f]+\t(renamed\.txt)?$/m),
        };
        console.log(`berth tests: guest inotify saw host changes after ${JSON.stringify(times)} ms`);
        // A replay must not echo back as one more host change (an endless loop of events).
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        lines.length = 0;
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        expect(lines).toEqual([]);
      } finally {
        close();
      }
    });

    it('refuses a bind mount of a host path outside every share, naming it and how to share it (docker CLI and API)', async () => {
      const refused = await refusedBind();
      expect(refused).toContain(`Mounts denied: the path ${outside} is not shared from the host`);
      expect(refused).toContain('berth settings set shares');
      const api = new Dockerode({ socketPath: socketPath() });
      await expect(api.createContainer({ Image: BUSYBOX_TAG, HostConfig: { Mounts: [{ Type: 'bind', Source: outside, Target: '/x' }] } })).rejects.toMatchObject({
        statusCode: 400,
        message: expect.stringContaining(`Mounts denied: the path ${outside}`),
      });
      // Shared paths, named volumes and the VM's Docker socket still bind.
      await inContainer('ls /var/run/docker.sock /vol >/dev/null', { volume: `${shared}:/x`, extraVolumes: ['berth-shares-test:/vol', '/var/run/docker.sock:/var/run/docker.sock'] });
    });

    if (mechanism === '9p') {
      it('runs no daemon for 9p: QEMU itself serves each share', async () => {
        const qemuArgs = (await readFile(path.join(home, 'logs', 'berth-daemon.log'), 'utf8')).match(/qemu-system-\S+ .*/g)!.at(-1)!;
        expect(qemuArgs.match(/virtio-9p-pci,fsdev=p9fs\d,mount_tag=berth\d/g)).toHaveLength(2);
        expect(qemuArgs).not.toContain('vhost-user-fs');
      });
      return;
    }

    it('keeps refusing binds outside the shares and replaying host changes after Berth itself is killed and reattaches', async () => {
      const qemuPid = () => readFile(path.join(home, 'state', 'vms', 'default', 'qemu.pid'), 'utf8').then((text) => (JSON.parse(text) as { pid: number }).pid);
      const vmBefore = await qemuPid();
      const daemonLog = await readFile(path.join(home, 'logs', 'berth-daemon.log'), 'utf8');
      const daemonPid = Number(daemonLog.match(/daemon (\d+) serving/g)!.at(-1)!.split(' ')[1]);
      process.kill(daemonPid, 'SIGKILL');
      await expect.poll(() => alive(daemonPid), { timeout: 10_000 }).toBe(false);

      expect((await berth('start', '--backend', 'qemu')).code).toBe(0);
      expect(await qemuPid()).toBe(vmBefore); // reattached, not rebooted
      expect(await refusedBind()).toContain(`Mounts denied: the path ${outside} is not shared from the host`);
      const { stdout } = await berth('shares', '--json');
      expect(JSON.parse(stdout).shares.map((row: { state: string }) => row.state)).toEqual(['mounted', 'mounted', 'merged']);
      const { lines, close } = await watchInGuest(shared);
      try {
        const started = Date.now();
        await writeFile(path.join(shared, 'after-reattach.txt'), 'x');
        await expect.poll(() => lines.join('\n'), { timeout: 1_000, interval: 20 }).toMatch(/\tafter-reattach\.txt$/m);
        console.log(`berth tests: after Berth was killed and reattached, a host change reached the guest in ${Date.now() - started} ms`);
      } finally {
        close();
      }
    });

    it('stops every virtiofsd with the VM', async () => {
      // The socket of each live virtiofsd of this Berth (one per share; each may fork a sandbox child).
      const servedSockets = () =>
        new Set(
          readdirSync('/proc')
            .filter((p) => /^\d+$/.test(p))
            .map((p) => {
              try {
                return readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
              } catch {
                return [];
              }
            })
            .filter((argv) => argv[0]?.endsWith('virtiofsd'))
            .map((argv) => argv.find((a) => a.startsWith('--socket-path='))!)
            .filter((socket) => socket?.includes(path.join(home, 'run'))),
        ).size;
      expect(servedSockets()).toBe(2);
      expect((await berth('stop')).code).toBe(0);
      await expect.poll(servedSockets, { timeout: 10_000 }).toBe(0);
      const restarted = await berth('start', '--backend', 'qemu');
      expect(restarted.code).toBe(0);
      expect(servedSockets()).toBe(2);
    });

    it('reports a virtiofsd that ends under the running VM, and a restart shares the folder again', async () => {
      // Not in the first seconds after a boot: a virtiofsd killed then (while the guest still starts up) has
      // panicked the guest kernel in QEMU 7.2's vhost-user teardown (Oops: int3, 2 of 7 runs with a cold page cache);
      // Berth then reports the VM as stopped (vm.test.ts covers a panic), which is not what this test is about.
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      // Every process of the read-only share's virtiofsd (it may fork), as an OOM kill or a crash would end it.
      const servingReadOnly = readdirSync('/proc')
        .filter((p) => /^\d+$/.test(p))
        .filter((p) => {
          try {
            const argv = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
            return argv[0]?.endsWith('virtiofsd') && argv.includes(`source=${readOnly}-real`);
          } catch {
            return false;
          }
        })
        .map(Number);
      expect(servingReadOnly.length).toBeGreaterThan(0);
      for (const pid of servingReadOnly) process.kill(pid, 'SIGKILL');

      const rowOf = async () => {
        const { stdout } = await berth('shares', '--json');
        return (JSON.parse(stdout).shares as { hostPath: string; state: string; message: string }[]).find((row) => row.hostPath === readOnly)!;
      };
      await expect.poll(async () => (await rowOf()).state, { timeout: 10_000 }).toBe('failed');
      expect((await rowOf()).message).toMatch(/^stopped working: its virtiofsd exited \(SIGKILL\); .*restart the engine \(`berth restart`\)/);
      const status = JSON.parse((await berth('status', '--json')).stdout) as { warnings: string[] };
      expect(status.warnings.join('\n')).toContain(`The shared folder ${readOnly} stopped working`);
      // The other share is untouched.
      await writeFile(path.join(shared, 'still.txt'), 'still here\n');
      expect(await inContainer(`cat "${shared}/still.txt"`)).toBe('still here\n');

      // The guest still shuts down cleanly: nothing waits on the dead share (QEMU is not cut off after the grace period).
      const started = Date.now();
      const restart = await berth('restart');
      expect(restart.code).toBe(0);
      expect(restart.stdout + restart.stderr).not.toContain('did not shut down in time');
      console.log(`berth tests: restart after a lost virtiofsd took ${((Date.now() - started) / 1000).toFixed(1)} s`);
      expect((await rowOf()).state).toBe('mounted');
      expect(await inContainer(`cat "${readOnly}/doc.txt"`, { volume: `${readOnly}:${readOnly}` })).toBe('reference\n');
    });
  });
});
