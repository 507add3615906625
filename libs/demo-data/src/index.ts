// The demo data set, pure and seeded: the loader (tools/demo-data), the benchmarks and the dashboard's browser test
// all take it from here, so a test never reaches into tools/.
export * from './dataset';
export * from './district';
export * from './generate';
export * from './generator';
export * from './prng';
export * from './scenarios';
