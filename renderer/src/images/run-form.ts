/**
 * The Run form's state, its validation and its translation to the contract's
 * RunSpec. Pure: no DOM, no API, so every rule has a unit test. Errors are
 * keyed by field (`name`, `ports.0.hostPort`, …) for the form to show beside
 * each input; a row left wholly empty is ignored rather than refused.
 */
import type { RestartPolicyName, RunSpec } from '../../../preload/contract/images';
import type { Share } from '../../../preload/contract/settings';

export interface PortRow {
  hostIp: string;
  hostPort: string;
  containerPort: string;
  protocol: 'tcp' | 'udp';
}
export interface BindRow {
  hostPath: string;
  containerPath: string;
  readOnly: boolean;
}
export interface VolumeRow {
  name: string;
  containerPath: string;
  readOnly: boolean;
}
export interface EnvRow {
  name: string;
  value: string;
}

export interface RunForm {
  image: string;
  name: string;
  ports: PortRow[];
  binds: BindRow[];
  volumes: VolumeRow[];
  env: EnvRow[];
  network: string;
  restartPolicy: RestartPolicyName;
  /** As typed: split like a shell would (quotes, backslashes), no expansion. */
  command: string;
}

export type FieldErrors = Record<string, string>;

export interface RunFormCheck {
  errors: FieldErrors;
  /** Set only when there are no errors. */
  spec: RunSpec | null;
}

export function emptyRunForm(image: string): RunForm {
  return { image, name: '', ports: [], binds: [], volumes: [], env: [], network: '', restartPolicy: 'no', command: '' };
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/;
const NETWORK = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function validateRunForm(form: RunForm): RunFormCheck {
  const errors: FieldErrors = {};
  const spec: RunSpec = { image: form.image.trim(), ports: [], binds: [], volumes: [], env: [] };
  if (spec.image === '') errors.image = 'Choose an image to run.';

  const name = form.name.trim();
  if (name !== '') {
    if (NAME.test(name)) spec.name = name;
    else errors.name = 'A container name uses letters, digits, _ . - and starts with a letter or digit.';
  }

  const published = new Map<string, number>();
  form.ports.forEach((row, i) => {
    if (row.hostIp.trim() === '' && row.hostPort.trim() === '' && row.containerPort.trim() === '') return;
    const at = `ports.${i}`;
    const containerPort = parsePort(row.containerPort);
    if (containerPort === null) errors[`${at}.containerPort`] = 'Container port: a whole number from 1 to 65535.';
    const hostPort = row.hostPort.trim() === '' ? null : parsePort(row.hostPort);
    if (row.hostPort.trim() !== '' && hostPort === null) errors[`${at}.hostPort`] = 'Host port: a whole number from 1 to 65535, or empty for any free port.';
    const hostIp = row.hostIp.trim();
    if (hostIp !== '' && !isIpAddress(hostIp)) errors[`${at}.hostIp`] = 'Host IP: an address such as 127.0.0.1, or empty for every interface.';
    if (hostPort !== null) {
      const key = `${hostIp || '*'}:${hostPort}/${row.protocol}`;
      const first = published.get(key);
      if (first !== undefined) errors[`${at}.hostPort`] = `Host port ${hostPort}/${row.protocol} is already used by port row ${first + 1}.`;
      else published.set(key, i);
    }
    if (containerPort !== null && !errors[`${at}.hostPort`] && !errors[`${at}.hostIp`]) {
      spec.ports.push({ ...(hostIp ? { hostIp } : {}), hostPort, containerPort, protocol: row.protocol });
    }
  });

  const targets = new Map<string, string>();
  const claimTarget = (containerPath: string, field: string): void => {
    const normal = normalisePath(containerPath);
    const owner = targets.get(normal);
    if (owner) errors[field] = `${normal} is already mounted by ${owner}.`;
    else targets.set(normal, field.startsWith('binds') ? 'a folder above' : 'a volume above');
  };

  form.binds.forEach((row, i) => {
    if (row.hostPath.trim() === '' && row.containerPath.trim() === '') return;
    const at = `binds.${i}`;
    const hostPath = row.hostPath.trim();
    const containerPath = row.containerPath.trim();
    if (!isAbsolute(hostPath)) errors[`${at}.hostPath`] = 'Host folder: a full path such as /home/you/project.';
    if (!isAbsolute(containerPath)) errors[`${at}.containerPath`] = 'Path in the container: a full path such as /data.';
    else claimTarget(containerPath, `${at}.containerPath`);
    if (!errors[`${at}.hostPath`] && !errors[`${at}.containerPath`]) spec.binds.push({ hostPath, containerPath, readOnly: row.readOnly });
  });

  form.volumes.forEach((row, i) => {
    if (row.name.trim() === '' && row.containerPath.trim() === '') return;
    const at = `volumes.${i}`;
    const volume = row.name.trim();
    const containerPath = row.containerPath.trim();
    if (!NAME.test(volume)) errors[`${at}.name`] = 'Volume name: letters, digits, _ . - (a new name creates the volume).';
    if (!isAbsolute(containerPath)) errors[`${at}.containerPath`] = 'Path in the container: a full path such as /data.';
    else claimTarget(containerPath, `${at}.containerPath`);
    if (!errors[`${at}.name`] && !errors[`${at}.containerPath`]) spec.volumes.push({ name: volume, containerPath, readOnly: row.readOnly });
  });

  const seenEnv = new Map<string, number>();
  form.env.forEach((row, i) => {
    if (row.name.trim() === '' && row.value === '') return;
    const at = `env.${i}.name`;
    const envName = row.name.trim();
    if (envName === '') errors[at] = 'Give the variable a name.';
    else if (envName.includes('=')) errors[at] = 'A variable name cannot contain "="; put the value in its own field.';
    else if (/\s/.test(envName)) errors[at] = 'A variable name cannot contain spaces.';
    else if (seenEnv.has(envName)) errors[at] = `${envName} is already set in row ${seenEnv.get(envName)! + 1}.`;
    else {
      seenEnv.set(envName, i);
      spec.env.push({ name: envName, value: row.value });
    }
  });

  const network = form.network.trim();
  if (network !== '') {
    if (NETWORK.test(network)) spec.network = network;
    else errors.network = 'A network name uses letters, digits, _ . - (e.g. bridge).';
  }
  if (form.restartPolicy !== 'no') spec.restartPolicy = form.restartPolicy;

  if (form.command.trim() !== '') {
    const words = splitCommand(form.command);
    if (typeof words === 'string') errors.command = words;
    else spec.command = words;
  }

  return Object.keys(errors).length > 0 ? { errors, spec: null } : { errors, spec };
}

/**
 * A command line split into arguments the way a POSIX shell would quote them:
 * 'single' is literal, "double" honours \" and \\, a backslash escapes the
 * next character. No variables or globs: the container's program gets the
 * words as typed. A string is the error when the quoting is unfinished.
 */
export function splitCommand(line: string): string[] | string {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) word += line[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 >= line.length) return 'The command ends with a lone backslash.';
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) return `The command has an unclosed ${quote === '"' ? 'double' : 'single'} quote.`;
  if (inWord) words.push(word);
  return words;
}

