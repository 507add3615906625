import { validateEnvOrExit } from '@wdp/config';
import { runService } from '@wdp/platform';
import { AppModule } from './app.module';
import { RightsProtectionServiceConfig } from './config';
import { SERVICE_INFO } from './service-info';

const config = validateEnvOrExit(RightsProtectionServiceConfig);
void runService(AppModule.forRoot(config), SERVICE_INFO, config);
