export * from './cursor';
export * from './offset-paging';
export * from './page-query';
