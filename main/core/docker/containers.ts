/** Container list, inspect and lifecycle through dockerode. */
import type Dockerode from 'dockerode';
import type { ContainerInspect, ContainerSummary } from '../../../preload/contract';
import { isNotModified, toBerthError } from './errors';
import { toContainerSummary } from './grouping';
import { HELPER_LABEL } from './volume-helper';

export interface RemoveOptions {
  force: boolean;
  volumes: boolean;
}

export class Containers {
  // The list endpoint has no start time; inspecting every running container
  // on every list would be slow, so it is remembered per id and state.
  private readonly startedAt = new Map<string, { state: string; startedAt: number | null }>();
  // The watcher's last full list, answered again while nothing has changed since it was taken:
  // listing 500 containers costs the engine a few hundred ms, and every window that opens asks.
  // "Nothing has changed" is known only while the event watcher follows the engine (each event
  // bumps `changes`), so only its own lists, taken after its stream connected, are kept.
  private changes = 0;
  private following = false;
  private lastFull: { items: ContainerSummary[]; changes: number } | null = null;

  constructor(private readonly docker: Dockerode) {}

  /** The event watcher is (or no longer is) following the engine's changes. */
  follow(on: boolean): void {
    this.following = on;
    this.changes++;
    if (!on) this.lastFull = null;
  }

  async list(all: boolean): Promise<ContainerSummary[]> {
    if (all && this.following && this.lastFull?.changes === this.changes) return this.lastFull.items;
    return this.listFromEngine(all);
  }

  /** A full list from the engine, kept for list() to answer with until the next change (the watcher's relist). */
  async listForWatcher(): Promise<ContainerSummary[]> {
    const changesBefore = this.changes;
    const items = await this.listFromEngine(true);
    this.lastFull = { items, changes: changesBefore };
    return items;
  }

  private async listFromEngine(all: boolean): Promise<ContainerSummary[]> {
    let raw: Dockerode.ContainerInfo[];
    try {
      // Berth's own short-lived volume helpers are plumbing, not the user's containers.
      raw = (await this.docker.listContainers({ all })).filter((c) => !c.Labels?.[HELPER_LABEL]);
    } catch (error) {
      throw toBerthError(error, 'container list');
    }
    const summaries = await Promise.all(raw.map(async (c) => toContainerSummary(c, await this.startTime(c))));
    if (all) this.forgetAllBut(new Set(raw.map((c) => c.Id)));
    return summaries;
  }

  /** One container as the list shows it (by full id), null when it is gone: what an engine event about it changed. */
  async summary(fullId: string): Promise<ContainerSummary | null> {
    let raw: Dockerode.ContainerInfo[];
    try {
      raw = await this.docker.listContainers({ all: true, filters: { id: [fullId] } });
    } catch (error) {
      throw toBerthError(error, `container ${fullId}`);
    }
    // The id filter matches prefixes too; a helper is plumbing, as in list().
    const found = raw.find((c) => c.Id === fullId && !c.Labels?.[HELPER_LABEL]);
    return found ? toContainerSummary(found, await this.startTime(found)) : null;
  }

  /** Drops the start time of a container that may have restarted behind the list's back. */
  forget(fullId: string): void {
    this.startedAt.delete(fullId);
    this.changes++;
  }

  async inspect(id: string): Promise<ContainerInspect> {
    const raw = await this.call(id, (c) => c.inspect());
    return {
      id: raw.Id,
      name: raw.Name.replace(/^\//, ''),
      tty: raw.Config?.Tty === true,
      raw: raw as unknown as Record<string, unknown>,
    };
  }

  start(id: string): Promise<void> {
    return this.change(id, (c) => c.start());
  }

  stop(id: string, timeoutSeconds?: number): Promise<void> {
    return this.change(id, (c) => c.stop(timeoutSeconds === undefined ? {} : { t: timeoutSeconds }));
  }

  restart(id: string, timeoutSeconds?: number): Promise<void> {
    return this.change(id, (c) => c.restart(timeoutSeconds === undefined ? {} : { t: timeoutSeconds }));
  }

  pause(id: string): Promise<void> {
    return this.change(id, (c) => c.pause());
  }

  unpause(id: string): Promise<void> {
    return this.change(id, (c) => c.unpause());
  }

  kill(id: string, signal?: string): Promise<void> {
    return this.change(id, (c) => c.kill(signal === undefined ? {} : { signal }));
  }

  remove(id: string, options: RemoveOptions): Promise<void> {
    return this.change(id, (c) => c.remove({ force: options.force, v: options.volumes }));
  }

  private async change(id: string, action: (c: Dockerode.Container) => Promise<unknown>): Promise<void> {
    try {
      await this.call(id, action);
    } catch (error) {
      // "already started" / "already stopped": the user got what they asked for.
      if (!isNotModified(error)) throw error;
    } finally {
      // `id` may be a name or a short id; dropping every start time is cheaper than resolving it.
      this.startedAt.clear();
      this.changes++;
    }
  }

  private async call<T>(id: string, action: (c: Dockerode.Container) => Promise<T>): Promise<T> {
    const ref = containerRef(id);
    try {
      return await action(this.docker.getContainer(ref));
    } catch (error) {
      if (isNotModified(error)) throw error;
      throw toBerthError(error, `container ${ref}`);
    }
  }

  private async startTime(c: Dockerode.ContainerInfo): Promise<number | null> {
    if (c.State !== 'running' && c.State !== 'paused') return null;
    const known = this.startedAt.get(c.Id);
    if (known?.state === c.State) return known.startedAt;
    let startedAt: number | null;
    try {
      const parsed = Date.parse((await this.docker.getContainer(c.Id).inspect()).State.StartedAt);
      // Docker's zero time (year 1) means "never started".
      startedAt = parsed > 0 ? parsed : null;
    } catch {
      // Removed between list and inspect: the next list will not show it anyway.
      return null;
    }
    this.startedAt.set(c.Id, { state: c.State, startedAt });
    return startedAt;
  }

  private forgetAllBut(ids: Set<string>): void {
    for (const id of this.startedAt.keys()) if (!ids.has(id)) this.startedAt.delete(id);
  }
}

// The contract accepts "/name" as docker prints it; the API path wants the bare name.
function containerRef(id: string): string {
  return id.replace(/^\/+/, '');
}
