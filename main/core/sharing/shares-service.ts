/**
 * `shares:list`: each configured share with its mechanism and state. While
 * the VM runs, "mounted" comes from the guest's own mount table, not from
 * what Berth asked for at boot, so a share that failed to mount says so.
 */
import type { SharesReport } from '../../../preload/contract';
import type { EngineService } from '../engine/engine-service';
import type { SettingsStore } from '../settings/store';
import { hostKeepsUserXattrs } from './host-xattrs';
import { chooseMechanism, hostMechanismFacts, mechanismsOnHost } from './mechanism';
import { sharesReport, shareMountPoints, type GuestMount } from './shares-report';
import { inspectHostPath } from './vm-shares';

export class SharesService {
  constructor(
    private readonly engine: EngineService,
    private readonly settings: SettingsStore,
  ) {}

  async report(): Promise<SharesReport> {
    const status = this.engine.getStatus();
    const up = status.state === 'running' || status.state === 'paused';
    const backend = up && (status.backend === 'qemu' || status.backend === 'native') ? status.backend : null;
    // A paused VM cannot answer: its shares are reported as pending until it resumes.
    const guestMounts = backend === 'qemu' && status.state === 'running' ? await this.guestMounts() : null;
    const settings = this.settings.get();
    const facts = hostMechanismFacts();
    return sharesReport(settings.shares, inspectHostPath, {
      mechanisms: mechanismsOnHost(facts),
      choice: chooseMechanism(settings.shareMechanism, facts),
      backend,
      guestMounts,
      keepsOwners: (hostPath) => hostKeepsUserXattrs(hostPath).supported,
      lost: this.engine.shareFailures(),
    });
  }

  private async guestMounts(): Promise<GuestMount[] | null> {
    try {
      const result = await this.engine.guestChannel().exec('cat /proc/mounts', { timeoutMs: 10_000 });
      return result.code === 0 ? shareMountPoints(result.stdout) : null;
    } catch {
      return null; // the channel is gone (the VM is stopping): nothing is known to be mounted
    }
  }
}
