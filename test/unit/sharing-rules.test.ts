import { describe, expect, it } from 'vitest';
import { planShares, shareHolding, type PathKind } from '../../main/core/sharing/share-rules';

const dirs = new Set(['/etc', '/var/lib/docker', '/home/dev', '/home/dev/src', '/home/dev/src/app', '/srv/data', '/opt/a,b c']);
const files = new Set(['/home/dev/notes.txt']);
const inspect = (p: string): PathKind => (dirs.has(p) ? 'directory' : files.has(p) ? 'not-directory' : 'missing');
const rw = (hostPath: string) => ({ hostPath, writable: true });
const ro = (hostPath: string) => ({ hostPath, writable: false });

describe('planShares', () => {
  it.each([
    ['one share mounts at the same path', [rw('/home/dev')], ['/home/dev'], []],
    ['a trailing slash is normalised', [rw('/home/dev/')], ['/home/dev'], []],
    ['unrelated shares both mount', [rw('/home/dev'), ro('/srv/data')], ['/home/dev', '/srv/data'], []],
    ['a nested share with the same writability merges into its parent', [rw('/home/dev/src'), rw('/home/dev')], ['/home/dev'], []],
    ['a path with a comma and a space is kept as is', [ro('/opt/a,b c')], ['/opt/a,b c'], []],
    ['a relative path is refused', [rw('home/dev')], [], ['"home/dev" is not an absolute path']],
    ['the root is refused', [rw('/')], [], ['the filesystem root cannot be shared']],
    ['a missing folder is refused', [rw('/nope')], [], ['/nope does not exist; create it or remove the share']],
    ['a file is refused', [rw('/home/dev/notes.txt')], [], ['/home/dev/notes.txt is not a directory']],
    ['a duplicate with the same writability merges', [rw('/home/dev'), rw('/home/dev/')], ['/home/dev'], []],
    ['duplicates in other non-normal forms merge', [rw('/home//dev'), rw('/home/./dev/src/..'), rw('/srv/x/../data/')], ['/home/dev', '/srv/data'], []],
    ['a path that resolves to the root is refused', [rw('/home/..')], [], ['the filesystem root cannot be shared']],
    ['a duplicate with a different writability is refused', [rw('/home/dev'), ro('/home/dev')], ['/home/dev'], ['listed twice, writable and read-only']],
    [
      'a nested share with a different writability is refused, naming both',
      [rw('/home/dev'), ro('/home/dev/src')],
      ['/home/dev'],
      ['/home/dev/src is inside /home/dev, which is shared writable'],
    ],
    ['a refused share does not stop the others', [rw('/'), rw('/srv/data')], ['/srv/data'], ['filesystem root']],
    ["a folder the VM's own system lives in is refused", [rw('/etc'), rw('/var/lib/docker')], [], ["the VM's own /etc is there", "the VM's own /var is there"]],
    ['a home under /root or /home is fine', [rw('/home/dev')], ['/home/dev'], []],
  ])('%s', (_name, shares, mounted, reasons) => {
    const plan = planShares(shares, inspect);
    expect(plan.mounts.map((m) => m.hostPath)).toEqual(mounted);
    const refused = plan.verdicts.filter((v) => v.verdict === 'refused').map((v) => v.reason);
    expect(refused).toHaveLength(reasons.length);
    reasons.forEach((reason, i) => expect(refused[i]).toContain(reason));
  });

  it('reports every share, in the order of the settings, with what became of it', () => {
    const plan = planShares([rw('/home/dev/src/app'), rw('/home/dev'), ro('/nope')], inspect);
    expect(plan.verdicts).toEqual([
      { hostPath: '/home/dev/src/app', writable: true, verdict: 'merged', within: '/home/dev' },
      { hostPath: '/home/dev', writable: true, verdict: 'mounted' },
      { hostPath: '/nope', writable: false, verdict: 'refused', reason: expect.stringContaining('/nope does not exist') },
    ]);
  });

  it('reports a share listed twice in two forms where each is listed', () => {
    const plan = planShares([rw('/home/dev'), ro('/srv/data'), rw('/home/dev/')], inspect);
    expect(plan.mounts.map((m) => m.hostPath)).toEqual(['/home/dev', '/srv/data']);
    expect(plan.verdicts).toEqual([
      { hostPath: '/home/dev', writable: true, verdict: 'mounted' },
      { hostPath: '/srv/data', writable: false, verdict: 'mounted' },
      { hostPath: '/home/dev', writable: true, verdict: 'merged', within: '/home/dev' },
    ]);
  });

  it('gives each mount a distinct short tag and the same guest path', () => {
    const plan = planShares([rw('/home/dev'), ro('/srv/data')], inspect);
    expect(plan.mounts).toEqual([
      { hostPath: '/home/dev', guestPath: '/home/dev', writable: true, tag: 'berth0' },
      { hostPath: '/srv/data', guestPath: '/srv/data', writable: false, tag: 'berth1' },
    ]);
  });
});

describe('shareHolding', () => {
  const { mounts } = planShares([rw('/home/dev'), ro('/srv/data')], inspect);
  it.each([
    ['/home/dev', '/home/dev'],
    ['/home/dev/src/x', '/home/dev'],
    ['/srv/data/', '/srv/data'],
    ['/home/developer', undefined],
    ['/etc', undefined],
    ['/', undefined],
  ])('%s is in %s', (hostPath, holder) => {
    expect(shareHolding(mounts, hostPath)?.hostPath).toBe(holder);
  });
});
