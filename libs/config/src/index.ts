// Decorator metadata is only recorded when reflect-metadata is loaded before the decorated classes.
import 'reflect-metadata';

export * from './service-config';
export * from './tracing-config';
export * from './validate-env';
