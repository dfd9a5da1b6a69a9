import 'reflect-metadata';
import { bootstrapService } from '@inclusion/service-shell';
import { RegionalDelegationModule, SERVICE_NAME, SERVICE_TITLE } from './app.module';

void bootstrapService(SERVICE_NAME, SERVICE_TITLE, (config) => RegionalDelegationModule.forConfig(config));
