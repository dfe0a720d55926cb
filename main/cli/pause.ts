/** `berth pause` / `berth resume`: freeze the VM (its CPUs stop; memory stays) and thaw it. */
import { connect } from './connect';
import { statusText } from './format';

export async function pauseOrResume(verb: 'pause' | 'resume', json: boolean): Promise<number> {
  const connection = await connect({ needsEngine: false });
  try {
    const status = await connection.api.call(verb === 'pause' ? 'engine:pause' : 'engine:resume', {});
    process.stdout.write(`${json ? JSON.stringify(status, null, 2) : statusText(status)}\n`);
    return 0;
  } finally {
    await connection.close();
  }
}
