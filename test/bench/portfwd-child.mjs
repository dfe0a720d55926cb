// The forwarder's side of test/bench/portfwd.mjs, in its own process as in
// Berth (where the forwarder lives in the main process, not in the client):
//   node portfwd-child.mjs BUNDLE AGENT_PORT SECRET_HEX TARGET_PORT...
// prints {"ports": [...]} (one forward per target), exits when stdin closes.
import { createRequire } from 'node:module';

const [bundle, agentPort, secretHex, ...targets] = process.argv.slice(2);
const parts = createRequire(import.meta.url)(bundle);
const dialer = new parts.AgentDialer(Number(agentPort), Buffer.from(secretHex, 'hex'));
const ports = [];
for (const target of targets) {
  const port = await parts.freePort();
  const forward = new parts.TcpForward(port, { protocol: 'tcp', family: 4, port: Number(target) }, dialer);
  const bound = await forward.bind('127.0.0.1');
  if (!bound.ok) throw new Error(bound.message);
  ports.push(port);
}
console.log(JSON.stringify({ ports }));
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
