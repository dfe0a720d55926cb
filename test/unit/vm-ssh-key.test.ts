import { chmod, mkdtemp, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';
import { beforeEach, describe, expect, it } from 'vitest';
import { ensureSshKey } from '../../main/core/vm/ssh-key';

let dir: string;
let privateKey: string;
let publicKey: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'berth-key-'));
  privateKey = path.join(dir, 'id_ed25519');
  publicKey = path.join(dir, 'id_ed25519.pub');
});

const modeOf = async (file: string) => (await stat(file)).mode & 0o777;

describe('ensureSshKey', () => {
  it('creates an ed25519 pair readable by the owner alone and returns its OpenSSH public line', async () => {
    const key = await ensureSshKey(privateKey, publicKey);
    expect(key).toMatchObject({ privateKeyPath: privateKey, created: true, modeFixed: false });
    expect(key.publicKeyLine).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA[A-Za-z0-9+/=]+ berth$/);
    expect(await modeOf(privateKey)).toBe(0o600);
    expect((await readFile(publicKey, 'utf8')).trim()).toBe(key.publicKeyLine);
    // The private key signs what the public line verifies: it is one pair.
    const priv = ssh2.utils.parseKey(await readFile(privateKey)) as ssh2.ParsedKey;
    const pub = ssh2.utils.parseKey(key.publicKeyLine) as ssh2.ParsedKey;
    expect(pub.verify('hello', priv.sign('hello'))).toBe(true);
  });

  it('reuses the existing key instead of making a new one', async () => {
    const first = await ensureSshKey(privateKey, publicKey);
    const before = await readFile(privateKey);
    const second = await ensureSshKey(privateKey, publicKey);
    expect(second).toMatchObject({ created: false, modeFixed: false, publicKeyLine: first.publicKeyLine });
    expect(await readFile(privateKey)).toEqual(before);
  });

  it('tightens a loosened private key back to 0600', async () => {
    await ensureSshKey(privateKey, publicKey);
    await chmod(privateKey, 0o644);
    expect(await ensureSshKey(privateKey, publicKey)).toMatchObject({ modeFixed: true, created: false });
    expect(await modeOf(privateKey)).toBe(0o600);
  });

  it('rewrites a missing or wrong .pub from the private key', async () => {
    const { publicKeyLine } = await ensureSshKey(privateKey, publicKey);
    await writeFile(publicKey, 'ssh-ed25519 AAAAsomeoneelse x\n');
    expect((await ensureSshKey(privateKey, publicKey)).publicKeyLine).toBe(publicKeyLine);
    expect((await readFile(publicKey, 'utf8')).trim()).toBe(publicKeyLine);
  });

  it('refuses a key owned by another user, leaving it in place', async () => {
    await ensureSshKey(privateKey, publicKey);
    const owner = (await stat(privateKey)).uid;
    await expect(ensureSshKey(privateKey, publicKey, owner + 1)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining(`belongs to user ${owner}`),
    });
    expect(await modeOf(privateKey)).toBe(0o600);
  });

  it('refuses a private key that is a link, or not a key, rather than using or replacing it', async () => {
    const elsewhere = path.join(dir, 'elsewhere');
    await ensureSshKey(elsewhere, `${elsewhere}.pub`);
    await symlink(elsewhere, privateKey);
    await expect(ensureSshKey(privateKey, publicKey)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('not a regular file') });

    const garbage = path.join(dir, 'garbage');
    await writeFile(garbage, 'not a key', { mode: 0o600 });
    await expect(ensureSshKey(garbage, `${garbage}.pub`)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('not a usable SSH private key') });
    expect(await readFile(garbage, 'utf8')).toBe('not a key');
  });
});
