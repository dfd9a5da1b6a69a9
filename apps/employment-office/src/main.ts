import 'reflect-metadata';
import { bootstrapService } from '@inclusion/service-shell';
import { EmploymentOfficeModule, SERVICE_NAME, SERVICE_TITLE } from './app.module';

void bootstrapService(SERVICE_NAME, SERVICE_TITLE, (config) => EmploymentOfficeModule.forConfig(config));
