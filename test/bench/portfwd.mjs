// Benchmark: the port forwarder's data path, all in one run.
//   (a) raw loopback: a Node client and server on 127.0.0.1 (the baseline);
//   (b) the forwarder's data plane to a target on the host: host listener →
//       berth-portd protocol → the real agent (run on the host) → target;
//   (c) end to end into the VM: host listener → QEMU user network → agent in
//       the guest → Docker's proxy → a container.
// For each: single-stream throughput (Gbit/s, median of 3), request/response
// latency (p50/p99 over sequential 64-byte round trips) and connections per
// second (connect, one round trip, close). Prints the ratio b/a.
//   node test/bench/portfwd.mjs [--no-vm]   (needs `npm run build`, gcc, and for (c) the guest image)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

// Inside the checkout (dist/), so the bundle's require() finds node_modules.
const bundle = path.resolve('dist/bench/portfwd-parts.cjs');
await build({ entryPoints: ['test/bench/portfwd-parts.ts'], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, packages: 'external', logLevel: 'warning' });
const parts = createRequire(import.meta.url)(bundle);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

/** A server on 127.0.0.1 that swallows what it gets (sink) or sends it back (echo). */
async function hostServer(kind) {
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    if (kind === 'echo') socket.pipe(socket);
    else socket.on('data', () => undefined).on('end', () => socket.end('done'));
    socket.on('error', () => undefined);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: server.address().port, close: () => server.close() };
}

function connect(port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1', noDelay: true }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends `bytes` and waits for the sink's "done": Gbit/s. */
async function throughput(port, bytes) {
  const socket = await connect(port);
  const chunk = Buffer.alloc(256 * 1024, 7);
  const started = process.hrtime.bigint();
  const done = new Promise((resolve, reject) => {
    socket.once('data', resolve);
    socket.once('close', () => reject(new Error('the connection closed before the sink answered')));
  });
  let sent = 0;
  while (sent < bytes) {
    sent += chunk.length;
    if (!socket.write(chunk)) await new Promise((resolve) => socket.once('drain', resolve));
  }
  socket.end();
  await done;
  socket.destroy();
  return (bytes * 8) / (Number(process.hrtime.bigint() - started) / 1e9) / 1e9;
}

/** Sequential 64-byte round trips on one connection: latencies in µs. */
async function roundTrips(port, count) {
  const socket = await connect(port);
  const message = Buffer.alloc(64, 1);
  const times = [];
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    const reply = new Promise((resolve) => {
      let got = 0;
      const onData = (d) => {
        got += d.length;
        if (got >= 64) {
          socket.off('data', onData);
          resolve();
        }
      };
      socket.on('data', onData);
    });
    socket.write(message);
    await reply;
    times.push(Number(process.hrtime.bigint() - started) / 1e3);
  }
  socket.destroy();
  return times;
}

/** Connect, one 64-byte round trip, close; sequentially: connections per second. */
async function connectionsPerSecond(port, count) {
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const socket = await connect(port);
    await new Promise((resolve) => {
      socket.once('data', resolve);
      socket.write(Buffer.alloc(64, 2));
    });
    socket.destroy();
  }
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function measure(label, sinkPort, echoPort, sizes) {
  const gbits = [];
  for (let i = 0; i < 3; i++) gbits.push(await throughput(sinkPort, sizes.bytes));
  await roundTrips(echoPort, 50); // warm up
  const rtt = await roundTrips(echoPort, sizes.roundTrips);
  const cps = await connectionsPerSecond(echoPort, sizes.connections);
  const result = { label, gbit: median(gbits), p50: percentile(rtt, 50), p99: percentile(rtt, 99), cps };
  console.log(`${label.padEnd(34)} ${result.gbit.toFixed(2).padStart(7)} Gbit/s   rtt p50 ${result.p50.toFixed(0).padStart(6)} µs  p99 ${result.p99.toFixed(0).padStart(6)} µs   ${result.cps.toFixed(0).padStart(6)} conn/s`);
  return result;
}

