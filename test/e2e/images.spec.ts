/**
 * The Images page in Chromium through the web host, on the real engine: an
 * archive made by `docker save` is uploaded and listed; a pull that cannot
 * reach its registry shows the engine's error as the engine said it; a
 * container is run from the Run form with a port, a folder and a variable,
 * all three checked on the engine, the folder and the variable in effect (the
 * test engine runs with --bridge=none, so nothing can answer on a published
 * port); the engine's refusals of a Run are shown; a tag is removed and
 * dangling images are pruned, each after a confirmation.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';
import Dockerode from 'dockerode';
import { dockerOptionsFromHost } from '../../main/core/docker/connection';
import { engineSentence } from '../../main/core/docker/engine-words';
import { BUSYBOX_TAG } from '../fixtures/busybox-image';
import { startFakeRegistry } from '../fixtures/fake-registry';

const run = promisify(execFile);
const docker = (...args: string[]) => run('docker', args, { env: process.env, timeout: 60_000 });
const engine = () => new Dockerode(dockerOptionsFromHost(process.env.DOCKER_HOST!));
const loadedTag = `berth-e2e/loaded:${process.pid}`;
const danglingRepo = `berth-e2e/dangling-${process.pid}`;
const containerName = `e2e-run-${process.pid}`;
const shots = 'test/e2e/artifacts';
let scratch = '';

async function openImages(page: Page): Promise<void> {
  await page.goto(process.env.BERTH_WEB_URL!);
  await page.getByRole('link', { name: 'Images' }).click();
  await expect(page.getByTestId('images-table')).toBeVisible();
}

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test.beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'berth-e2e-images-'));
});

test.afterAll(async () => {
  await docker('rm', '-f', containerName).catch(() => undefined);
  await docker('rmi', loadedTag).catch(() => undefined);
  await rm(scratch, { recursive: true, force: true });
});

test('an archive made by docker save is uploaded, loaded and listed; its tag is removed after a confirmation', async ({ page }) => {
  const archive = path.join(scratch, 'loaded.tar');
  await docker('tag', BUSYBOX_TAG, loadedTag);
  await docker('save', '-o', archive, loadedTag);
  await docker('rmi', loadedTag);
  expect((await stat(archive)).size).toBeGreaterThan(100_000);

  await openImages(page);
  await expect(page.getByText(loadedTag)).toHaveCount(0);
  await page.getByTestId('image-load-input').setInputFiles(archive);
  await expect(page.getByTestId('image-load-result')).toHaveText(`Loaded ${loadedTag}`, { timeout: 30_000 });
  const row = page.getByTestId('image-row').filter({ hasText: loadedTag });
  await expect(row).toBeVisible();
  await page.screenshot({ path: `${shots}/images-loaded.png`, fullPage: true });

  // Details: the layers and history of what was loaded.
  await row.getByRole('button', { name: /^Details of / }).click();
  const detail = page.getByTestId('image-detail');
  await expect(detail.getByRole('heading', { level: 1 })).toHaveText(/busybox|loaded/);
  await expect(detail.locator('dl')).toContainText(loadedTag);
  await expect(page.getByTestId('image-layers').locator('li').first()).toContainText('sha256:');
  await expect(page.getByTestId('image-history')).toContainText('busybox');
  await page.screenshot({ path: `${shots}/image-detail.png`, fullPage: true });
  await page.getByRole('button', { name: '← Images' }).click();

  // The image carries two tags now: remove only the loaded one.
  await row.getByRole('button', { name: /^Remove / }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(`Only the tag ${loadedTag}`).check();
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByText(loadedTag)).toHaveCount(0);
  const tags = (await engine().getImage(BUSYBOX_TAG).inspect()).RepoTags;
  expect(tags).toContain(BUSYBOX_TAG);
  expect(tags).not.toContain(loadedTag);
});

test('a file that is not an image archive is refused with the reason', async ({ page }) => {
  const junk = path.join(scratch, 'not-an-image.tar');
  await writeFile(junk, 'this is not a tar archive\n'.repeat(100));
  await openImages(page);
  await page.getByTestId('image-load-input').setInputFiles(junk);
  await expect(page.getByTestId('image-load-error')).toContainText('The engine could not load the archive');
});

test('the upload address refuses callers without the token, and pages of other sites', async () => {
  const url = new URL(process.env.BERTH_WEB_URL!);
  const token = url.searchParams.get('token')!;
  const upload = `${url.origin}/api/images/load`;
  const body = 'not even a tar';
  expect((await fetch(upload, { method: 'POST', body })).status).toBe(401);
  expect((await fetch(upload, { method: 'POST', body, headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
  const foreign = await fetch(upload, { method: 'POST', body, headers: { Authorization: `Bearer ${token}`, Origin: 'http://evil.example' } });
  expect(foreign.status).toBe(403);
  // With the token it reaches the engine, which says what is wrong with the body.
  const answered = await fetch(upload, { method: 'POST', body, headers: { Authorization: `Bearer ${token}` } });
  expect(answered.status).toBe(400);
  expect(((await answered.json()) as { error: { message: string } }).error.message).toMatch(/could not load the archive/);
  const wrongMethod = await fetch(upload, { headers: { Authorization: `Bearer ${token}` } });
  expect(wrongMethod.status).toBe(405);
});

test("a pull whose registry cannot be reached shows the engine's error verbatim", async ({ page }) => {
  const reference = 'busybox:1.36';
  // What the engine says to any client about this pull, read through the API directly: either a
  // refused request or an error line in the progress stream.
  const docker = engine();
  const said = await docker.pull(reference).then(
    (stream: NodeJS.ReadableStream) =>
      new Promise<string | null>((resolve) =>
        docker.modem.followProgress(stream, (error, events: Array<{ error?: string; errorDetail?: { message?: string } }>) => {
          const failed = events.find((e) => e.errorDetail || e.error);
          resolve(failed?.errorDetail?.message ?? failed?.error ?? error?.message ?? null);
        }),
      ),
    (error: unknown) => engineSentence(error),
  );
  expect(said, 'this test needs an engine that cannot reach Docker Hub').not.toBeNull();

  await openImages(page);
  await page.getByLabel('Image to pull').fill(reference);
  await page.getByRole('button', { name: 'Pull', exact: true }).click();
  await expect(page.getByTestId('pull-error')).toHaveText(said!, { timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Pull', exact: true })).toBeEnabled();
  await page.screenshot({ path: `${shots}/image-pull-error.png`, fullPage: true });
});

test('a pull shows each layer and an overall bar, and lists the image when done', async ({ page }) => {
  const archive = path.join(scratch, 'to-serve.tar');
  await docker('save', '-o', archive, BUSYBOX_TAG);
  // The busybox layers plus one new layer of 512 kB random bytes, at 32 kB per 25 ms: a second or
  // so of download to watch.
  const registry = await startFakeRegistry(archive);
  const reference = `${registry.host}/berth/pulled:1`;
  try {
    await openImages(page);
    await page.getByLabel('Image to pull').fill(reference);
    await page.getByRole('button', { name: 'Pull', exact: true }).click();
    const bar = page.getByTestId('pull-progress').getByRole('progressbar');
    // Mid-pull: a layer downloading with its bytes, and the overall bar part way.
    await expect(page.getByTestId('pull-layer').filter({ hasText: 'Downloading' }).first()).toContainText(/\d+(\.\d+)? [kM]B \/ \d+(\.\d+)? [kM]B/);
    const midway = Number(await bar.getAttribute('aria-valuenow'));
    expect(midway).toBeLessThan(100);
    await page.screenshot({ path: `${shots}/image-pull-progress.png`, fullPage: true });
    await expect(page.getByRole('status').filter({ hasText: `Pulled ${reference}` })).toBeVisible({ timeout: 30_000 });
    await expect(bar).toHaveAttribute('aria-valuenow', '100');
    // Every layer is fetched (the engine knows none by its compressed digest): busybox's and the new one.
    const layerCount = (await engine().getImage(BUSYBOX_TAG).inspect()).RootFS.Layers!.length + 1;
    await expect(page.getByTestId('pull-layer')).toHaveCount(layerCount);
    await expect(page.getByTestId('pull-layer').filter({ hasText: 'Pull complete' })).toHaveCount(layerCount);
    await expect(page.getByTestId('image-row').filter({ hasText: reference })).toBeVisible();
    expect(registry.blobRequests).toBe(layerCount + 1); // the layers and the config
  } finally {
    await registry.close();
    await docker('rmi', reference).catch(() => undefined);
  }
});

test('a pull that hangs can be cancelled', async ({ page }) => {
  // A "registry" that accepts connections and never answers: the pull waits until cancelled.
  const sockets = new Set<net.Socket>();
  const silent = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as net.AddressInfo;
  try {
    await openImages(page);
    await page.getByLabel('Image to pull').fill(`127.0.0.1:${port}/berth/hangs:1`);
    await page.getByRole('button', { name: 'Pull', exact: true }).click();
    await expect(page.getByTestId('pull-progress')).toContainText('Pulling 127.0.0.1');
    await expect.poll(() => sockets.size, { timeout: 10_000 }).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Cancel pull' }).click();
    await expect(page.getByText('Pull cancelled.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Pull', exact: true })).toBeEnabled();
    // (dockerd keeps its own half-open connection to such a registry for over a minute after any
    // client cancels, the docker CLI's included; that the request to the engine is aborted is a unit test.)
  } finally {
    for (const socket of sockets) socket.destroy();
    silent.close();
  }
});

test('the Run form checks its fields, then runs a container with a port, a folder and a variable', async ({ page }) => {
  const port = await freePort();
  const folder = await mkdtemp(path.join(scratch, 'bind-'));
  const greeting = `hello from berth ${process.pid}`;

  await openImages(page);
  const row = page.getByTestId('image-row').filter({ hasText: BUSYBOX_TAG });
  const runButton = row.getByRole('button', { name: /^Run / });
  // By keyboard: Escape closes the form and gives the focus back to its button.
  await runButton.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(runButton).toBeFocused();
  await runButton.click();
  await dialog.getByLabel('Container name').fill(containerName);

  await dialog.getByRole('button', { name: 'Add port' }).click();
  await dialog.getByLabel('Host port 1').fill(String(port));
  await dialog.getByLabel('Container port 1').fill('eighty');
  await dialog.getByRole('button', { name: 'Add folder' }).click();
  await dialog.getByLabel('Host folder 1').fill(folder);
  await dialog.getByLabel('Folder path in container 1').fill('/srv');
  await dialog.getByRole('button', { name: 'Add variable' }).click();
  await dialog.getByLabel('Variable name 1').fill('GREETING');
  await dialog.getByLabel('Variable value 1').fill(greeting);
  await dialog.getByLabel('Command').fill(`sh -c 'echo "GREETING=$GREETING"; echo "$GREETING" > /srv/greeting.txt; exec httpd -f -p 80 -h /srv'`);

  // Checked before anything is sent: no container appears.
  await dialog.getByRole('button', { name: 'Run' }).click();
  await expect(dialog.getByText('Container port: a whole number from 1 to 65535.')).toBeVisible();
  expect(await engine().listContainers({ all: true, filters: { name: [containerName] } })).toHaveLength(0);
  await page.screenshot({ path: `${shots}/run-form-invalid.png`, fullPage: true });

  await dialog.getByLabel('Container port 1').fill('80');
  await dialog.getByRole('button', { name: 'Run' }).click();
  await expect(dialog).toHaveCount(0, { timeout: 20_000 });

  const info = await engine().getContainer(containerName).inspect();
  expect(info.State.Running).toBe(true);
  expect(info.HostConfig.PortBindings).toEqual({ '80/tcp': [{ HostIp: '', HostPort: String(port) }] });
  expect(info.Mounts).toEqual([expect.objectContaining({ Type: 'bind', Source: folder, Destination: '/srv', RW: true })]);
  expect(info.Config.Env).toContain(`GREETING=${greeting}`);

  // In effect: the variable in the container's output, and written through the folder to the host.
  await expect.poll(async () => (await docker('logs', containerName)).stdout, { timeout: 10_000 }).toContain(`GREETING=${greeting}`);
  await expect.poll(() => readFile(path.join(folder, 'greeting.txt'), 'utf8').catch(() => ''), { timeout: 10_000 }).toBe(`${greeting}\n`);

  await page.getByRole('link', { name: 'Containers' }).click();
  await expect(page.locator(`[data-testid="container-row"][data-name="${containerName}"]`)).toContainText('running');
});

test("the engine's refusals of a Run are shown as it said them, and leave no container behind", async ({ page }) => {
  const name = `${containerName}-refused`;
  const missing = path.join(scratch, 'no-such-folder');
  await openImages(page);
  await page.getByTestId('image-row').filter({ hasText: BUSYBOX_TAG }).getByRole('button', { name: /^Run / }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Container name').fill(name);
  await dialog.getByRole('button', { name: 'Add folder' }).click();
  await dialog.getByLabel('Host folder 1').fill(missing);
  await dialog.getByLabel('Folder path in container 1').fill('/data');
  await dialog.getByRole('button', { name: 'Run' }).click();
  // Refused at create: the folder is not there.
  const refusal = dialog.getByTestId('run-refusal');
  await expect(refusal).toHaveText(`invalid mount config for type "bind": bind source path does not exist: ${missing}`);
  await page.screenshot({ path: `${shots}/run-refused.png`, fullPage: true });

  // Refused at start: the program is not in the image. The created container is removed again.
  await dialog.getByRole('button', { name: 'Remove folder 1' }).click();
  await dialog.getByLabel('Command').fill('no-such-program --flag');
  await dialog.getByRole('button', { name: 'Run' }).click();
  await expect(refusal).toContainText('"no-such-program": executable file not found in $PATH');
  expect(await engine().listContainers({ all: true, filters: { name: [name] } })).toHaveLength(0);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
});

test('prune removes dangling images after a confirmation and says what it reclaimed', async ({ page }) => {
  test.skip(!process.env.BERTH_E2E_PRIVATE_ENGINE, "a prune removes everything unused on the engine: run only on the tests' private dockerd, never on yours");
  // Two commits under one tag: the first loses its tag and dangles.
  const base = `${containerName}-base`;
  await docker('create', '--name', base, BUSYBOX_TAG, 'true');
  try {
    await docker('commit', '--change', 'LABEL round=1', base, `${danglingRepo}:latest`);
    const first = (await engine().getImage(`${danglingRepo}:latest`).inspect()).Id;
    await docker('commit', '--change', 'LABEL round=2', base, `${danglingRepo}:latest`);
    const dangling = await engine().listImages({ filters: { dangling: ['true'] } });
    expect(dangling.map((i) => i.Id)).toContain(first);

    await openImages(page);
    await page.getByRole('button', { name: 'Prune…' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByLabel(/Dangling images only/)).toBeChecked();
    await dialog.getByRole('button', { name: 'Prune' }).click();
    await expect(page.getByTestId('prune-result')).toHaveText(/^Removed \d+ images?; reclaimed .+\.$/);
    await page.screenshot({ path: `${shots}/images-pruned.png`, fullPage: true });
    expect(await engine().listImages({ filters: { dangling: ['true'] } })).toHaveLength(0);
    // Tagged images stay.
    await engine().getImage(`${danglingRepo}:latest`).inspect();
    await engine().getImage(BUSYBOX_TAG).inspect();
  } finally {
    await docker('rm', '-f', base).catch(() => undefined);
    await docker('rmi', `${danglingRepo}:latest`).catch(() => undefined);
  }
});
