import { Controller, Get, Type } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RecordKindSpec } from './records/record-kind';
import type { ReturnKindSpec } from './returns/return-kind';

/** GET /v1/kinds: what this service accepts and where (public; no data). */
export function createKindsController(department: string, records: RecordKindSpec[], returns: ReturnKindSpec[]): Type<unknown> {
  const catalogue = {
    department,
    records: records.map((s) => ({ kind: s.kind, title: s.title, description: s.description, path: `/v1/records/${s.kind}`, example: s.example })),
    returns: returns.map((s) => ({ kind: s.kind, title: s.title, description: s.description, unit: s.unit, path: `/v1/returns/${s.kind}`, example: s.example })),
  };

  @ApiTags('kinds')
  @Controller('v1/kinds')
  class KindsController {
    @Get()
    @ApiOperation({ summary: 'Record and return kinds this service accepts, with their paths and an example each (no key needed)' })
    @ApiOkResponse({ description: 'The catalogue of kinds.', example: catalogue })
    list() {
      return catalogue;
    }
  }
  return KindsController;
}