/**
 * Host folders Berth's VM cannot see: a bind of a folder outside every share
 * in Settings would show up empty inside the container. The host's own engine
 * (native backend) sees every folder, so nothing is flagged there.
 */
export function bindsOutsideShares(binds: readonly BindRow[], shares: readonly Share[], backend: 'native' | 'qemu' | null): Map<number, string> {
  const flagged = new Map<number, string>();
  if (backend !== 'qemu') return flagged;
  binds.forEach((row, i) => {
    const hostPath = row.hostPath.trim();
    if (!isAbsolute(hostPath)) return;
    const share = shares.find((s) => isInside(normalisePath(hostPath), normalisePath(s.hostPath)));
    if (!share) {
      flagged.set(
        i,
        `${hostPath} is not in a shared folder, so Berth's VM cannot see it and the container would find it empty. Add it (or a folder above it) under Settings → Shared folders.`,
      );
    } else if (!share.writable && !row.readOnly) {
      flagged.set(i, `${hostPath} is in ${share.hostPath}, which is shared read-only: the container cannot write to it.`);
    }
  });
  return flagged;
}

function parsePort(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,5}$/.test(t)) return null;
  const n = Number(t);
  return n >= 1 && n <= 65535 ? n : null;
}

export function isIpAddress(text: string): boolean {
  const v4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
  if (v4.test(text)) return true;
  // IPv6: hex groups and at most one "::"; the engine has the last word on odd forms.
  if (!/^[0-9A-Fa-f:]+$/.test(text) || !text.includes(':')) return false;
  const doubles = text.split('::').length - 1;
  if (doubles > 1) return false;
  const groups = text.split(':').filter((g) => g !== '');
  return groups.every((g) => g.length <= 4) && (doubles === 1 ? groups.length < 8 : groups.length === 8);
}

function isAbsolute(p: string): boolean {
  return p.startsWith('/');
}

function normalisePath(p: string): string {
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

function isInside(child: string, parent: string): boolean {
  return parent === '/' || child === parent || child.startsWith(`${parent}/`);
}
