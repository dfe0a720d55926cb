/**
 * The `berth` docker context, so `docker --context berth …` reaches Berth's
 * engine. Written the way the docker CLI stores contexts (meta.json under a
 * folder named by the sha256 of the name), so no docker CLI is needed. The
 * user's current context is never changed.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write';

export const CONTEXT_NAME = 'berth';

export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG || path.join(os.homedir(), '.docker');
}

export function contextMetaFile(configDir: string, name = CONTEXT_NAME): string {
  const id = createHash('sha256').update(name).digest('hex');
  return path.join(configDir, 'contexts', 'meta', id, 'meta.json');
}

export async function writeDockerContext(dockerHost: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const file = contextMetaFile(dockerConfigDir(env));
  const meta = {
    Name: CONTEXT_NAME,
    Metadata: { Description: "Berth's Docker Engine" },
    Endpoints: { docker: { Host: dockerHost, SkipTLSVerify: false } },
  };
  await writeFileAtomic(file, JSON.stringify(meta), 0o644);
  return file;
}
