/**
 * `berth diagnose [--output FILE]`: a diagnostics bundle (logs, versions,
 * settings with secrets redacted, `docker info`) from the running Berth, or
 * from this process when none runs, copied to FILE (a folder: inside it;
 * default: the current folder under the bundle's own name).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { BerthError } from '../../preload/contract';
import { connect } from './connect';

export async function diagnose(output: string | undefined, json: boolean): Promise<number> {
  const connection = await connect({ needsEngine: true }).catch(() => connect({ needsEngine: false }));
  try {
    const bundle = await connection.api.call('troubleshoot:create-bundle', {});
    const target = await targetPath(output, bundle.fileName);
    await fs.copyFile(bundle.path, target, fs.constants.COPYFILE_EXCL).catch((error: NodeJS.ErrnoException) => {
      throw new BerthError(
        error.code === 'EEXIST' ? 'conflict' : 'internal',
        error.code === 'EEXIST' ? `${target} already exists; choose another --output or remove it.` : `Could not write ${target}: ${error.message}`,
      );
    });
    const result = { path: target, sizeBytes: bundle.sizeBytes, entries: bundle.entries };
    process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : `Diagnostics bundle saved to ${target} (${bundle.entries.length} files, ${bundle.sizeBytes} bytes).\n`);
    return 0;
  } finally {
    await connection.close();
  }
}

async function targetPath(output: string | undefined, fileName: string): Promise<string> {
  if (output === undefined || output === '') return path.resolve(fileName);
  const resolved = path.resolve(output);
  const stat = await fs.stat(resolved).catch(() => null);
  if (stat?.isDirectory()) return path.join(resolved, fileName);
  const parent = await fs.stat(path.dirname(resolved)).catch(() => null);
  if (!parent?.isDirectory()) throw new BerthError('invalid-input', `--output: the folder ${path.dirname(resolved)} does not exist.`);
  return resolved;
}
