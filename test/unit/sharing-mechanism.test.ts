import { describe, expect, it } from 'vitest';
import { chooseMechanism, mechanismsOnHost, parseVirtiofsdVersion, type MechanismFacts } from '../../main/core/sharing/mechanism';

const cVirtiofsd = { path: '/usr/lib/qemu/virtiofsd', flavour: 'c', version: '7.2.22' } as const;
const rustVirtiofsd = { path: '/usr/libexec/virtiofsd', flavour: 'rust', version: '1.10.1' } as const;
const facts = (virtiofsd: MechanismFacts['virtiofsd'], root: boolean, platform: NodeJS.Platform = 'linux', guestNinep = true): MechanismFacts => ({
  virtiofsd,
  root,
  platform,
  guestNinep,
});

describe('parseVirtiofsdVersion', () => {
  it.each([
    ['virtiofsd version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)\nCopyright (c) 2003-2022 Fabrice Bellard\n', { flavour: 'c', version: '7.2.22' }],
    ['virtiofsd 1.10.1\n', { flavour: 'rust', version: '1.10.1' }],
    ['something else\n', null],
  ])('reads %j', (output, expected) => {
    expect(parseVirtiofsdVersion(output)).toEqual(expected);
  });
});

describe('chooseMechanism', () => {
  it.each([
    ['auto, C virtiofsd as root', 'auto', facts(cVirtiofsd, true), 'virtiofs'],
    ['auto, C virtiofsd as a user', 'auto', facts(cVirtiofsd, false), '9p'],
    ['auto, Rust virtiofsd as a user', 'auto', facts(rustVirtiofsd, false), 'virtiofs'],
    ['auto, no virtiofsd', 'auto', facts(null, false), '9p'],
    ['9p forced although virtiofs works', '9p', facts(cVirtiofsd, true), '9p'],
    ['virtiofs forced and usable', 'virtiofs', facts(rustVirtiofsd, false), 'virtiofs'],
  ] as const)('%s: %s', (_name, choice, hostFacts, expected) => {
    expect(chooseMechanism(choice, hostFacts)).toEqual({ mechanism: expected });
  });

  it('says why a forced virtiofs cannot work and what to do', () => {
    const choice = chooseMechanism('virtiofs', facts(cVirtiofsd, false));
    expect(choice.mechanism).toBeNull();
    expect(choice.problem).toContain('runs only as root');
    expect(choice.problem).toContain('set shareMechanism to auto');
  });

  it('has nothing on Windows without virtiofsd, and says so', () => {
    const choice = chooseMechanism('auto', facts(null, false, 'win32'));
    expect(choice.mechanism).toBeNull();
    expect(choice.problem).toContain('no virtfs');
  });
});

describe('mechanismsOnHost', () => {
  it('lists both, 9p always available on Linux', () => {
    expect(mechanismsOnHost(facts(null, false)).map((m) => [m.name, m.available])).toEqual([
      ['virtiofs', false],
      ['9p', true],
    ]);
    expect(mechanismsOnHost(facts(cVirtiofsd, true))[0]).toEqual({ name: 'virtiofs', available: true, detail: '/usr/lib/qemu/virtiofsd (virtiofsd 7.2.22)' });
  });

  it("says 9p is out when the guest image's kernel has none, and auto then needs virtiofs", () => {
    const noNinep = (virtiofsd: MechanismFacts['virtiofsd'], root: boolean) => facts(virtiofsd, root, 'linux', false);
    expect(mechanismsOnHost(noNinep(cVirtiofsd, true))[1]).toEqual({
      name: '9p',
      available: false,
      detail: "Berth's guest image has no 9p (its kernel, Debian's cloud flavour, lacks it): shares use virtiofs",
    });
    expect(chooseMechanism('auto', noNinep(cVirtiofsd, true))).toEqual({ mechanism: 'virtiofs' });
    expect(chooseMechanism('auto', noNinep(cVirtiofsd, false)).mechanism).toBeNull();
    expect(chooseMechanism('auto', noNinep(cVirtiofsd, false)).problem).toMatch(/runs only as root.*9p: Berth's guest image has no 9p/);
  });
});
