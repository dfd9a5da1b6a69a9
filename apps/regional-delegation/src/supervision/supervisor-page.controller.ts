import { createHash } from 'node:crypto';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@inclusion/access';
import { SUPERVISOR_PAGE } from './supervisor-page';

/** The page's one inline script and style, allowed by their hashes: no other script can run in it. */
const hashOf = (tag: 'script' | 'style') => {
  const body = SUPERVISOR_PAGE.split(`<${tag}>`)[1].split(`</${tag}>`)[0];
  return `'sha256-${createHash('sha256').update(body).digest('base64')}'`;
};
const CONTENT_SECURITY_POLICY = `default-src 'none'; script-src ${hashOf('script')}; style-src ${hashOf('style')}; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

/** Serves the supervisors' page (public: the page holds no data; every call it makes carries the user's token). */
@ApiExcludeController()
@Controller('supervisor')
export class SupervisorPageController {
  @Get()
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @Header('content-security-policy', CONTENT_SECURITY_POLICY)
  @Header('referrer-policy', 'no-referrer')
  page(): string {
    return SUPERVISOR_PAGE;
  }
}
