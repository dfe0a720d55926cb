/**
 * Docker's pull progress (the JSON messages of POST /images/create, one per
 * line) folded into per-layer state and one overall fraction. Pure: the
 * stream is read elsewhere (image-pull.ts), so the maths has table tests on
 * recorded messages.
 *
 * A layer's download is the first 80 % of it and its extraction the rest:
 * extraction reads from disk and is usually much quicker. The overall
 * fraction weights each layer by its size; a layer whose size Docker has not
 * said yet (it says so when the download starts) counts as an average one.
 */
import type { PullLayer, PullLayerPhase, PullProgress } from '../../../preload/contract';

/** One message of the pull stream, as Docker writes it. */
export interface PullMessage {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  progress?: string;
  error?: string;
  errorDetail?: { message?: string; code?: number };
}

const DOWNLOAD_SHARE = 0.8;

/** Docker's status words → where the layer is. Unknown words leave the phase as it was. */
export function phaseOf(status: string): PullLayerPhase | null {
  if (status === 'Pulling fs layer' || status === 'Waiting' || status.startsWith('Retrying')) return 'waiting';
  if (status === 'Downloading') return 'downloading';
  if (status === 'Verifying Checksum' || status === 'Download complete') return 'verifying';
  if (status === 'Extracting') return 'extracting';
  if (status === 'Pull complete' || status === 'Already exists') return 'done';
  return null;
}

/** 0..1 of one layer. */
export function layerFraction(layer: Pick<PullLayer, 'phase' | 'totalBytes' | 'downloadedBytes' | 'extractedBytes'>): number {
  const part = (bytes: number): number => (layer.totalBytes && layer.totalBytes > 0 ? Math.min(1, bytes / layer.totalBytes) : 0);
  switch (layer.phase) {
    case 'waiting':
      return 0;
    case 'downloading':
      return DOWNLOAD_SHARE * part(layer.downloadedBytes);
    case 'verifying':
      return DOWNLOAD_SHARE;
    case 'extracting':
      return DOWNLOAD_SHARE + (1 - DOWNLOAD_SHARE) * part(layer.extractedBytes);
    case 'done':
      return 1;
  }
}

/** 0..1 over all layers, each weighted by its size (an unknown size counts as the mean of the known ones). */
export function overallFraction(layers: readonly PullLayer[]): number {
  if (layers.length === 0) return 0;
  const known = layers.filter((l) => l.totalBytes !== null && l.totalBytes > 0).map((l) => l.totalBytes!);
  const fallback = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : 1;
  let weighted = 0;
  let total = 0;
  for (const layer of layers) {
    const weight = layer.totalBytes !== null && layer.totalBytes > 0 ? layer.totalBytes : fallback;
    weighted += weight * layerFraction(layer);
    total += weight;
  }
  return total > 0 ? weighted / total : 0;
}

export class PullTracker {
  private readonly layers = new Map<string, PullLayer>();
  private status: string | null = null;
  private shown = 0;
  private finished = false;
  /** The engine's error, verbatim, once the stream has reported one. */
  error: string | null = null;

  constructor(private readonly reference: string) {}

  /** Folds one message in; true when what a user sees may have changed. */
  apply(message: PullMessage): boolean {
    if (message.error !== undefined || message.errorDetail !== undefined) {
      this.error = message.errorDetail?.message ?? message.error ?? 'the engine reported an error it did not describe';
      return true;
    }
    const status = message.status;
    if (typeof status !== 'string') return false;
    const phase = phaseOf(status);
    // "Pulling from library/busybox" carries the tag as its id: it is not a layer.
    if (phase === null || !message.id) {
      this.status = message.id && !status.includes(message.id) ? `${status} (${message.id})` : status;
      if (status.startsWith('Status: ')) this.finished = true;
      return true;
    }
    const known = this.layers.get(message.id);
    // Docker names every layer at the start; one more layer is a bigger whole, so the floor goes.
    if (!known) this.shown = 0;
    const layer = known ?? {
      id: message.id,
      phase: 'waiting',
      status,
      totalBytes: null,
      downloadedBytes: 0,
      extractedBytes: 0,
      fraction: 0,
    };
    layer.phase = phase;
    layer.status = status;
    const { current, total } = message.progressDetail ?? {};
    if (phase === 'downloading') {
      if (typeof total === 'number' && total > 0) layer.totalBytes = total;
      if (typeof current === 'number') layer.downloadedBytes = current;
    } else if (phase === 'verifying') {
      if (layer.totalBytes !== null) layer.downloadedBytes = layer.totalBytes;
    } else if (phase === 'extracting') {
      if (layer.totalBytes !== null) layer.downloadedBytes = layer.totalBytes;
      // Extraction counts the same compressed bytes; a layer first seen here gets its size from it.
      if (typeof total === 'number' && total > 0 && layer.totalBytes === null) layer.totalBytes = total;
      if (typeof current === 'number') layer.extractedBytes = current;
    } else if (phase === 'done' && layer.totalBytes !== null) {
      layer.downloadedBytes = layer.totalBytes;
      layer.extractedBytes = layer.totalBytes;
    }
    layer.fraction = layerFraction(layer);
    this.layers.set(layer.id, layer);
    return true;
  }

  snapshot(): PullProgress {
    const layers = [...this.layers.values()].map((l) => ({ ...l }));
    // Never backwards once every layer is named: a layer whose size becomes known can lower the
    // weighted sum, and a bar that shrinks reads as a fault. It catches up as that layer progresses.
    this.shown = this.finished ? 1 : Math.max(this.shown, overallFraction(layers));
    return { reference: this.reference, layers, fraction: this.shown, status: this.status };
  }
}
