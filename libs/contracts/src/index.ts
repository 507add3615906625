export * from './envelope';
export * from './facts';
export * from './topics';
export * from './vocabulary';
