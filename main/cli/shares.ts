/** `berth shares`: the folders shared with the VM, their mechanism and state, from the Berth that hosts the engine. */
import type { SharesReport } from '../../preload/contract';
import { connect } from './connect';
import { table } from './format';

export async function shares(json: boolean): Promise<number> {
  const connection = await connect({ needsEngine: false });
  let report: SharesReport;
  try {
    report = await connection.api.call('shares:list', {});
  } finally {
    await connection.close();
  }
  process.stdout.write(`${json ? JSON.stringify(report, null, 2) : sharesText(report)}\n`);
  // A share that cannot work is a failure a script should see.
  return report.shares.some((s) => s.state === 'refused' || s.state === 'not-mounted') ? 1 : 0;
}

export function sharesText(report: SharesReport): string {
  if (report.shares.length === 0) return 'No folders are shared. Add one with `berth settings set shares \'[{"hostPath":"/path","writable":true}]\'`.';
  return table(
    ['FOLDER', 'ACCESS', 'MECHANISM', 'STATE'],
    report.shares.map((s) => [s.hostPath, s.writable ? 'rw' : 'ro', s.mechanism ?? '-', `${s.state}: ${s.message}`]),
  );
}
