/** Folders shared with the VM, as every client sees them (`shares:list`, `berth shares`). */

export type ShareMechanism = 'virtiofs' | '9p';

export interface MechanismInfo {
  name: ShareMechanism;
  available: boolean;
  /** Where it comes from when available; what is missing and how to get it when not. */
  detail: string;
}

/**
 * mounted: mounted in the running VM; merged: visible through an outer share; refused: invalid (see message);
 * not-mounted: should be, is not; pending: mounted when the VM starts; host: the native engine sees the folder itself.
 */
export type ShareState = 'mounted' | 'merged' | 'refused' | 'not-mounted' | 'pending' | 'host' | 'failed';

export interface ShareRow {
  hostPath: string;
  writable: boolean;
  mechanism: ShareMechanism | 'host' | null;
  state: ShareState;
  /** What the state means for the user, and what to do about it. */
  message: string;
}

export interface SharesReport {
  mechanisms: MechanismInfo[];
  shares: ShareRow[];
}
