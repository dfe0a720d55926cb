// What test/bench/portfwd.mjs needs from the TypeScript sources, bundled on the fly.
export { AgentDialer } from '../../main/core/ports/dialer';
export { TcpForward } from '../../main/core/ports/tcp-forward';
export { ensureBusyboxImage } from '../fixtures/busybox-image';
export { freePort, startHostAgent } from '../fixtures/port-agent';
