import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Client, Connection } from '@temporalio/client';
import { temporalConfig, type TemporalConfig } from '@comity/config';

@Injectable()
class ConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(Connection) private readonly connection: Connection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

// Provides the Temporal Client. Connection.lazy() lets the app boot while Temporal is down;
// /health reports it and calls fail until it is back.
@Module({
  imports: [ConfigModule.forFeature(temporalConfig)],
  providers: [
    {
      provide: Connection,
      inject: [ConfigService],
      useFactory: (config: ConfigService) =>
        Connection.lazy({ address: config.getOrThrow<TemporalConfig>('temporal').address }),
    },
    {
      provide: Client,
      inject: [Connection, ConfigService],
      useFactory: (connection: Connection, config: ConfigService) =>
        new Client({ connection, namespace: config.getOrThrow<TemporalConfig>('temporal').namespace }),
    },
    ConnectionCloser,
  ],
  exports: [Client, Connection],
})
export class TemporalClientModule {}