/** Forwards (in a child process, as in Berth) through the agent to each target port. */
async function forwarderProcess(agent, targets) {
  const child = spawn(process.execPath, ['test/bench/portfwd-child.mjs', bundle, String(agent.port), agent.secret.toString('hex'), ...targets.map(String)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the forwarder process exited with ${code}`)));
    child.stdout.once('data', (d) => resolve(d.toString()));
  });
  return { ports: JSON.parse(line).ports, stop: () => child.stdin.end() };
}

/** Local listeners that carry each connection to `targets` in the VM over one SSH connection (direct-tcpip). */
async function sshForwards(home, targets) {
  const { Client } = (await import('ssh2')).default;
  const { readFileSync } = await import('node:fs');
  const client = new Client();
  await new Promise((resolve, reject) => {
    client.once('ready', resolve).once('error', reject);
    client.connect({
      host: '127.0.0.1',
      port: Number(readFileSync(path.join(home, 'run', 'vm-default', 'ssh.port'), 'utf8')),
      username: 'root',
      privateKey: readFileSync(path.join(home, 'state', 'vms', 'default', 'id_ed25519')),
    });
  });
  client.on('error', (error) => console.error(`SSH: ${error.message}`));
  const servers = [];
  for (const target of targets) {
    // Half-open: the sink answers after the client's FIN.
    const server = net.createServer({ allowHalfOpen: true }, (socket) => {
      client.forwardOut('127.0.0.1', 0, '127.0.0.1', target, (error, stream) => {
        if (error) {
          console.error(`SSH forward to ${target} failed: ${error.message}`);
          return socket.destroy();
        }
        socket.pipe(stream).pipe(socket);
        socket.on('error', () => stream.destroy());
        stream.on('error', () => socket.destroy());
      });
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
  }
  return { ports: servers.map((s) => s.address().port), close: () => { for (const s of servers) s.close(); client.end(); } };
}

const hostSizes = { bytes: 1 << 30, roundTrips: 2000, connections: 1000 };
const sink = await hostServer('sink');
const echo = await hostServer('echo');
console.log(`port forwarder benchmark, ${os.cpus().length} CPUs, Node ${process.version}`);
const raw = await measure('(a) raw loopback', sink.port, echo.port, hostSizes);

const agent = await parts.startHostAgent();
const forwarder = await forwarderProcess(agent, [sink.port, echo.port]);
const plane = await measure('(b) forwarder data plane (host)', forwarder.ports[0], forwarder.ports[1], hostSizes);
forwarder.stop();
agent.stop();
console.log(`b/a throughput ${(plane.gbit / raw.gbit).toFixed(2)}; added latency p50 ${(plane.p50 - raw.p50).toFixed(0)} µs, p99 ${(plane.p99 - raw.p99).toFixed(0)} µs; conn/s ratio ${(plane.cps / raw.cps).toFixed(2)}`);
sink.close();
echo.close();

if (!process.argv.includes('--no-vm')) {
  const home = mkdtempSync(path.join(os.tmpdir(), 'berth-bench-vm-'));
  const { DOCKER_HOST: _native, ...inherited } = process.env;
  const env = { ...inherited, BERTH_HOME: home, DOCKER_CONFIG: path.join(home, 'docker-config') };
  const berth = (...args) => execFileSync(process.execPath, ['dist/cli.cjs', ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const docker = (...args) => execFileSync('docker', ['--context', 'berth', ...args], { env, encoding: 'utf8' });
  try {
    for (const [key, value] of [['cpus', '2'], ['memoryMiB', '2048'], ['diskGiB', '8'], ['backend', 'qemu']]) berth('settings', 'set', key, value);
    berth('start');
    const Dockerode = (await import('dockerode')).default;
    await parts.ensureBusyboxImage(new Dockerode({ socketPath: path.join(home, 'run', 'vm-default', 'docker.sock') }));
    // Each connection gets its own process in the container: a sink that answers "done" at EOF, and an echo.
    docker('run', '-d', '--name', 'sink', '-p', '19001:9001', 'berth-test/busybox', 'nc', '-ll', '-p', '9001', '-e', 'sh', '-c', 'cat >/dev/null; echo done');
    docker('run', '-d', '--name', 'echo', '-p', '19002:9002', 'berth-test/busybox', 'nc', '-ll', '-p', '9002', '-e', 'cat');
    for (let i = 0; i < 100 && !JSON.parse(berth('ports', '--json')).forwards.every((f) => f.state === 'forwarding'); i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 2_000)); // the servers in the containers start
    const vm = await measure('(c) end to end into the VM (TCG)', 19001, 19002, { bytes: 64 << 20, roundTrips: 300, connections: 50 });
    console.log(`c/a throughput ${(vm.gbit / raw.gbit).toFixed(3)}; added latency p50 ${(vm.p50 - raw.p50).toFixed(0)} µs (accelerator: ${JSON.parse(berth('status', '--json')).vm.accelerator})`);
    // The alternative we did not choose, measured on the same VM: SSH port forwarding (ssh2, as the Docker socket uses).
    const ssh = await sshForwards(home, [19001, 19002]);
    // Smaller sizes: SSH under TCG moves tens of Mbit/s.
    const viaSsh = await measure('(d) the same through SSH (ssh2)', ssh.ports[0], ssh.ports[1], { bytes: 8 << 20, roundTrips: 100, connections: 20 });
    console.log(`c/d throughput ${(vm.gbit / viaSsh.gbit).toFixed(2)}`);
    ssh.close();
  } finally {
    try {
      berth('stop');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }
}
