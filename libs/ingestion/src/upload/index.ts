export * from './columns';
export * from './formula-safety';
export * from './row-mapping';
export * from './spreadsheet';
export * from './templates';
export * from './upload-content-types';
export * from './upload-controller.factory';
export * from './upload.service';
