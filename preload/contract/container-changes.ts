/** One container changed: pushed at once on its engine event, ahead of the coalesced full list. */
import type { ContainerSummary } from './dto';

export interface ContainerChanged {
  /** Full container id. */
  id: string;
  /** Its summary now; null when it is gone. */
  summary: ContainerSummary | null;
}
