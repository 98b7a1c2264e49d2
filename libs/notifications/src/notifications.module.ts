import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { notificationsConfig, payloadConfig, type NotificationsConfig, type PayloadConfig } from '@comity/config';
import { TemporalClientModule } from '@comity/temporal';
import { DeliveryStarter } from './delivery-starter';
import { NotificationOutbox } from './notification-outbox';
import { WebhookSecrets } from './webhook-secrets';

@Module({
  imports: [ConfigModule.forFeature(notificationsConfig), ConfigModule.forFeature(payloadConfig), TemporalClientModule],
  providers: [
    DeliveryStarter,
    {
      provide: NotificationOutbox,
      inject: [DeliveryStarter, ConfigService],
      useFactory: (starter: DeliveryStarter, config: ConfigService) =>
        new NotificationOutbox(starter, config.getOrThrow<NotificationsConfig>('notifications').smtpUrl !== null),
    },
    {
      provide: WebhookSecrets,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => new WebhookSecrets(config.getOrThrow<PayloadConfig>('payload').keys),
    },
  ],
  exports: [DeliveryStarter, NotificationOutbox, WebhookSecrets, ConfigModule],
})
export class NotificationsCoreModule {}
