/**
 * The per-instance SSH key Berth uses to reach the guest. Its public half goes
 * on the guest's kernel command line at each boot, so whoever holds the
 * private half is root in the VM: the file must be ours and readable by us
 * alone. A loosened mode is tightened back; a key owned by someone else, or
 * a link pointing elsewhere, is refused rather than used.
 *
 * Mode and owner checks are POSIX-only; on Windows the file inherits the
 * ACL of the user's profile folder.
 */
import { promises as fs, type Stats } from 'node:fs';
import ssh2 from 'ssh2';
import { BerthError } from '../../../preload/contract';
import { writeFileAtomic } from '../fs/atomic-write';

export interface SshKey {
  privateKeyPath: string;
  /** One OpenSSH authorized_keys line: "ssh-ed25519 AAAA… berth". */
  publicKeyLine: string;
  /** What had to be done, for the log. */
  created: boolean;
  modeFixed: boolean;
}

const COMMENT = 'berth';

/** `ownerUid` is who must own the key: this process's user (undefined on Windows, where nothing is checked). */
export async function ensureSshKey(privateKeyPath: string, publicKeyPath: string, ownerUid = process.getuid?.()): Promise<SshKey> {
  const existing = await checkedStat(privateKeyPath, ownerUid);
  if (!existing) {
    const pair = generateParseableKey();
    await writeFileAtomic(privateKeyPath, pair.private, 0o600);
    await writeFileAtomic(publicKeyPath, `${pair.public}\n`);
    return { privateKeyPath, publicKeyLine: pair.public, created: true, modeFixed: false };
  }
  const modeFixed = process.platform !== 'win32' && (existing.mode & 0o077) !== 0;
  if (modeFixed) await fs.chmod(privateKeyPath, 0o600);
  const publicKeyLine = publicLineOf(await fs.readFile(privateKeyPath), privateKeyPath);
  // The .pub file is a convenience for `ssh -i`; the private key is the truth.
  const pub = await fs.readFile(publicKeyPath, 'utf8').catch(() => null);
  if (pub?.trim() !== publicKeyLine) await writeFileAtomic(publicKeyPath, `${publicKeyLine}\n`);
  return { privateKeyPath, publicKeyLine, created: false, modeFixed };
}

/**
 * ssh2 1.17 now and then (about 1 key in 250, measured) writes an ed25519 key
 * its own parser calls malformed; such a key would lock Berth out of its VM.
 * Keep only keys that read back.
 */
function generateParseableKey(): { private: string; public: string } {
  for (let attempt = 0; attempt < 20; attempt++) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment: COMMENT });
    if (!(ssh2.utils.parseKey(pair.private) instanceof Error)) return pair;
  }
  throw new BerthError('internal', 'could not generate a usable ed25519 key');
}

/** The stat of an existing key that Berth may use; null when there is none. */
async function checkedStat(file: string, uid: number | undefined): Promise<Stats | null> {
  let stat: Stats;
  try {
    stat = await fs.lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (!stat.isFile()) {
    throw new BerthError('conflict', `${file} should be Berth's SSH key but is not a regular file (a link or folder?); remove it and Berth makes a new key.`);
  }
  if (uid !== undefined && stat.uid !== uid) {
    throw new BerthError('conflict', `${file} belongs to user ${stat.uid}, not to you (${uid}); Berth will not use a key someone else controls. Remove it and Berth makes a new one.`);
  }
  return stat;
}

function publicLineOf(privateKey: Buffer, file: string): string {
  // An OpenSSH file can hold several keys; Berth writes one.
  const result: unknown = ssh2.utils.parseKey(privateKey);
  const parsed = (Array.isArray(result) ? result[0] : result) as ReturnType<typeof ssh2.utils.parseKey>;
  if (parsed instanceof Error || !parsed.isPrivateKey()) {
    const why = parsed instanceof Error ? parsed.message : 'it holds no private key';
    throw new BerthError('conflict', `${file} is not a usable SSH private key (${why}); remove it and Berth makes a new one.`);
  }
  return `${parsed.type} ${parsed.getPublicSSH().toString('base64')} ${COMMENT}`;
}
