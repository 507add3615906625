import type { Type } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';

/** A class made at runtime (per kind); its properties are added by applying decorators. */
export type RuntimeClass = Type<object>;

/** Gives a generated class its schema/operation name (OpenAPI uses class names). */
export function named<T extends Type<unknown>>(name: string, cls: T): T {
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

/** Metadata fields of every stored record or return, added to the per-kind view schemas. */
export const META_PROPERTIES: Record<string, ApiPropertyOptions> = {
  id: { type: String, format: 'uuid', example: '0b8a2c1e-5d3f-4c55-9a53-0c2f7e1b9d11' },
  kind: { type: String, example: 'live-birth' },
  revision: { type: 'integer', example: 1, description: 'Starts at 1; each revision or withdrawal adds 1.' },
  status: { enum: ['active', 'withdrawn'], example: 'active' },
  withdrawnReason: { type: String, required: false, example: 'entered twice by mistake' },
  createdAt: { type: String, format: 'date-time', example: '2025-08-02T03:04:05.000Z' },
  updatedAt: { type: String, format: 'date-time', example: '2025-08-02T03:04:05.000Z' },
};

/** `<Name>View` extending the item class with the metadata, and `<Name>Page` of views. */
export function viewAndPage(baseName: string, Item: Type<unknown>, extra: Record<string, ApiPropertyOptions> = {}): { View: RuntimeClass; Page: RuntimeClass } {
  const View = named(`${baseName}View`, class extends (Item as RuntimeClass) {});
  for (const [prop, meta] of Object.entries({ ...META_PROPERTIES, ...extra })) ApiProperty(meta)(View.prototype, prop);
  const Page = named(`${baseName}Page`, class {});
  ApiProperty({ type: () => [View] })(Page.prototype, 'items');
  ApiProperty({ type: String, nullable: true, description: 'Cursor of the next page; null on the last page.', example: null })(Page.prototype, 'nextCursor');
  return { View, Page };
}
