/**
 * A VM left running by a Berth that ended without stopping it (killed, or
 * crashed): found by its pid record (pid and start time, so a reused pid is
 * never taken for it). `berth start` reattaches to such a VM; `berth stop`
 * with no Berth running stops it here, so that no VM is ever left behind.
 * Its virtiofsd processes end with QEMU; its sockets and pid file are cleared.
 */
import type { InstancePaths } from './instance-files';
import { isSameProcess, readPidFile, type PidRecord, type ProcessTable } from './pid-file';
import { GRACEFUL_STOP_MS, stopQemu } from './qemu-process';
import { QmpClient } from './qmp';
import { clearStaleRun } from './stale';

export async function findOrphanedVm(paths: InstancePaths, table?: ProcessTable): Promise<PidRecord | null> {
  const record = await readPidFile(paths.pidFile);
  return record && (await isSameProcess(record, table)) ? record : null;
}

/** Shuts the VM down (ACPI, then QMP quit, then SIGKILL); resolves with how it ended. */
export async function stopOrphanedVm(paths: InstancePaths, record: PidRecord, report: (message: string) => void): ReturnType<typeof stopQemu> {
  const qmp = await QmpClient.connect(paths.qmpSocket, { timeoutMs: 5_000 }).catch(() => null);
  try {
    return await stopQemu(record, { qmp, gracefulMs: GRACEFUL_STOP_MS, report });
  } finally {
    await qmp?.close().catch(() => undefined);
    await clearStaleRun(paths).catch(() => undefined);
  }
}
