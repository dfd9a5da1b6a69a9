import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@inclusion/platform';
import { SUPERVISOR_PAGE } from './supervisor-page';

/** Serves the supervisors' page (public: the page holds no data; every call it makes carries the user's token). */
@ApiExcludeController()
@Controller('supervisor')
export class SupervisorPageController {
  @Get()
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @Header('content-security-policy', "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'")
  page(): string {
    return SUPERVISOR_PAGE;
  }
}
