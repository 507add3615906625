import { validateEnvOrExit } from '@wdp/config';
import { runService } from '@wdp/platform';
import { AppModule } from './app.module';
import { EducationServiceConfig } from './config';
import { SERVICE_INFO } from './service-info';

const config = validateEnvOrExit(EducationServiceConfig);
void runService(AppModule.forRoot(config), SERVICE_INFO, config);
