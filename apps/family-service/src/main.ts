import { validateEnvOrExit } from '@wdp/config';
import { runService } from '@wdp/platform';
import { AppModule } from './app.module';
import { FamilyServiceConfig } from './config';
import { SERVICE_INFO } from './service-info';

const config = validateEnvOrExit(FamilyServiceConfig);
void runService(AppModule.forRoot(config), SERVICE_INFO, config);
