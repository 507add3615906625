import { Controller, Get, Header, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type DashboardAsset, loadDashboardAssets } from './dashboard-assets';
import { DashboardReference, DashboardReferenceService } from './dashboard-reference.service';

/**
 * Scripts and styles only from this service; ECharts writes inline styles into its tooltips, so styles
 * may be inline. Data comes from the same origin's API.
 */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The monitoring dashboard: a static page that reads the public API with the user's own key. The page and
 * the reference lists (domains, areas) hold no statistics, so they are served without a key.
 */
@ApiExcludeController()
@Controller('dashboard')
export class DashboardController {
  private readonly assets = loadDashboardAssets();

  constructor(private readonly reference: DashboardReferenceService) {}

  @Get()
  page(@Res() reply: FastifyReply): void {
    this.send(reply, this.assets.get('index.html')!, 'no-cache');
  }

  @Get('reference.json')
  @Header('Cache-Control', 'no-cache')
  referenceData(): DashboardReference {
    return this.reference.reference();
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() reply: FastifyReply): void {
    const asset = file === 'index.html' ? undefined : this.assets.get(file);
    if (!asset) throw new NotFoundException(`No dashboard asset ${file}.`);
    this.send(reply, asset, 'no-cache');
  }

  @Get('vendor/:file')
  vendor(@Param('file') file: string, @Res() reply: FastifyReply): void {
    const asset = this.assets.get(`vendor/${file}`);
    if (!asset) throw new NotFoundException(`No vendor file ${file}.`);
    this.send(reply, asset, 'public, max-age=86400');
  }

  private send(reply: FastifyReply, asset: DashboardAsset, cacheControl: string): void {
    void reply
      .header('Content-Type', asset.contentType)
      .header('Cache-Control', cacheControl)
      .header('Content-Security-Policy', CSP)
      .header('X-Content-Type-Options', 'nosniff')
      .header('Referrer-Policy', 'no-referrer')
      .send(asset.body);
  }
}
