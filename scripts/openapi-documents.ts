import 'reflect-metadata';
import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { OpenAPIObject } from '@nestjs/swagger';
import { loadServiceConfig, ResolvedServiceConfig } from '@inclusion/config';
import { buildOpenApiDocument, createHttpAdapter } from '@inclusion/service-shell';
import * as employmentOffice from '../apps/employment-office/src/app.module';
import * as insertionCompany from '../apps/insertion-company/src/app.module';
import * as regionalDelegation from '../apps/regional-delegation/src/app.module';
import * as socialServices from '../apps/social-services/src/app.module';

/** The four services: name, title and module, as their main.ts boots them. */
export const OPENAPI_SERVICES: { name: string; title: string; moduleFor: (config: ResolvedServiceConfig) => DynamicModule }[] = [
  { name: socialServices.SERVICE_NAME, title: socialServices.SERVICE_TITLE, moduleFor: (c) => socialServices.SocialServicesModule.forConfig(c) },
  { name: employmentOffice.SERVICE_NAME, title: employmentOffice.SERVICE_TITLE, moduleFor: (c) => employmentOffice.EmploymentOfficeModule.forConfig(c) },
  { name: insertionCompany.SERVICE_NAME, title: insertionCompany.SERVICE_TITLE, moduleFor: (c) => insertionCompany.InsertionCompanyModule.forConfig(c) },
  { name: regionalDelegation.SERVICE_NAME, title: regionalDelegation.SERVICE_TITLE, moduleFor: (c) => regionalDelegation.RegionalDelegationModule.forConfig(c) },
];

/** A configuration that is never connected to: the document needs the modules, not their connections. */
const offlineConfig = (serviceName: string) =>
  loadServiceConfig(serviceName, {
    PORT: '1',
    DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    KAFKA_BROKERS: '127.0.0.1:1',
    INSTITUTIONS_JSON: '[]',
    EVENT_SIGNING_KEYS_JSON: '[]',
  });

/**
 * The OpenAPI document of one service exactly as it serves it at /docs/json, built without
 * I/O: Nest's preview mode scans modules and controllers without instantiating providers
 * (no database, no broker).
 */
export async function openApiDocumentOf(serviceName: string): Promise<OpenAPIObject> {
  const service = OPENAPI_SERVICES.find((s) => s.name === serviceName);
  if (!service) throw new Error(`no service ${serviceName}`);
  const app = await NestFactory.create(service.moduleFor(offlineConfig(serviceName)), createHttpAdapter(), { preview: true, logger: false, abortOnError: false });
  try {
    return buildOpenApiDocument(app, serviceName, service.title);
  } finally {
    await app.close();
  }
}

/** The document as written to docs/openapi/<service>.json. */
export const renderOpenApiJson = (document: OpenAPIObject) => `${JSON.stringify(document, null, 2)}\n`;
