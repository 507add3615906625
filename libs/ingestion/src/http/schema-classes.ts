import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';

/** Gives a generated class its schema/operation name (OpenAPI uses class names). */
export function named(name: string, cls: Function): any {
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
export function viewAndPage(baseName: string, Item: Function, extra: Record<string, ApiPropertyOptions> = {}): { View: any; Page: any } {
  const View = named(`${baseName}View`, class extends (Item as any) {});
  for (const [prop, meta] of Object.entries({ ...META_PROPERTIES, ...extra })) ApiProperty(meta)(View.prototype, prop);
  const Page = named(`${baseName}Page`, class {});
  ApiProperty({ type: () => [View] })(Page.prototype, 'items');
  ApiProperty({ type: String, nullable: true, description: 'Cursor of the next page; null on the last page.', example: null })(Page.prototype, 'nextCursor');
  return { View, Page };
}
