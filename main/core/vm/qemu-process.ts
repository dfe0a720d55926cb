/**
 * The QEMU process: started detached (a Berth that crashes leaves a VM the
 * next Berth can find and reattach, never a half-dead one), recorded in the
 * pid file with its start time, and stopped gracefully (ACPI power button),
 * then by QMP quit, then by SIGKILL — each only while the PID is still ours.
 */
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { BerthError } from '../../../preload/contract';
import { isSameProcess, recordProcess, signalIfOurs, writePidFile, type PidRecord, type ProcessTable } from './pid-file';
import type { QmpClient } from './qmp';

/**
 * How long a graceful ACPI shutdown may take before QEMU is told to quit. The
 * guest gives dockerd 10 s to stop containers that ignore SIGTERM, then
 * unmounts the data disk: 13–14 s in that case, 1.5–3 s otherwise (measured).
 */
export const GRACEFUL_STOP_MS = 15_000;

export interface StartedQemu {
  record: PidRecord;
  /** Aborted when the process exits; its reason says how. */
  exited: AbortSignal;
}

export async function spawnQemu(binary: string, args: string[], pidFile: string, stderrLog: string): Promise<StartedQemu> {
  const err = openSync(stderrLog, 'w', 0o600);
  let child;
  try {
    child = spawn(binary, args, { detached: true, stdio: ['ignore', 'ignore', err] });
  } finally {
    closeSync(err);
  }
  const exited = new AbortController();
  const spawnFailed = new Promise<never>((_, reject) =>
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new BerthError('not-found', `${binary} is not installed. Install QEMU (Debian/Ubuntu: apt-get install qemu-system-x86 qemu-utils; macOS: brew install qemu).`)
          : error,
      ),
    ),
  );
  child.once('exit', (code, signal) =>
    exited.abort(new Error(`QEMU exited (${signal ? `signal ${signal}` : `code ${code}`}); see ${stderrLog}`)),
  );
  // Berth may exit before the VM does; the pid file, not this handle, tracks it.
  child.unref();
  const pid = await Promise.race([waitForPid(child.pid), spawnFailed]);
  const record = await recordProcess(pid, binary);
  await writePidFile(pidFile, record);
  return { record, exited: exited.signal };
}

async function waitForPid(pid: number | undefined): Promise<number> {
  if (pid === undefined) {
    // 'error' follows on the next tick with the reason.
    await new Promise((resolve) => setTimeout(resolve, 50));
    throw new BerthError('internal', 'QEMU did not start');
  }
  return pid;
}

export interface StopOptions {
  qmp: QmpClient | null;
  gracefulMs: number;
  table?: ProcessTable;
  report?: (message: string) => void;
}

/** Stops the VM; resolves with how it ended. Never signals a PID that is no longer ours. */
export async function stopQemu(record: PidRecord, options: StopOptions): Promise<'powered-off' | 'quit' | 'killed' | 'already-gone'> {
  const { qmp, gracefulMs, table, report } = options;
  const gone = () => isSameProcess(record, table).then((same) => !same);
  if (await gone()) return 'already-gone';

  if (qmp) {
    report?.('Asking the VM to shut down');
    await qmp.systemPowerdown().catch(() => undefined);
    if (await waitUntil(gone, gracefulMs)) return 'powered-off';
    report?.('The VM did not shut down in time; stopping QEMU');
    await qmp.quit().catch(() => undefined);
    if (await waitUntil(gone, 3_000)) return 'quit';
  }
  await signalIfOurs(record, 'SIGKILL', table);
  if (!(await waitUntil(gone, 5_000))) {
    throw new BerthError('internal', `QEMU (pid ${record.pid}) did not exit after SIGKILL`);
  }
  return 'killed';
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** How often a reattached VM (not Berth's child: no exit event) is checked. */
const EXIT_POLL_MS = 2_000;

/**
 * Calls `onExit` once when the VM's QEMU ends: from the child's exit event
 * when this Berth started it, else by checking the recorded process (a VM
 * reattached after a Berth crash). Returns a function that stops watching.
 */
export function watchQemuExit(
  record: PidRecord,
  exited: AbortSignal | null,
  onExit: (reason: string) => void,
  table?: ProcessTable,
): () => void {
  let done = false;
  const fire = (reason: string) => {
    if (done) return;
    done = true;
    stop();
    onExit(reason);
  };
  const onAbort = () => fire(String((exited!.reason as Error | undefined)?.message ?? 'QEMU exited'));
  exited?.addEventListener('abort', onAbort, { once: true });
  // Two misses in a row: on macOS and Windows a check is a `ps` or PowerShell run, which can fail once.
  let misses = 0;
  let checking = false;
  const timer = exited
    ? null
    : setInterval(() => {
        if (checking) return;
        checking = true;
        void isSameProcess(record, table)
          .then((same) => {
            misses = same ? 0 : misses + 1;
            if (misses >= 2) fire(`QEMU (pid ${record.pid}) is no longer running`);
          })
          .catch(() => undefined)
          .finally(() => (checking = false));
      }, EXIT_POLL_MS).unref();
  const stop = () => {
    done = true;
    exited?.removeEventListener('abort', onAbort);
    if (timer) clearInterval(timer);
  };
  if (exited?.aborted) onAbort();
  return stop;
}
