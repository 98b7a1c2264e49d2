import { Module } from '@nestjs/common';
import { TemporalClientModule } from '@comity/temporal';
import { HealthController } from './health.controller';

@Module({ imports: [TemporalClientModule], controllers: [HealthController] })
export class HealthModule {}
