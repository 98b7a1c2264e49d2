import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { notificationsConfig, type NotificationsConfig } from '@comity/config';
import { TemporalClientModule } from '@comity/temporal';
import { DeliveryStarter } from './delivery-starter';
import { NotificationOutbox } from './notification-outbox';

@Module({
  imports: [ConfigModule.forFeature(notificationsConfig), TemporalClientModule],
  providers: [
    DeliveryStarter,
    {
      provide: NotificationOutbox,
      inject: [DeliveryStarter, ConfigService],
      useFactory: (starter: DeliveryStarter, config: ConfigService) =>
        new NotificationOutbox(starter, config.getOrThrow<NotificationsConfig>('notifications').smtpUrl !== null),
    },
  ],
  exports: [DeliveryStarter, NotificationOutbox, ConfigModule],
})
export class NotificationsCoreModule {}
