import { validateEnvOrExit } from '@wdp/config';
import { runService } from '@wdp/platform';
import { AppModule } from './app.module';
import { HealthServiceConfig } from './config';
import { SERVICE_INFO } from './service-info';

const config = validateEnvOrExit(HealthServiceConfig);
void runService(AppModule.forRoot(config), SERVICE_INFO, config);
