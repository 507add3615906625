export * from './approval';
export * from './envelope';
export * from './facts';
export * from './ids';
export * from './topics';
export * from './vocabulary';
