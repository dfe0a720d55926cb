/**
 * Commands that reach into Berth's VM directly: `berth shell` (SSH with the
 * instance key, as `limactl shell` does) and `berth vm-logs` (the serial log).
 */
import { promises as fs } from 'node:fs';
import { BerthError } from '../../preload/contract';
import { hostPaths } from '../core/paths';
import { GuestChannel } from '../core/vm/guest-channel';
import { defaultInstancePaths } from '../core/vm/instance-files';
import { isSameProcess, readPidFile } from '../core/vm/pid-file';
import { flag, type ParsedArgs } from './args';

function currentInstance() {
  return defaultInstancePaths(hostPaths());
}

export async function shell(command: string[]): Promise<number> {
  const paths = currentInstance();
  const record = await readPidFile(paths.pidFile);
  if (!record || !(await isSameProcess(record))) {
    throw new BerthError('engine-unavailable', 'The VM is not running. Start it with `berth start --backend qemu`.');
  }
  const channel = await GuestChannel.connect({
    port: Number(await fs.readFile(paths.sshPort, 'utf8')),
    privateKey: await fs.readFile(paths.sshPrivateKey),
    knownHostFile: paths.knownHost,
    deadlineMs: 10_000,
  });
  if (command.length > 0) {
    const result = await channel.exec(command.join(' '));
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    channel.close();
    return result.code;
  }
  const stdin = process.stdin;
  const stream = await channel.shell({
    term: process.env.TERM ?? 'xterm-256color',
    rows: process.stdout.rows ?? 24,
    cols: process.stdout.columns ?? 80,
  });
  if (stdin.isTTY) stdin.setRawMode(true);
  stdin.pipe(stream);
  stream.pipe(process.stdout);
  stream.stderr.pipe(process.stderr);
  const onResize = () => stream.setWindow(process.stdout.rows ?? 24, process.stdout.columns ?? 80, 0, 0);
  process.stdout.on('resize', onResize);
  const code = await new Promise<number>((resolve) => stream.once('close', (exit: number | null) => resolve(exit ?? 0)));
  process.stdout.off('resize', onResize);
  if (stdin.isTTY) stdin.setRawMode(false);
  stdin.unpipe(stream);
  stdin.pause();
  channel.close();
  return code;
}

export async function vmLogs(args: ParsedArgs): Promise<number> {
  const { serialLog } = currentInstance();
  let offset = 0;
  const printNew = async () => {
    const handle = await fs.open(serialLog, 'r').catch(() => null);
    if (!handle) return false;
    try {
      const { size } = await handle.stat();
      if (size < offset) offset = 0; // rotated by a new boot
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(size - offset), 0, size - offset, offset);
      offset += bytesRead;
      process.stdout.write(buffer.subarray(0, bytesRead));
      return true;
    } finally {
      await handle.close();
    }
  };
  if (!(await printNew()) && !flag(args, 'follow')) {
    throw new BerthError('not-found', `No VM log yet (${serialLog}); the VM has not been started.`);
  }
  if (!flag(args, 'follow')) return 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => void printNew(), 250);
    process.once('SIGINT', () => {
      clearInterval(timer);
      resolve();
    });
  });
  return 0;
}
