import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Client, Connection } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { payloadConfig, temporalConfig, type PayloadConfig, type TemporalConfig } from '@comity/config';
import { AesGcmPayloadCodec } from './payload-codec';
import { withEncodedFailures } from './data-converter';

/** A connection without the client's retry interceptor, for health probes that must answer fast. */
export class TemporalProbe {
  constructor(readonly connection: Connection) {}
}

@Injectable()
class ConnectionCloser implements OnApplicationShutdown {
  constructor(
    @Inject(Connection) private readonly connection: Connection,
    private readonly probe: TemporalProbe,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.connection.close(), this.probe.connection.close()]);
  }
}

// Provides the Temporal Client. Connection.lazy() lets the app boot while Temporal is down;
// /health reports it and calls fail until it is back. Payloads are encrypted by the payload codec
// (keys from PAYLOAD_KEYS, validated at boot), which the codec endpoint also uses.
@Module({
  imports: [ConfigModule.forFeature(temporalConfig), ConfigModule.forFeature(payloadConfig)],
  providers: [
    {
      provide: AesGcmPayloadCodec,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => new AesGcmPayloadCodec(config.getOrThrow<PayloadConfig>('payload').keys),
    },
    {
      provide: Connection,
      inject: [ConfigService],
      useFactory: (config: ConfigService) =>
        Connection.lazy({ address: config.getOrThrow<TemporalConfig>('temporal').address }),
    },
    {
      provide: Client,
      inject: [Connection, ConfigService, AesGcmPayloadCodec],
      useFactory: (connection: Connection, config: ConfigService, codec: AesGcmPayloadCodec) =>
        new Client({
          connection,
          namespace: config.getOrThrow<TemporalConfig>('temporal').namespace,
          dataConverter: withEncodedFailures({ payloadCodecs: [codec] }),
          // Starts, Updates and signals carry the caller's trace context to the workflow (spans
          // recorded only when the process traces; see libs/observability tracing.ts).
          interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] },
        }),
    },
    {
      provide: TemporalProbe,
      inject: [ConfigService],
      // No retry interceptor: a retry timer left behind by an unanswered probe would outlive it.
      useFactory: (config: ConfigService) =>
        new TemporalProbe(
          Connection.lazy({ address: config.getOrThrow<TemporalConfig>('temporal').address, interceptors: [] }),
        ),
    },
    ConnectionCloser,
  ],
  exports: [Client, Connection, TemporalProbe, AesGcmPayloadCodec],
})
export class TemporalClientModule {}
