export * from './errors';
export * from './dto';
export * from './settings';
export * from './methods';
export * from './events';
export * from './wire';
export * from './client';
export * from './stream-client';
