import { Module } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { JwtModule } from '@nestjs/jwt';
import { AuditModule } from '@comity/audit';
import { authConfig, type AuthConfig } from '@comity/config';
import { AuthGuard } from './auth.guard';
import { AuthSettings } from './auth-settings';
import { Authenticator } from './authenticator';
import { OidcVerifier } from './oidc-verifier';
import { PasswordHasher } from './password-hasher';
import { RolesGuard } from './roles.guard';

// Authentication building blocks. The api registers AuthGuard and RolesGuard as APP_GUARDs
// (apps/api/src/auth/auth.module.ts). Needs PersistenceModule in scope.
@Module({
  imports: [
    ConfigModule.forFeature(authConfig),
    // The HS256 key as a KeyObject built once: given a string, jsonwebtoken first tries to parse
    // it as a PEM public key on every call (about 2 ms of failed parsing per request).
    JwtModule.registerAsync({
      imports: [ConfigModule.forFeature(authConfig)],
      inject: [ConfigService],
      useFactory: (c: ConfigService) => {
        const key = createSecretKey(Buffer.from(c.getOrThrow<AuthConfig>('auth').jwtSecret, 'utf8'));
        return { secretOrKeyProvider: () => key };
      },
    }),
    AuditModule,
  ],
  providers: [
    {
      provide: AuthSettings,
      inject: [ConfigService],
      useFactory: (c: ConfigService) => c.getOrThrow<AuthConfig>('auth'),
    },
    PasswordHasher,
    OidcVerifier,
    Authenticator,
    AuthGuard,
    RolesGuard,
  ],
  exports: [AuthSettings, PasswordHasher, Authenticator, AuthGuard, RolesGuard, JwtModule, AuditModule],
})
export class AuthCoreModule {}
