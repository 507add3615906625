import type { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type as Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

/** How large a page of one list may be. */
export interface PageLimits {
  defaultLimit: number;
  maxLimit: number;
}

export interface CursorPageQuery {
  limit?: number;
  cursor?: string;
}

/**
 * The query of every list: `limit` items from the opaque `cursor` the previous page returned as `nextCursor`.
 * A class per list family: its limits (departmental lists page up to 1,000 rows, monitoring's up to 500) and a
 * cursor of its own kind as the example, so a client trying the example gets a page, not a 422.
 */
export function cursorPageQuery(limits: PageLimits, cursorExample: string): Type<CursorPageQuery> {
  class CursorPageQueryDto implements CursorPageQuery {
    @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: limits.maxLimit, default: limits.defaultLimit, description: 'Page size.' })
    @IsOptional()
    @Transform(() => Number)
    @IsInt()
    @Min(1)
    @Max(limits.maxLimit)
    limit?: number;

    @ApiPropertyOptional({ description: 'Opaque cursor from the previous page’s nextCursor.', example: cursorExample })
    @IsOptional()
    @IsString()
    @Length(1, 64)
    cursor?: string;
  }
  return CursorPageQueryDto;
}

/** Keeps (page - 1) × pageSize a valid SQL OFFSET (a page of 1e20 was a 500); far beyond any real catalogue. */
export const MAX_PAGE = 1_000_000;

export interface PageAliasQuery extends CursorPageQuery {
  page?: number;
  pageSize?: number;
}

/**
 * `page` and `pageSize`: monitoring's first convention, kept working for the clients written against it and
 * marked deprecated in OpenAPI. `page` stands for a cursor and `pageSize` for `limit`.
 */
export function withPageAliases(Base: Type<CursorPageQuery>, limits: PageLimits): Type<PageAliasQuery> {
  class PageAliasQueryDto extends Base implements PageAliasQuery {
    @ApiPropertyOptional({
      type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1, deprecated: true,
      description: 'Deprecated: follow nextCursor with cursor instead. Page number, from 1; not with cursor.',
    })
    @IsOptional()
    @Transform(() => Number)
    @IsInt()
    @Min(1)
    @Max(MAX_PAGE)
    page?: number;

    @ApiPropertyOptional({
      type: 'integer', minimum: 1, maximum: limits.maxLimit, default: limits.defaultLimit, deprecated: true,
      description: 'Deprecated: use limit. Items per page; not with limit.',
    })
    @IsOptional()
    @Transform(() => Number)
    @IsInt()
    @Min(1)
    @Max(limits.maxLimit)
    pageSize?: number;
  }
  return PageAliasQueryDto;
}

/** `nextCursor` of every page answer. */
export const NEXT_CURSOR_PROPERTY: ApiPropertyOptions = {
  type: String, nullable: true, description: 'Cursor of the next page; null on the last page.', example: null,
};

/** The page fields of a list that also counts its matches: `nextCursor`, `total` and the deprecated echo of `page` and `pageSize`. */
export class CountedPageDto {
  @ApiProperty({ example: 1, deprecated: true, description: 'Deprecated (use nextCursor): the page number this page would have under page/pageSize.' })
  page: number;

  @ApiProperty({ example: 50, deprecated: true, description: 'Deprecated: the limit this page was read with.' })
  pageSize: number;

  @ApiProperty({ example: 101, description: 'Items matching the filters, over all pages.' })
  total: number;

  @ApiProperty(NEXT_CURSOR_PROPERTY)
  nextCursor: string | null;
}
