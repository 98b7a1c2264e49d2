import { Global, Module, type ExecutionContext } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuditModule } from '@comity/audit';
import { AuthCoreModule, AuthGuard, LOGIN_RATE_LIMIT_KEY, RolesGuard } from '@comity/auth';
import type { ApiConfig } from '@comity/config';
import { AuthController } from './auth.controller';
import { CaseAccessService } from './case-access.service';
import { FAILED_LOGIN_LIMITS, FailedLoginLimiter, failedLoginLimits } from './failed-login-limiter';
import { LoginService } from './login.service';
import { RateLimitGuard } from './rate-limit.guard';
import { SessionService } from './session.service';

const MINUTE_MS = 60_000;

// Global so feature modules (cases, admin, audit) can inject CaseAccessService, AuditLog and the
// session service without importing this module. Guard order: rate limit, authentication, roles.
// Failed logins are also limited per account (FailedLoginLimiter, in LoginService).
@Global()
@Module({
  imports: [
    AuthCoreModule,
    AuditModule,
    ThrottlerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => {
        const api = config.getOrThrow<ApiConfig>('api');
        const reflector = new Reflector();
        return {
          // In-memory counters per client address, across all routes (not per route, the
          // default). With several api instances, put a shared store here or limit at the proxy.
          // No X-RateLimit-* headers; a refusal carries the standard Retry-After (RateLimitGuard).
          setHeaders: false,
          generateKey: (_ctx: ExecutionContext, tracker: string, throttler: string) =>
            `${throttler}:${tracker}`,
          throttlers: [
            { name: 'api', ttl: MINUTE_MS, limit: api.rateLimitPerMinute },
            {
              name: 'login',
              ttl: MINUTE_MS,
              limit: api.loginRateLimitPerMinute,
              skipIf: (ctx) => !reflector.get<boolean>(LOGIN_RATE_LIMIT_KEY, ctx.getHandler()),
            },
          ],
        };
      },
    }),
  ],
  controllers: [AuthController],
  providers: [
    LoginService,
    SessionService,
    CaseAccessService,
    FailedLoginLimiter,
    {
      provide: FAILED_LOGIN_LIMITS,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => failedLoginLimits(config.getOrThrow<ApiConfig>('api')),
    },
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_GUARD, useExisting: AuthGuard },
    { provide: APP_GUARD, useExisting: RolesGuard },
  ],
  exports: [AuthCoreModule, AuditModule, CaseAccessService, SessionService, FailedLoginLimiter],
})
export class AuthModule {}
