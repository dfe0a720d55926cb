// What the UI benchmarks (logs.mjs, list.mjs) need from the TypeScript sources, bundled on the fly.
export { dockerOptionsFromHost } from '../../main/core/docker/connection';
export { ensureBusyboxImage } from '../fixtures/busybox-image';
export { ensureDockerEngine } from '../fixtures/dockerd-harness';
