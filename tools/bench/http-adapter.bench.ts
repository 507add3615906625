import { Body, Controller, Get, INestApplication, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { createValidationPipe } from '@wdp/platform';
import autocannon from 'autocannon';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsString, Matches, Min, ValidateNested } from 'class-validator';
import type { BenchResult } from './bench-result';

// Nest on Express vs Nest on Fastify, same controller, same global validation pipe, same payloads:
// a small GET and a validated 100-item batch POST like the departmental APIs take.

class ItemDto {
  @Matches(/^\d{12}$/) area: string;
  @Matches(/^\d{4}-\d{2}$/) period: string;
  @IsIn(['F', 'M']) sex: string;
  @IsString() ageBand: string;
  @IsInt() @Min(0) count: number;
}

class BatchDto {
  @ValidateNested({ each: true })
  @Type(() => ItemDto)
  @ArrayMaxSize(10_000)
  items: ItemDto[];
}

@Controller()
class BenchController {
  @Get('ping') ping() {
    return { ok: true };
  }

  @Post('batch') batch(@Body() body: BatchDto) {
    return { accepted: body.items.length };
  }
}

@Module({ controllers: [BenchController] })
class BenchModule {}

const BATCH = JSON.stringify({
  items: Array.from({ length: 100 }, (_, i) => ({ area: '520103001001', period: '2024-05', sex: i % 2 ? 'F' : 'M', ageBand: '30-34', count: 1 })),
});

async function measure(url: string, method: 'GET' | 'POST', body?: string) {
  const r = await autocannon({
    url,
    method,
    body,
    headers: body ? { 'content-type': 'application/json' } : {},
    connections: 32,
    duration: Number(process.env.BENCH_SECONDS ?? 5),
  });
  return { rps: Math.round(r.requests.average), p99ms: r.latency.p99, non2xx: r.non2xx };
}

async function boot(kind: 'express' | 'fastify'): Promise<INestApplication> {
  const app = await NestFactory.create(BenchModule, kind === 'express' ? new ExpressAdapter() : new FastifyAdapter({ bodyLimit: 32 << 20 }), { logger: false });
  app.useGlobalPipes(createValidationPipe());
  await app.listen(0, '127.0.0.1');
  return app;
}

export async function run(): Promise<BenchResult> {
  const rows: Record<string, string | number>[] = [];
  const figures: Record<string, number> = {};
  for (const kind of ['express', 'fastify'] as const) {
    const app = await boot(kind);
    const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const get = await measure(`${base}/ping`, 'GET');
    const post = await measure(`${base}/batch`, 'POST', BATCH);
    await app.close();
    if (get.non2xx || post.non2xx) throw new Error(`${kind}: unexpected non-2xx answers`);
    rows.push({ adapter: kind, 'GET req/s': get.rps, 'GET p99 ms': get.p99ms, 'POST 100 items req/s': post.rps, 'POST p99 ms': post.p99ms });
    figures[`http_${kind}_get_rps`] = get.rps;
    figures[`http_${kind}_post100_rps`] = post.rps;
  }
  figures.http_fastify_over_express_get = +(figures.http_fastify_get_rps / figures.http_express_get_rps).toFixed(2);
  figures.http_fastify_over_express_post100 = +(figures.http_fastify_post100_rps / figures.http_express_post100_rps).toFixed(2);
  return { title: 'HTTP adapter: Nest on Express vs Fastify (32 connections)', rows, figures };
}
