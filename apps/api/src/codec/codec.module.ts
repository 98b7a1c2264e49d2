import { RequestMethod, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { TemporalClientModule } from '@comity/temporal';
import { CodecController } from './codec.controller';
import { codecCookieAuth } from './codec-session';

// The codec endpoint for the Temporal UI's and CLI's remote codec setting (see the README).
@Module({ imports: [TemporalClientModule], controllers: [CodecController] })
export class CodecModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(codecCookieAuth())
      .forRoutes(
        { path: 'codec/decode', method: RequestMethod.POST },
        { path: 'codec/encode', method: RequestMethod.POST },
      );
  }
}
